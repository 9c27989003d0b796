"""Parity: what `dmlog import` writes from every corpus file passes `dmlog check` and
builds with no warning, once the names the importer reported are in the registry.

All corpus files are imported into one site and built once (builds are slow). The
people the importer could not resolve are added to the people registry before the real
import, in one edit of people.yaml per round as a reviewer would make it (`dmlog new
person` adding them one by one would read the whole log 240 times; it has its own
tests); actions the minutes give no owner are then assigned by hand.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import yaml
from click.testing import CliRunner

from dmlog.cli import main
from helpers import PROJECT, sphinx_build

CORPUS = PROJECT / "tests" / "corpus" / "minutes"


def dmlog(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(site)])
    return result.exit_code, result.output


def person_id(name: str, taken: set[str]) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = "p-" + (re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def add_people(site: Path, people: dict[str, str]) -> None:
    """Add people (ID: name) to the site's people registry, in one write."""
    path = site / "docs" / "registry" / "people.yaml"
    registry = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry["people"].update({person: {"name": name} for person, name in people.items()})
    path.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_corpus_file_imports_to_a_log_that_checks_and_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(PROJECT / "conf.py", site / "conf.py")
    shutil.copytree(PROJECT / "docs", site / "docs",
                    ignore=shutil.ignore_patterns("people", "milestones", "documents", "2019"))
    corpus = []
    for labels in sorted(CORPUS.glob("*.labels.yaml")):
        data = yaml.safe_load(labels.read_text(encoding="utf-8"))
        corpus.append((CORPUS / data["minutes"], str(data["date"])))
    taken: set[str] = set()
    added: set[str] = set()
    planned = 0
    assert dmlog(site, "new", "person", "nobody-yet", "--name", "Owner to be assigned")[0] == 0
    for _ in range(3):  # a person added can change what the line scorer reads: plan again
        names: set[str] = set()
        for minutes, date in corpus:
            code, output = dmlog(site, "import", str(minutes), "--date", date, "--title", minutes.stem,
                                 "--slug", minutes.stem, "--dry-run", "--format", "json")
            assert code == 0, output
            names |= {u["name"] for u in json.loads(output)["unresolved"] if u["name"] != "unassigned"}
        new = {name.lower(): name for name in names if name.lower() not in added}  # "ALL" and "All": one
        add_people(site, {person_id(name, taken): name for name in sorted(new.values())})
        added |= set(new)
        if not new:
            break

    for minutes, date in corpus:
        code, output = dmlog(site, "import", str(minutes), "--date", date, "--title", minutes.stem,
                             "--slug", minutes.stem)
        assert code == 0, output
        assert "cannot resolve the name" not in output, output  # all in the registry now
        counts = re.search(r": (\d+) decisions, (\d+) actions from ", output)
        assert counts, output
        planned += int(counts[1]) + int(counts[2])
    for path in (site / "actions").rglob("*.md"):  # the reviewer assigns what nobody owned
        path.write_text(path.read_text(encoding="utf-8").replace("UNRESOLVED-unassigned", "nobody-yet"),
                        encoding="utf-8")
    written = [p.read_text(encoding="utf-8") for p in site.rglob("*.md")
               if p.parts[len(site.parts)] in ("decisions", "actions")]
    assert sum(t.count("```{decision}") + t.count("```{action}") for t in written) == planned > 200

    code, output = dmlog(site, "check")
    assert code == 0, output
    build = sphinx_build(site)
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output and "ERROR" not in build.output, build.output
