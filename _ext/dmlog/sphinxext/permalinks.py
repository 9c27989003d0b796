"""Permanent links that work without JavaScript, from file:// and from any static host.

Every record gets a small static page ``r/<ID>.html`` that redirects (an HTML
``meta refresh``, plus a plain link) to the record's anchor wherever its file is now.
``permalink.html`` is the lookup page: ``permalink.html?id=dec-2019-003`` goes to the
record (IDs are matched without regard to case) and an unknown ID gets a page of the
site's own look saying so, with the nearest IDs of the log as suggestions.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from dmlog.sphinxext import state

#: The folder of the redirect pages, at the root of the site.
FOLDER = "r"
#: The records' IDs and titles for the lookup page's suggestions.
RECORDS_SCRIPT = "records.js"
LOOKUP_PAGE = "permalink"


def redirect_page(record_id: str, title: str, target: str) -> str:
    """The page ``r/<ID>.html``: ``target`` is the record's URL relative to it."""
    url = escape(target)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(record_id)}: {escape(title)}</title>\n"
            f'<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={url}">\n'
            f'<link rel="canonical" href="{url}">\n</head>\n<body>\n'
            f'<p><a href="{url}">{escape(record_id)}: {escape(title)}</a></p>\n'
            f"</body>\n</html>\n")


def records_script(records: Iterable[tuple[str, str]]) -> str:
    """The IDs and titles of the log as a script the lookup page loads (a script, not
    JSON fetched, so that it also works from file://)."""
    data = json.dumps(sorted(records), ensure_ascii=True).replace("</", "<\\/")  # inert if inlined
    return f"window.dmlogRecords = {data};\n"


def _digest(title: str, url: str) -> str:
    return hashlib.blake2b(repr((title, url)).encode(), digest_size=12).hexdigest()


def write_redirects(outdir: Path, targets: Mapping[str, tuple[str, str]],
                    written: Mapping[str, str] | None = None) -> dict[str, str]:
    """Write ``r/<ID>.html`` for every record (``ID -> (title, URL from the site's
    root)``), remove those of records that no longer exist, and write the lookup
    page's list of records. Returns a digest of each page's target, for the next build.

    ``written``: those of the pages the last build wrote; a page whose target is
    unchanged and whose file is there is left as it is (reading back every page to
    compare cost a pass over thousands of files per build). A digest, not the title
    and URL: the build state keeps no copy of each record's title."""
    folder = outdir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = written or {}
    present = set(os.listdir(folder))
    wanted = {f"{record_id}.html" for record_id in targets}
    for stale in sorted(present - wanted):
        if stale.endswith(".html"):
            (folder / stale).unlink()
    digests = {record_id: _digest(title, url) for record_id, (title, url) in targets.items()}
    for record_id, (title, url) in targets.items():
        name = f"{record_id}.html"
        if name in present and written.get(record_id) == digests[record_id]:
            continue
        page = redirect_page(record_id, title, f"../{url}")
        path = folder / name
        if name not in present or path.read_text(encoding="utf-8") != page:
            path.write_text(page, encoding="utf-8")
    script = records_script((record_id, title) for record_id, (title, _url) in targets.items())
    path = folder / RECORDS_SCRIPT
    if RECORDS_SCRIPT not in present or path.read_text(encoding="utf-8") != script:
        path.write_text(script, encoding="utf-8")
    return digests


def permalink(docname: str, record_id: str) -> str:
    """The permanent link to a record, relative to the page ``docname``."""
    return f"{'../' * docname.count('/')}{FOLDER}/{record_id}.html"


_LOOKUP_BODY = f"""
<h1>Find a record by its ID</h1>
<div id="dmlog-lookup" class="dmlog-lookup" aria-live="polite">
  <noscript><p>Go to a record with <code>{FOLDER}/ID.html</code>, for example
  <code>{FOLDER}/DEC-2019-003.html</code>; this page needs JavaScript to look up an ID.</p></noscript>
</div>
<form class="dmlog-lookup-form" action="{LOOKUP_PAGE}.html" method="get" role="search">
  <label for="dmlog-lookup-id">Record ID</label>
  <input id="dmlog-lookup-id" name="id" type="text" placeholder="DEC-2019-003"
         autocomplete="off" spellcheck="false">
  <button type="submit" class="btn btn-primary">Go</button>
</form>
<script src="{FOLDER}/{RECORDS_SCRIPT}"></script>
<script src="_static/dmlog-ids.js"></script>
<script src="_static/dmlog-permalink.js"></script>
"""


def _lookup_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.format == "html":
        yield LOOKUP_PAGE, {"title": "Find a record", "body": _LOOKUP_BODY}, "page.html"


def _write(app: Sphinx, exception: Exception | None) -> None:
    build = state.of(app)
    if exception is not None or app.builder.format != "html" or build.facts is None:
        return
    targets = {record_id: (record.title, f"{app.builder.get_target_uri(build.pages[record_id])}#{record_id}")
               for record_id, record in build.facts.records.items()}
    kept = state.of(app).kept  # what the last build wrote
    kept.permalinks = write_redirects(Path(app.outdir), targets, kept.permalinks)


def setup(app: Sphinx) -> None:
    # after sphinx-needs wrote its own permalink.html (env-updated): this one replaces it
    app.connect("html-collect-pages", _lookup_page)
    app.connect("build-finished", _write)
