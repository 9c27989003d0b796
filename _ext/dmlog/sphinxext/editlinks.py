"""Links from a record to the line of the repository where it is written, and to the
repository's editor for that file: proposing a change is one click.

Configured in conf.py by ``dmlog_repository_url`` (no links without it),
``dmlog_repository_branch`` and, for a log kept in a folder of a larger repository,
``dmlog_repository_path``. GitHub's URL forms are used, GitLab's on a GitLab host.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from sphinx.application import Sphinx

from dmlog import schema
from dmlog.settings import Settings
from dmlog.sphinxext import state


def source_of(app: Sphinx, need: Mapping[str, Any]) -> tuple[str, int]:
    """The file (relative to the log) and line where a record is written."""
    entry = state.of(app).registry.get((need["type"], need["id"]))
    if entry is not None:  # a registry entry: its YAML line, not its generated page
        return entry.path, entry.line
    path = os.path.relpath(app.env.doc2path(need["docname"]), app.srcdir)
    return Path(path).as_posix(), int(need.get("lineno") or 1)


def file_url(settings: Settings, path: str, line: int | None = None, edit: bool = False) -> str:
    """The repository's page of a file (at a line), or its editor; '' without a repository."""
    base = (settings.repository_url or "").rstrip("/")
    if not base or urlsplit(base).scheme not in ("http", "https"):
        return ""
    folder = (settings.repository_path or "").strip("/")
    full = quote(f"{folder}/{path}" if folder else path)
    branch = quote(settings.repository_branch or "main")  # GitHub resolves a/b branches
    gitlab = "gitlab" in urlsplit(base).netloc
    kind = "edit" if edit else "blob"
    url = f"{base}/{'-/' if gitlab else ''}{kind}/{branch}/{full}"
    return url + (f"#L{line}" if line and not edit else "")


def source_links(app: Sphinx, need: Mapping[str, Any]) -> str:
    """``Source decisions/2019/x.md:12 · Propose a change``, for a record's card."""
    path, line = source_of(app, need)
    view = file_url(state.of(app).settings, path, line)
    if not view:
        return ""
    edit = file_url(state.of(app).settings, path, edit=True)
    html = (f'<span class="dmlog-fact dmlog-source"><strong>Source</strong> '
            f'<a class="reference external" href="{escape(view)}">{escape(path)}:{line}</a>'
            f'<span class="dmlog-sep"> · </span><a class="reference external dmlog-edit" '
            f'href="{escape(edit)}" title="Edit {escape(path)} in the repository and open a pull request">'
            f"Propose a change</a></span>")
    if need["type"] == schema.MEETING:
        html += _meeting_files(app, need, path)
    return f'<p class="dmlog-meta dmlog-sources">{html}</p>'


def _meeting_files(app: Sphinx, need: Mapping[str, Any], page: str) -> str:
    """A meeting's other files: where its decisions and actions are written, and its
    original minutes kept in the repository."""
    build = state.of(app)
    records = build.log.records if build.log is not None else {}
    outcomes = build.facts.graph.back(need["id"], schema.MEETING) if build.facts is not None else ()
    paths = []
    for record_id in outcomes:
        if (record := records.get(record_id)) is not None:
            path = source_of(app, record)[0]
            if path != page and path not in paths:
                paths.append(path)
    source = (need.get("source") or "").strip()
    if source.startswith("/") or ".." in source.split("/") or "://" in source:
        source = ""  # only a file of this repository is linked
    if source:
        paths.append(source)
    settings = state.of(app).settings
    links = [f'<a class="reference external" href="{escape(file_url(settings, path))}">{escape(path)}</a>'
             for path in sorted(paths[:-1] if source else paths) + ([source] if source else [])]
    if not links:
        return ""
    return ('<span class="dmlog-sep"> · </span><span class="dmlog-fact"><strong>Files</strong> '
            + ", ".join(links) + "</span>")

