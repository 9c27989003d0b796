"""`dmlog import`'s review queue: lines that may be records, shown and accepted, never lost."""

from __future__ import annotations

from pathlib import Path

from dmlog.importer import scorer
from dmlog.log.sources import load_log
from helpers import empty_log, import_plan, invoke

# Lines the rules do not read, of the kinds the scorer rates between its two bars (a
# result nested under its subject, an objection-free remark), and one a rule reads: a
# pronoun for an owner.
MINUTES = """\
# Steering call, 2024-03-05

Present: Ana Lima, Bo Chen, Carla Diaz

## Topics

- Mirror funding
    - Stage 3.
- Vote on the travel policy: 4 in favour, 1 against
- Carla: no objections to the new label scheme
- Bo is looking at the flaky tests, he will report next week
- Carla said the wiki needs a cleanup
- The branch date moves to April 2 (agreed)
"""
ARGS = ["--date", "2024-03-05", "--title", "Steering call"]


def _plan(site: Path, minutes: Path, *extra: str) -> dict:
    return import_plan(site, minutes, *ARGS, *extra)


def test_possible_records_are_queued_shown_on_the_page_and_accepted(tmp_path: Path) -> None:
    site = empty_log(tmp_path / "site")
    minutes = tmp_path / "steering.md"
    minutes.write_text(MINUTES, encoding="utf-8")
    model = scorer.load_model()

    plan = _plan(site, minutes)
    queued = plan["review"]
    assert queued, plan
    for entry in queued:  # line, kind, score and why, below the bar to write
        assert entry["kind"] in ("decision", "action") and entry["why"]
        assert model.queue <= entry["score"] < model.write or "rule" in entry["why"], entry
        assert entry["line"] not in {n for r in plan["records"] for n in r["lines"]}
    # a bare result below the bar is queued; accepted, it keeps its subject (the item it
    # is nested under)
    first = next(entry for entry in queued if entry["line"] == 8)
    assert first["kind"] == "decision", queued

    code, output = invoke(site, "import", str(minutes), *ARGS, "--dry-run")
    assert code == 0 and f"steering.md:{first['line']}: possible {first['kind']}" in output, output

    code, output = invoke(site, "import", str(minutes), *ARGS, "--accept", str(first["line"]))
    assert code == 0, output
    written = [r for r in load_log(site).records if r.type == first["kind"]
               and str(first["line"]) in r.get("lines").replace("-", ",").replace(" ", "").split(",")]
    assert len(written) == 1, output
    assert (written[0].title, written[0].get("lines")) == ("Mirror funding: Stage 3", "7-8")
    page = next(p for p in site.rglob("2024-03-05-steering-call.md") if "meetings" in p.parts)
    text = page.read_text(encoding="utf-8")
    # the others stay marked on the meeting's page (but the subject line the record took)
    for entry in (e for e in queued if e["line"] not in (7, 8)):
        assert f"possible {entry['kind']}" in text and f"--accept {entry['line']}" in text, text
    assert f"--accept {first['line']}" not in text


def test_accepting_a_line_with_nothing_queued_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    site = empty_log(tmp_path / "site")
    minutes = tmp_path / "steering.md"
    minutes.write_text(MINUTES, encoding="utf-8")
    before = sorted(p for p in site.rglob("*") if p.is_file())
    code, output = invoke(site, "import", str(minutes), *ARGS, "--accept", "3")
    assert code == 1 and "steering.md:3" in output and "--accept" in output, output
    code, output = invoke(site, "import", str(minutes), *ARGS, "--accept", "two")
    assert code != 0 and "--accept 'two'" in output, output
    assert sorted(p for p in site.rglob("*") if p.is_file() and p.name != ".dmlog.lock") == \
        [p for p in before if p.name != ".dmlog.lock"]
