"""The list pages of a log's own record types in a build (:mod:`dmlog.log.typepages`):
written into the build state folder, never into the log's sources, and found by Sphinx
as pages of the log (``docs/risks``), read through the gate as every page is; listed by
the home page's toctree."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.project import Project

from dmlog.log import typepages
from dmlog.sphinxext import inputs

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


def _write(app: Sphinx) -> None:
    """``builder-inited`` (before Sphinx looks for the pages): write the pages, and
    have Sphinx find them where they are written."""
    generated = typepages.write_pages(Path(app.srcdir), Path(app.doctreedir) / FOLDER)
    app.project = app.env.project = WithGeneratedPages(app.project, generated)


def _leave_out_former_pages(app: Sphinx, config: Any) -> None:
    """``config-inited``: list pages an earlier dmlog generated into the log's sources
    (marked as such) are no part of the site: the build's own take their place."""
    if former := typepages.former_pages(Path(app.srcdir)):
        config.exclude_patterns = [*config.exclude_patterns, *map(inputs.glob_literal, former)]


def _link_generated_pages(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a Markdown link to a generated page (``[Risks](risks.md)``)
    links that page. MyST reads a link to a ``.md`` path as one to a page only when the
    file is in the sources, which these never are."""
    project = app.project
    if not isinstance(project, WithGeneratedPages) or not project.generated:
        return
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("reftype") != "myst" or node.get("refdomain"):
            continue
        target, _, anchor = str(node["reftarget"]).partition("#")
        relpath, _ = app.env.relfn2path(target, node.get("refdoc"))
        if (page := project.path2doc(relpath)) in project.generated:
            node["refdomain"], node["reftarget"], node["reftargetid"] = "doc", page, anchor or None


def _list_on_home_page(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname == app.config.root_doc and (lines := typepages.toctree_lines(Path(app.srcdir))):
        source[0] += "\n\n```{toctree}\n:hidden:\n\n" + "\n".join(lines) + "\n```\n"


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _leave_out_former_pages)
    app.connect("builder-inited", _write)
    app.connect("doctree-read", _link_generated_pages)
    app.connect("source-read", _list_on_home_page)
