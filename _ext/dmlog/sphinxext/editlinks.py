"""Links from a record to the line of the repository where it is written, and to the
repository's editor for that file: proposing a change is one click.

Configured in conf.py by ``dmlog_repository_url`` (no links without it),
``dmlog_repository_branch`` and, for a log kept in a folder of a larger repository,
``dmlog_repository_path``. GitHub's URL forms are used, GitLab's on a GitLab host.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlsplit

from sphinx.application import Sphinx

from dmlog import schema
from dmlog.log.model import Record
from dmlog.settings import Settings
from dmlog.sphinxext import state


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


def source_links(app: Sphinx, record: Record) -> str:
    """``Source decisions/2019/x.md:12 · Propose a change``, for a record's card: the
    file (relative to the log) and line where it is written (a registry entry: its YAML
    line, not its generated page)."""
    path, line = record.path, record.line
    view = file_url(state.of(app).settings, path, line)
    if not view:
        return ""
    edit = file_url(state.of(app).settings, path, edit=True)
    html = (f'<span class="dmlog-fact dmlog-source"><strong>Source</strong> '
            f'<a class="reference external" href="{escape(view)}">{escape(path)}:{line}</a>'
            f'<span class="dmlog-sep"> · </span><a class="reference external dmlog-edit" '
            f'href="{escape(edit)}" title="Edit {escape(path)} in the repository and open a pull request">'
            f"Propose a change</a></span>")
    if record.type == schema.MEETING:
        html += _meeting_files(app, record, path)
    return f'<p class="dmlog-meta dmlog-sources">{html}</p>'


def _meeting_files(app: Sphinx, meeting: Record, page: str) -> str:
    """A meeting's other files: where its decisions and actions are written, and its
    original minutes kept in the repository."""
    facts = state.of(app).facts
    assert facts is not None, "cards are drawn once the facts are made (write-started)"
    paths = []
    for record_id in facts.graph.back(meeting.id, schema.MEETING):
        if (record := facts.records.get(record_id)) is not None \
                and record.path != page and record.path not in paths:
            paths.append(record.path)
    source = meeting.get("source").strip()
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

