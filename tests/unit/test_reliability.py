"""The Reliability page counts the catalogue's cases as pytest collects them."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

from helpers import PROJECT

PAGE = PROJECT / "handbook" / "reliability.md"
#: The catalogues of bad and hostile inputs, and the category of their cases whose ids
#: do not name one ("category / name").
CATALOGUES = {"tests/build/test_catalogue_output.py": "",
              "tests/build/test_catalogue_sources.py": "bad sources, check and build agree",
              "tests/cli/test_catalogue_edits.py": ""}


def collected() -> Counter[tuple[str, str]]:
    """(file, category) -> parametrised cases, from the ids pytest collects (a case
    two tests take counts once)."""
    files = [name for name in CATALOGUES if (PROJECT / name).exists()]
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                             "-p", "no:cacheprovider", *files],
                            cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    cases: set[tuple[str, str]] = set()
    for line in result.stdout.splitlines():
        if match := re.match(r"^(?P<file>[\w/.]+)::\w+\[(?P<id>.*)\]$", line):
            cases.add((match["file"], match["id"]))
    return Counter((file, case.split(" / ")[0] if " / " in case else CATALOGUES[file])
                   for file, case in cases)


def test_the_page_counts_every_case_of_the_catalogues() -> None:
    rows = re.findall(r"^\| `(?P<file>[^`]+)` \| (?P<category>[^|]+?) \| (?P<count>\d+) \|$",
                      PAGE.read_text(encoding="utf-8"), re.MULTILINE)
    # a catalogue not in this clone yet (another branch's) is listed but not counted
    on_page = Counter({(file, category): int(count) for file, category, count in rows
                       if (PROJECT / file).exists()})
    actual = collected()
    expected = "\n".join(f"| `{f}` | {c} | {n} |" for (f, c), n in sorted(actual.items()))
    assert on_page == actual, f"update the table of handbook/reliability.md to:\n{expected}"
    total = re.search(r"^\| \*\*Total\*\* \| \| \*\*(\d+)\*\* \|$", PAGE.read_text(encoding="utf-8"),
                      re.MULTILINE)
    assert total is not None and int(total[1]) == sum(int(count) for _, _, count in rows)
    assert sum(actual.values()) >= 35


def test_the_page_lists_exactly_the_allow_list() -> None:
    """Widening what content may do changes the reliability page too."""
    from dmlog.log import allowlist

    text = PAGE.read_text(encoding="utf-8")
    directives = re.search(r"^- \*\*Directives\*\*:(.*?)^- ", text, re.MULTILINE | re.DOTALL)
    roles = re.search(r"^- \*\*Roles\*\*:(.*?)^- ", text, re.MULTILINE | re.DOTALL)
    assert directives and roles
    assert set(re.findall(r"`\{([\w-]+)\}`", directives[1])) == set(allowlist.DIRECTIVES)
    assert set(re.findall(r"`\{([\w-]+)\}`", roles[1])) == set(allowlist.ROLES)
    assert f"`{', '.join(allowlist.FRONT_MATTER_KEYS)}` only" in text
