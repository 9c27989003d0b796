"""The list pages of a log's own record types in a build (:mod:`dmlog.log.typepages`):
written before the pages are read, and listed by the home page's toctree."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from dmlog.log import typepages


def _write(app: Sphinx) -> None:
    typepages.write_pages(Path(app.srcdir))


def _list_on_home_page(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname == app.config.root_doc and (lines := typepages.toctree_lines(Path(app.srcdir))):
        source[0] += "\n\n```{toctree}\n:hidden:\n\n" + "\n".join(lines) + "\n```\n"


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _write)
    app.connect("source-read", _list_on_home_page)
