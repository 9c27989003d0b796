"""The list page of each of a log's own record types (conf.py's ``dmlog_types``):
``docs/<plural>`` in the site, a table of its records and the toctree of its files,
generated at build time unless the log writes the page itself; the home page's toctree
lists it. The build writes the generated pages into its state folder, never into the
log's sources. ``dmlog check`` counts those files as published, as the build does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dmlog import schema
from dmlog.log import layout
from dmlog.log.files import render, write_atomically


def _page(root: Path, record_type: schema.RecordType) -> Path:
    return root / layout.PAGES / f"{record_type.plural}.md"


def is_generated(text: str) -> bool:
    """Whether a page's text is a list page dmlog generated."""
    return f"{layout.GENERATED_MARK} conf.py's dmlog_types" in text[:300]


def _is_generated(path: Path) -> bool:
    return not path.exists() or is_generated(_opening(path))


def _opening(path: Path) -> str:
    """The start of a page, where dmlog marks the pages it generated."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read(300)


def former_pages(root: Path) -> list[str]:
    """The list pages an earlier dmlog generated into the log's sources (marked as such),
    as paths in the log: no part of the site, whose build writes its own."""
    return [page.relative_to(root).as_posix() for page in sorted((root / layout.PAGES).glob("*.md"))
            if page.is_file() and not page.is_symlink() and is_generated(_opening(page))]


def generated_types(root: Path) -> list[schema.RecordType]:
    """The log's own types whose list page dmlog writes (the log has none of its own)."""
    return [t for t in schema.TYPES.values() if t.custom and _is_generated(_page(root, t))]


def write_pages(root: Path, folder: Path) -> dict[str, Path]:
    """Write the list page of each of the log's own types that the log does not write
    itself into ``folder`` (outside the log's sources), where its text changed (an
    incremental build re-reads only those), and remove those of types no longer
    declared. Returns each page's file by its name in the site (``docs/risks``)."""
    wanted = {f"{layout.PAGES}/{t.plural}": render("type-page.md.jinja", type=t, mark=layout.GENERATED_MARK)
              for t in generated_types(root)}
    files = {docname: folder / f"{docname}.md" for docname in wanted}
    for docname, text in wanted.items():
        path = files[docname]
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text)
    for stale in folder.rglob("*.md") if folder.is_dir() else ():
        if stale not in files.values():
            stale.unlink()
    return files


def toctree_lines(root: Path) -> list[str]:
    """The entries of the home page's toctree for the generated pages."""
    return [t.plural for t in generated_types(root)]


def included_pages(docnames: set[str], text_of: Callable[[str], str]) -> set[str]:
    """The pages the generated pages and their toctree lines publish, given the pages
    of the log and how to read the start of one."""
    included = set()
    for record_type in schema.TYPES.values():
        page = f"{layout.PAGES}/{record_type.plural}"
        if record_type.custom and (page not in docnames or is_generated(text_of(page))):
            included.add(page)
            included |= {d for d in docnames if d.startswith(f"{record_type.home}/")}
    return included
