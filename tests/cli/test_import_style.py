"""A team teaches `dmlog import` its style in docs/registry/import.yaml, without code."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import empty_log, import_plan, invoke

STYLE = """\
decision-markers:
  - name: ruling
    words: [Ruling, Board ruling]
action-markers:
  - name: arrow
    words: ["=>"]
owner-forms:
  - name: owner-in-brackets
    form: "{task} [{owner}]"
sections:
  actions: [Homework]
"""
MINUTES = """\
Board call

Present: Ana Lima, Bo Chen

Mirror
- Ruling: the old mirror stays until June
- => Bo Chen: send the invoice to the host
- Renew the certificate [Ana Lima]

Homework
- Bo Chen review the budget table
"""


def _plan(site: Path, minutes: Path) -> dict:
    return import_plan(site, minutes, "--date", "2024-03-05", "--title", "Board call", "--allow-empty")


def test_the_style_file_adds_markers_owner_forms_and_sections_by_name(tmp_path: Path) -> None:
    site = empty_log(tmp_path / "site")
    minutes = tmp_path / "board.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    without = {r["lines"][0]: r for r in _plan(site, minutes)["records"]}

    (site / "docs/registry/import.yaml").write_text(STYLE, encoding="utf-8")
    plan = _plan(site, minutes)
    assert [r["rule"] for r in plan["style"]] == ["style:ruling", "style:arrow", "style:owner-in-brackets"]
    found = {r["lines"][0]: r for r in plan["records"]}
    assert found[6]["type"] == "decision" and found[6]["rule"] == "style:ruling"
    assert found[6]["title"] == "The old mirror stays until June"
    assert found[7]["rule"].startswith("style:arrow") and found[7]["owners_as_written"] == ["Bo Chen"]
    assert found[8]["rule"] == "style:owner-in-brackets" and found[8]["owners_as_written"] == ["Ana Lima"]
    assert found[8]["title"] == "Renew the certificate"
    assert found[11]["rule"].startswith("section:") and found[11]["owners_as_written"] == ["Bo Chen"]
    for line in (6, 7, 8, 11):  # none of them read so without the file
        assert line not in without or not without[line]["rule"].startswith(("style:", "section:"))


@pytest.mark.parametrize(("style", "line", "message"), [
    ("decision-markers:\n  - name: ruling\n    words: [Ruling]\nactions: []\n", 4, "unknown key 'actions'"),
    ("owner-forms:\n  - name: bad\n    form: 'Action {owner}'\n", 3, "must hold {owner} once"),
    ("sections:\n  homework: [Homework]\n", 2, "unknown role 'homework'"),
    ("action-markers:\n  - name: a\n    words: [x]\n  - name: a\n    words: [y]\n", 4, "named twice"),
    ("action-markers:\n  - name: Arrow!\n    words: [x]\n", 2, "lower-case letters"),
    ("action-markers:\n  - words: [x]\n", 2, "no 'name'"),
    ("decision-markers:\n  - name: r\n    words: [Ruling]\n    regex: '.*'\n", 4,
     "unknown field 'regex'"),
])
def test_a_mistake_in_the_style_file_names_its_line_and_writes_nothing(
        tmp_path: Path, style: str, line: int, message: str) -> None:
    site = empty_log(tmp_path / "site")
    (site / "docs/registry/import.yaml").write_text(style, encoding="utf-8")
    minutes = tmp_path / "board.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    before = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    code, output = invoke(site, "import", str(minutes), "--date", "2024-03-05", "--title", "Board call")
    assert code == 1 and f"docs/registry/import.yaml:{line}:" in output and message in output, output
    assert "Traceback" not in output
    after = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.name != ".dmlog.lock")
    assert after == [p for p in before if p.name != ".dmlog.lock"]
