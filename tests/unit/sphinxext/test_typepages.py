"""The list page of a log's own type is written into the build's state folder, never
into the log's sources, and Sphinx's project finds it as a page of the log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.project import Project

from dmlog import schema
from dmlog.log import typepages
from dmlog.sphinxext.typepages import WithGeneratedPages

RISK = {"prefix": "RSK", "statuses": ["open", "retired"], "closed": ["retired"]}


@pytest.fixture
def risk_schema() -> Iterator[None]:
    schema.declare({"risk": RISK}, {}, {})
    yield
    schema.declare({}, {}, {})


@pytest.mark.usefixtures("risk_schema")
def test_the_page_is_written_outside_the_sources_and_only_when_its_text_changes(tmp_path: Path) -> None:
    root, state = tmp_path / "log", tmp_path / "log" / "_build" / "doctrees" / "dmlog-pages"
    (root / "docs").mkdir(parents=True)
    pages = typepages.write_pages(root, state)
    assert pages == {"docs/risks": state / "docs" / "risks.md"}
    assert not (root / "docs" / "risks.md").exists()
    assert ":types: risk" in pages["docs/risks"].read_text(encoding="utf-8")
    written = pages["docs/risks"].stat().st_mtime_ns
    (state / "docs" / "rfcs.md").write_text("a type no longer declared", encoding="utf-8")
    assert typepages.write_pages(root, state) == pages
    assert pages["docs/risks"].stat().st_mtime_ns == written  # unchanged: Sphinx does not read it again
    assert not (state / "docs" / "rfcs.md").exists()
    # a log that writes the page itself keeps it: nothing is generated
    (root / "docs" / "risks.md").write_text("# Our risks\n", encoding="utf-8")
    assert typepages.write_pages(root, state) == {}
    assert not pages["docs/risks"].exists()


def test_sphinx_finds_a_generated_page_under_its_name_and_reads_its_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    generated = tmp_path / "_build" / "docs" / "risks.md"
    project = WithGeneratedPages(Project(tmp_path, [".md"]), {"docs/risks": generated})
    assert project.discover(["_build/**"]) == {"docs/index", "docs/risks"}
    assert Path(project.doc2path("docs/risks", absolute=True)) == generated
    assert str(project.doc2path("docs/risks", absolute=False)) == "docs/risks.md"  # its place in the site
    assert Path(project.doc2path("docs/index", absolute=True)) == tmp_path / "docs" / "index.md"
