"""A clean build reads each source once: one parse by MyST (the page Sphinx shows) and
one by dmlog's reader, which the content gate reads too; dmlog opens each file once.

Counted in a build run in this process (the mini site; the dummy builder: pages are
parsed while they are read, and dmlog reads the log when writing starts), with
markdown-it's parse and the reader's file reading wrapped: every parse of a whole
page's text is MyST's or the reader's (a directive's body is parsed on its own, and is
not counted here)."""

from __future__ import annotations

import collections
import io
import pickle
from pathlib import Path

import pytest
from docutils import nodes
from markdown_it import MarkdownIt
from sphinx.application import Sphinx

from dmlog.log import sources
from dmlog.sphinxext import state
from helpers import Build, copy_root


def test_each_source_is_parsed_once_by_myst_and_once_by_the_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_root("mini", tmp_path / "site")
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
             for folder in ("decisions", "actions", "docs") for path in (site / folder).rglob("*.md")}
    by_text = {text: name for name, text in pages.items()}
    parses: collections.Counter[tuple[str, str]] = collections.Counter()
    opens: collections.Counter[str] = collections.Counter()
    parse, read_text = MarkdownIt.parse, sources.read_text

    def counted_parse(self: MarkdownIt, src: str, env: object = None) -> object:
        if src in by_text:  # MyST's renderer is not the reader's (HTML, for the records)
            parses[by_text[src], "myst" if "Sphinx" in type(self.renderer).__name__
                   else "reader"] += 1
        return parse(self, src, env)  # type: ignore[arg-type]

    def counted_read_text(path: Path, relpath: str) -> str:
        opens[relpath] += 1
        return read_text(path, relpath)

    monkeypatch.setattr(MarkdownIt, "parse", counted_parse)
    monkeypatch.setattr(sources, "read_text", counted_read_text)
    monkeypatch.setattr("dmlog.sphinxext.gate.read_text", counted_read_text)
    sources.forget_parsed()  # readings made earlier in this process are not this build's
    warnings = io.StringIO()
    app = Sphinx(str(site), str(site), str(tmp_path / "html"), str(tmp_path / "doctrees"), "dummy",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    assert app.statuscode == 0, warnings.getvalue()
    reading = state.of(app).reading  # the reader's log, which the build checked and drew from
    assert reading is not None and {"DEC-2020-001", "ACT-2020-001"} <= reading.ids()
    # the records the pages are drawn from (the facts) are the reader's own, not copies
    facts = state.of(app).facts
    assert facts is not None and facts.records.keys() == reading.ids()
    assert all(facts.records[item.record.id] is item.record for source in reading.files
               for item in source.records)
    records = [name for name, text in pages.items() if "```{decision}" in text or "```{action}" in text]
    assert len(records) >= 2 and len(pages) >= 5
    for name in pages:
        assert (parses[name, "myst"], parses[name, "reader"]) == (1, 1), name
    # and keeps no page's parse once the page is read (they held 6 MB at 5,000 records)
    assert not sources._kept_tokens
    # dmlog opens each records file once (Sphinx opens it once more, to read it itself)
    assert {name: opens[name] for name in records} == dict.fromkeys(records, 1)


def test_a_page_keeps_no_message_below_warning_level(seed_build: Build) -> None:
    """docutils leaves one INFO 'Hyperlink target "ID" is not referenced' per record on
    its page, which Sphinx neither shows nor drops: the build forgets them when the page
    is read, so they are neither held in memory nor pickled (−18 MB of the peak at 5,000
    records)."""
    page = seed_build.outdir.parent / "doctrees" / "decisions" / "2019" / "2019-03-dmlt-f2f.doctree"
    doctree = pickle.loads(page.read_bytes())  # noqa: S301 - written by the test's own build
    assert [node for node in doctree.findall(nodes.target) if node["ids"]]  # the records' targets
    assert [message.astext() for message in doctree.transform_messages] == []
