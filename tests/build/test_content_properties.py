"""Random pages mixing allowed and refused content (tests/content_markdown.py, seeded):
`dmlog check` and the build report the same (file, line) problems for each page, and the
same records: every record the reader sees is a record of the site at its line, or both
tools report that line.

Hypothesis draws the pages (deterministically); all of them go into one site, built and
checked once. A failure names the page, whose text is in the site folder it prints.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from content_markdown import page
from dmlog.log import sources
from helpers import Build, copy_root, sphinx_build

PAGES = 40
LOCATION = re.compile(r"^(?:.*?/site/)?(?P<path>(?:decisions|actions|docs)/[^\s:]+):(?P<line>\d+): "
                      r"(?:WARNING|ERROR|CRITICAL): ", re.M)


def drawn_pages() -> list[str]:
    """PAGES pages, the same on every run: Hypothesis draws them (generation only, one
    list per example; the last, most varied, is kept)."""
    drawn: list[list[str]] = []

    @settings(max_examples=5, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.tuples(*(page(number) for number in range(PAGES))))
    def collect(pages: tuple[str, ...]) -> None:
        drawn.append(list(pages))

    collect()
    return drawn[-1]


@dataclass
class Results:
    site: Path
    build: Build
    by_build: set[tuple[str, int]]
    by_check: set[tuple[str, int]]
    paths: list[str]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    site = copy_root("mini", tmp_path_factory.mktemp("properties") / "site")
    paths = []
    for number, text in enumerate(drawn_pages()):
        path = f"decisions/2022/2022-01-01-page-{number:02d}.md"
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
        paths.append(path)
    build = sphinx_build(site)
    check = subprocess.run([str(Path(sys.executable).parent / "dmlog"), "check", "--format", "json",
                            "--root", str(site)], capture_output=True, text=True)
    assert "Traceback" not in build.output + check.stderr
    return Results(site, build, {(m["path"], int(m["line"])) for m in LOCATION.finditer(build.output)},
                   {(p["file"], p["line"]) for p in json.loads(check.stdout)["problems"]}, paths)


def test_the_pages_mix_allowed_and_refused_content(results: Results) -> None:
    texts = [(results.site / path).read_text(encoding="utf-8") for path in results.paths]
    refused = {path for path, _ in results.by_check}
    assert 5 < len(refused & set(results.paths)) < PAGES  # some pages pass, most do not
    assert sum(text.count("{decision}") for text in texts) > 20


@pytest.mark.parametrize("number", range(PAGES))
def test_check_and_build_report_the_same_lines(results: Results, number: int) -> None:
    path = results.paths[number]
    by_build = {p for p in results.by_build if p[0] == path}
    by_check = {p for p in results.by_check if p[0] == path}
    assert by_check == by_build, f"{results.site / path}: check {sorted(by_check)}, build {sorted(by_build)}"


def test_check_and_build_have_the_same_records(results: Results) -> None:
    files, _ = sources.read_sources(results.site)
    seen = {(source.relpath, item.record.id, item.record.line)
            for source in files if source.relpath in results.paths for item in source.records}
    built = {(f"{need['docname']}.md", need_id, need["lineno"])
             for need_id, need in results.build.needs.items()
             if need["docname"].startswith("decisions/2022/")}
    reported = results.by_check & results.by_build
    assert built <= seen
    assert {(path, line) for path, _, line in seen - built} <= reported
