"""The list pages of a log's own record types in a build (:mod:`dmlog.log.typepages`):
written into the build state folder, never into the log's sources, and found by Sphinx
as pages of the log (``docs/risks``); listed by the home page's toctree."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.project import Project

from dmlog.log import typepages

if TYPE_CHECKING:
    from sphinx.util._pathlib import _StrPath

#: The folder of the build state (Sphinx's doctree folder) the pages are written in.
FOLDER = "dmlog-pages"


class WithGeneratedPages(Project):
    """Sphinx's project of the log's pages, with the pages dmlog generates: each found
    under its name in the site and read from its file in the build state folder."""

    def __init__(self, project: Project, generated: dict[str, Path]) -> None:
        super().__init__(project.srcdir, project.source_suffix)
        self.restore(project)
        self.generated = generated

    def discover(self, exclude_paths: Iterable[str] = (),
                 include_paths: Iterable[str] = ("**",)) -> set[str]:
        super().discover(exclude_paths, include_paths)
        self.docnames |= self.generated.keys()
        return self.docnames

    def doc2path(self, docname: str, absolute: bool) -> _StrPath:
        """A generated page's file, or (not absolute) its place in the site."""
        path = super().doc2path(docname, absolute)
        if docname not in self.generated:
            return path
        return type(path)(self.generated[docname] if absolute else f"{docname}.md")


def is_generated(app: Sphinx, docname: str) -> bool:
    """Whether the page is one dmlog generates (its text is dmlog's, not the log's)."""
    return isinstance(app.project, WithGeneratedPages) and docname in app.project.generated


def _write(app: Sphinx) -> None:
    """``builder-inited`` (before Sphinx looks for the pages): write the pages, and
    have Sphinx find them where they are written."""
    generated = typepages.write_pages(Path(app.srcdir), Path(app.doctreedir) / FOLDER)
    app.project = app.env.project = WithGeneratedPages(app.project, generated)


def _list_on_home_page(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname == app.config.root_doc and (lines := typepages.toctree_lines(Path(app.srcdir))):
        source[0] += "\n\n```{toctree}\n:hidden:\n\n" + "\n".join(lines) + "\n```\n"


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _write)
    app.connect("source-read", _list_on_home_page)
