"""Where a log's files are, relative to its root folder: the one place that names
the project's folders (the site's conf.py, the reader, the editors and the command
all take them from here)."""

from __future__ import annotations

from pathlib import Path

from dmlog import schema

#: the site's own pages: home, views, meeting pages, registries, generated pages
PAGES = schema.PAGES
#: where a log keeps its registries (conf.py's ``dmlog_registry_dir``)
REGISTRY_DIR = f"{PAGES}/registry"


def record_folders() -> tuple[str, ...]:
    """The folders written by routine pull requests, where only records (.md) and the
    files they show or offer for download may be: each logged type's home (decisions/,
    actions/, docs/meetings/ and the log's own types')."""
    return tuple(schema.TYPES[kind].home for kind in schema.logged_types())


def record_dirs() -> tuple[str, ...]:
    """The folders the site is built from and the reader reads records from."""
    return tuple(dict.fromkeys(folder.split("/")[0] for folder in (*record_folders(), PAGES)))


#: the files a record may show or offer for download (compared in lower case); SVG is
#: not among them: opened on its own, an SVG file runs its script on the site
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".txt", ".csv")
#: hidden files that tools leave in folders and nothing reads
HARMLESS_HIDDEN = (".gitkeep", ".DS_Store")
#: dmlog's temporary files, ".<name>.<random>.dmlog-tmp" beside the file being written
TMP_SUFFIX = ".dmlog-tmp"
def content_dirs() -> tuple[str, ...]:
    """Content, the data a routine pull request changes (see dmlog.log.allowlist): these
    folders, except the site's own pages (:data:`SITE_PAGES_IN_CONTENT_DIRS`); the rest is
    site code (conf.py, _ext/, the site's pages, workflows, Makefile, requirements, config
    files), which the maintainers review (CODEOWNERS; the pull request's summary names it)."""
    return (*record_folders(), REGISTRY_DIR)


SITE_PAGES_IN_CONTENT_DIRS = (f"{schema.TYPES[schema.MEETING].home}/index.md",)
#: record type -> folder of the pages generated from its registry, under PAGES
GENERATED_PAGE_DIRS = {t.name: t.pages for t in schema.TYPES.values() if t.pages}
#: the build's output (`make html`), never part of the site
BUILD_DIR = "_build"


def record_file(root: Path, kind: str, year: str, name: str) -> Path:
    """The file of a meeting's records of a type (its decisions), or of the meeting's page."""
    return root / schema.TYPES[kind].home / year / f"{name}.md"


def generated_page(kind: str, entry_id: str) -> str:
    """The page generated for a registry entry (a document name)."""
    return f"{PAGES}/{GENERATED_PAGE_DIRS[kind]}/{entry_id}"


def is_content(relpath: str) -> bool:
    """Whether a file of the log (a path relative to its root) is content, which the
    allow-list applies to, rather than site code."""
    return relpath not in SITE_PAGES_IN_CONTENT_DIRS and any(
        relpath.startswith(folder + "/") for folder in content_dirs())
