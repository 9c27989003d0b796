"""Search with Pagefind: a static index, built when the HTML build finishes, in which
every record is a result of its own that lands on the record's anchor, and so are a
meeting page's discussion and its original minutes.

Sphinx's own search returns whole pages (a log's file of decisions for any of its
decisions) and gets slow as the log grows, so dmlog turns it off. Pagefind's index is
split into small chunks the browser loads as a query needs them, and needs no server:
the site stays static. The search page (``search.html``, where the theme's search box
sends its query) is dmlog's own, ``static/dmlog-search.js``.

The filters (type, status, owner, meeting, milestone, year) are not in Pagefind's
index but in a table beside it (``FILTER_TABLE``), from which the search page filters
Pagefind's results itself: Pagefind counts every value of every filter against the
results of each search with a scan of a list per page, which at 5,000 records about
doubled the time a common word took (0.1–0.4 s more; Pagefind 1.5.2, ``get_filters``).
"""

from __future__ import annotations

import gzip
import json
import re
import resource
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from dmlog import schema
from dmlog.log.model import Record
from dmlog.log.tablespec import Facts
from dmlog.sphinxext import needs, permalinks, state

logger = logging.getLogger(__name__)

#: Pagefind's bundle, at the root of the site.
BUNDLE = "pagefind"
#: Pages of prose indexed as pages (the records are indexed one by one).
PROSE_PAGES = ("docs/help",)
#: The types of the results a meeting's page gives besides its record: the rest of its
#: discussion, and its original minutes (a file of text the page offers for download).
DISCUSSION, MINUTES = "Meeting discussion", "Original minutes"
#: Their pages' names in the folder indexed.
PAGE_NAMES = {DISCUSSION: "discussion", MINUTES: "minutes"}
MINUTES_SUFFIXES = (".txt", ".md")
#: Seconds Pagefind may take: minutes more than 20,000 records need, so a stuck index
#: fails the build instead of hanging it.
INDEX_TIMEOUT = 900
#: The filters of the search page (in this order) and the table of them, in the bundle
#: (with the word the page searches before it is ready, ``commonest_word``).
FILTERS = ("type", "status", "owner", schema.MEETING, schema.MILESTONE, "year")
FILTER_TABLE = "dmlog-filters.json"

# MyST markup that would only be noise in an excerpt: roles, link targets, emphasis
# (an underscore only where it opens or closes emphasis: obs_subaru keeps its own).
_ROLE = re.compile(r"\{[a-z:-]+\}`([^`]*)`")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[`*]{1,3}|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)")


def plain_text(source: str) -> str:
    """A record's MyST text as words to index and show in excerpts."""
    text = _LINK.sub(r"\1", _ROLE.sub(r"\1", source))
    return " ".join(_MARKUP.sub("", text).split())


def _names(ids: Iterable[str], facts: Facts) -> list[str]:
    return [facts.records[i].title if i in facts.records else i for i in ids]


def index_entry(record: Record, url: str, facts: Facts, text: str) -> dict[str, Any]:
    """What Pagefind keeps of one record: its words, what a result shows (meta) and
    what it can be filtered by. ``facts`` gives its links (as the site lists them) and
    the titles of the records they name; ``text`` is the record's own text (as
    sphinx-needs keeps it: the build keeps no record's text of its own)."""
    kind = schema.TYPES[record.type].title if record.type in schema.TYPES else record.type
    owners = _names(facts.graph.targets(record.id, "owner"), facts)
    meta = {"title": record.title, "id": record.id, "type": kind}
    filters: dict[str, list[str]] = {"type": [kind]}
    if status := record.get("status"):
        meta["status"] = status
        filters["status"] = [status]
    if owners:
        meta["owners"] = ", ".join(owners)
        filters["owner"] = owners
    if meetings := _names(facts.graph.targets(record.id, schema.MEETING), facts):
        filters[schema.MEETING] = meetings
    if milestones := list(facts.graph.targets(record.id, schema.MILESTONE)):
        filters[schema.MILESTONE] = milestones
    date = record.get("date") or record.get("due")
    if match := schema.DATE_PATTERN.match(date):
        meta["date"] = date
        filters["year"] = [match.group(1)]
    # the record's text makes the excerpt; its owners and ID are found too
    words = [plain_text(text).rstrip("."), ", ".join(owners), record.id]
    return {"url": url, "title": record.title, "text": ". ".join(w for w in words if w) + ".",
            "meta": meta, "filters": filters}


def page_entry(kind: str, meeting: Record, url: str, text: str) -> dict[str, Any]:
    """What Pagefind keeps of a meeting's discussion or original minutes (``kind``):
    the words as written, shown with the meeting's ID and title, and filtered by type,
    meeting and year."""
    meta = {"title": f"{meeting.title}: {kind.lower()}", "id": meeting.id, "type": kind}
    filters: dict[str, list[str]] = {"type": [kind], schema.MEETING: [meeting.title]}
    if match := schema.DATE_PATTERN.match(date := meeting.get("date")):
        meta["date"] = date
        filters["year"] = [match.group(1)]
    return {"url": url, "title": meta["title"], "text": " ".join(text.split()), "meta": meta,
            "filters": filters}


def discussion_text(doctree: nodes.document) -> tuple[str, str]:
    """The anchor and the words of a meeting page's discussion: the page but its title
    and its records (the meeting's own text is its record's result)."""
    top = doctree.next_node(nodes.section)
    if top is None:
        return "", ""
    parts = [child for child in top.children if not isinstance(child, (nodes.title, nodes.target))
             and not _is_record(child)]
    first = next((part for part in parts if isinstance(part, nodes.section) and part["ids"]), None)
    return (first["ids"][0] if first is not None else ""), " ".join(_blocks(parts))


def _is_record(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and "need" in node["classes"]


def _blocks(parts: Iterable[nodes.Node]) -> Iterator[str]:
    """The text of each paragraph, heading and literal block, outside any record."""
    for part in parts:
        if _is_record(part):
            continue
        if isinstance(part, (nodes.title, nodes.paragraph, nodes.literal_block, nodes.term)):
            yield part.astext()
        elif isinstance(part, nodes.Element) and not isinstance(part, (nodes.raw, nodes.comment)):
            yield from _blocks(part.children)


def _meeting_pages(app: Sphinx, records: Iterable[Record]) -> list[dict[str, Any]]:
    """A meeting page's discussion, and the original minutes it offers for download
    (files Sphinx publishes anyway: nothing else of the build machine is read)."""
    entries = []
    downloads: dict[str, list[tuple[str, str]]] = {}
    for filename, (docnames, target) in app.env.dlfiles.items():
        if str(filename).endswith(MINUTES_SUFFIXES):
            for docname in docnames:
                downloads.setdefault(docname, []).append((str(filename), str(target)))
    seen: set[str] = set()
    pages = state.of(app).pages
    for meeting in records:
        docname = pages[meeting.id]
        if meeting.type != schema.MEETING or docname in seen:
            continue
        seen.add(docname)  # a page of several meetings is indexed once, as its first
        page = app.builder.get_target_uri(docname)
        anchor, text = discussion_text(app.env.get_doctree(docname))
        if text:
            entries.append(page_entry(DISCUSSION, meeting, f"{page}#{anchor}" if anchor else page, text))
        for minutes_file, destination in sorted(downloads.get(docname, [])):
            minutes = (Path(app.srcdir) / minutes_file).read_text(encoding="utf-8", errors="replace")
            entries.append(page_entry(MINUTES, meeting, f"_downloads/{destination}", minutes))
    return entries


def stub_page(entry: Mapping[str, Any]) -> str:
    """The page Pagefind indexes for one record (never published): its title and text,
    and, marked for Pagefind, what a result shows. The result points at
    ``r/<ID>.html`` (the record's permalink) and carries the record's own URL as
    ``target``, which the search page links to. Its filters go to the filter table."""
    facts = [f'<span data-pagefind-meta="{escape(key)}">{escape(str(value))}</span>'
             for key, value in {**entry["meta"], "target": entry["url"]}.items() if key != "title"]
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title></title></head>'
            f'<body><article><div data-pagefind-ignore>{"".join(facts)}</div>'
            f'<h1 data-pagefind-meta="title">{escape(entry["title"])}</h1>'
            f'<p>{escape(entry["text"])}</p></article></body></html>')


def stub_path(entry: Mapping[str, Any]) -> str:
    """Where the page of a record (or of a meeting's discussion or minutes) is in the
    folder indexed, which is its result's URL (the search page links to its target)."""
    record_id, kind = entry["meta"]["id"], entry["meta"]["type"]
    if kind in PAGE_NAMES:
        return f"{permalinks.FOLDER}/{record_id}/{PAGE_NAMES[kind]}.html"
    return f"{permalinks.FOLDER}/{record_id}.html"


def fragment_urls(bundle: Path) -> Iterator[tuple[str, str]]:
    """The key and URL of every result of a Pagefind bundle, from its fragments (gzip
    files of Pagefind's signature and JSON). The key is what a search returns as a
    result's ``id`` before its fragment is loaded."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        yield path.stem, str(json.loads(data)["url"])


def filter_table(filters_by_url: Mapping[str, Mapping[str, Iterable[str]]],
                 results: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The filters of the search page: each filter's values, and for each result (by
    its key in the bundle) the positions of its values, one list per filter in the
    order of ``names``. ``filters_by_url`` are the records' filters by their URL in
    the folder indexed; results with other URLs (pages of prose) have no filters."""
    values = {name: sorted({value for filters in filters_by_url.values()
                            for value in filters.get(name, ())}) for name in FILTERS}
    position = {name: {value: i for i, value in enumerate(ordered)} for name, ordered in values.items()}
    pages = {key: [[position[name][value] for value in filters.get(name, ())] for name in FILTERS]
             for key, url in results if (filters := filters_by_url.get(url.lstrip("/"))) is not None}
    return {"names": list(FILTERS), "values": values, "pages": pages}


_WORD = re.compile(r"[^\W\d_]{3,}")


def commonest_word(texts: Iterable[str]) -> str:
    """The word in the most of ``texts`` (the first in alphabetical order of equals).
    The search page searches it once, unseen, before it is ready: the browser compiles
    Pagefind's code for long lists of results well only once it has run, and the
    reader's first word is then answered as fast as the next."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({word.lower() for word in _WORD.findall(text)})
    return min(counts, key=lambda word: (-counts[word], word)) if counts else ""


def _write_index(target: Path, site: Path) -> None:
    """Index the folder ``site`` into the bundle ``target`` with Pagefind's program.

    Pagefind's own command, with a time limit, rather than its Python service: the
    service talks to the same program over a pipe, and when one of its replies does not
    parse it waits for ever (a build seen hanging for minutes, doing nothing)."""
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise FileNotFoundError("the pagefind program is not installed")
    config = {"site": str(site), "output_path": str(target), "root_selector": "article",
              "exclude_selectors": [".dmlog-record", "table", ".headerlink"]}
    (site.parent / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    try:
        result = subprocess.run([str(executable), "--silent"], cwd=site.parent,
                                capture_output=True, text=True, timeout=INDEX_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"Pagefind did not finish within {INDEX_TIMEOUT} s") from None
    if result.returncode != 0:
        said = " ".join((result.stdout + result.stderr).split())[-500:]
        raise RuntimeError(f"Pagefind stopped with exit status {result.returncode}: {said}")


def _cpu_seconds() -> float:
    """CPU time of this process and of the programs it has waited for (Pagefind's)."""
    own, programs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + programs.ru_utime + programs.ru_stime


def build_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not state.of(app).settings.search:
        return
    build = state.of(app)
    facts = build.facts
    if facts is None:
        return
    # the records in sphinx-needs' order (that of the pages read), whose record keeps
    # each one's text
    resolved = needs.resolved_needs(app)
    records = [facts.records[i] for i in resolved if i in facts.records]
    entries = [index_entry(record, f"{app.builder.get_target_uri(build.pages[record.id])}#{record.id}",
                           facts, str(resolved[record.id].get("content") or "")) for record in records]
    meeting_pages = _meeting_pages(app, records)
    outdir = Path(app.outdir)
    pages = [path for name in PROSE_PAGES
             if (path := outdir / app.builder.get_target_uri(name)).exists()]
    # A new bundle in full, then in place of the old one: its chunks are named by their
    # content's hash, and those of the previous build must not pile up.
    bundle, fresh = outdir / BUNDLE, outdir / f".{BUNDLE}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    started, cpu = time.perf_counter(), _cpu_seconds()
    try:
        with tempfile.TemporaryDirectory(prefix="dmlog-search-") as work:
            # what is indexed, laid out as the site's URLs: a page per record, and the
            # pages of prose
            site = Path(work) / "site"
            folder = site / permalinks.FOLDER
            folder.mkdir(parents=True)
            for entry in entries + meeting_pages:
                path = site / stub_path(entry)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(stub_page(entry), encoding="utf-8")
            for page in pages:
                copy = site / page.relative_to(outdir)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(page, copy)
            _write_index(fresh, site)
        table = filter_table({stub_path(entry): entry["filters"] for entry in entries + meeting_pages},
                             fragment_urls(fresh))
        table["warmup"] = commonest_word(entry["text"] for entry in entries)
        (fresh / FILTER_TABLE).write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")),
                                          encoding="utf-8")
    except (OSError, RuntimeError) as error:  # _run_pagefind says what failed; the files are ours
        shutil.rmtree(fresh, ignore_errors=True)
        logger.warning(f"the search index could not be built: {error}; "
                       "is Pagefind installed (pip install 'pagefind[bin]')?",
                       type="dmlog", subtype="search")
        return
    shutil.rmtree(bundle, ignore_errors=True)
    fresh.rename(bundle)
    # bench/browser.py reads this line
    logger.info(f"dmlog: search index of {len(entries)} records and {len(pages) + len(meeting_pages)} pages "
                f"in {time.perf_counter() - started:.2f} s (CPU {_cpu_seconds() - cpu:.2f} s)")


#: What a query that is a record's ID looks like (one of the log doesn't have is said
#: so): filled in with :func:`dmlog.schema.logged_id_shape` when the page is written.
_SEARCH_BODY = """
<h1>Search the log</h1>
<div id="dmlog-search" class="dmlog-search" data-bundle="{bundle}/" data-id-shape="{id_shape}">
  <form class="dmlog-search-form" role="search" action="search.html" method="get">
    <label for="dmlog-search-input" class="dmlog-search-label">Words or a record ID</label>
    <input id="dmlog-search-input" name="q" type="search" autocomplete="off" spellcheck="false"
           placeholder="e.g. Gaia, qserv, DEC-2019-003" aria-describedby="dmlog-search-status">
    <div class="dmlog-search-filters" id="dmlog-search-filters"></div>
  </form>
  <p id="dmlog-search-status" class="dmlog-search-status" role="status" aria-live="polite"></p>
  <ol id="dmlog-search-results" class="dmlog-search-results"></ol>
  <noscript><p>Search needs JavaScript. Without it, the <a href="docs/decisions.html">decision
  log</a> and the <a href="docs/actions.html">action tracker</a> list every record, and
  <code>r/ID.html</code> goes to a record by its ID.</p></noscript>
</div>
<link rel="modulepreload" href="{bundle}/pagefind.js">
<script src="r/records.js"></script>
<script src="_static/dmlog-ids.js"></script>
<script type="module" src="_static/dmlog-search.js"></script>
"""


def _search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.format == "html" and state.of(app).settings.search:
        yield "search", {"title": "Search", "body": _SEARCH_BODY.format(
            bundle=BUNDLE, id_shape=escape(schema.logged_id_shape()))}, "page.html"


#: Theme templates dmlog overrides (the layout without Sphinx's search scripts).
TEMPLATES = Path(__file__).parents[1] / "html"


def _add_templates(app: Sphinx, config: Any) -> None:
    if state.of(app).settings.search and str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def _turn_off_sphinx_search(app: Sphinx) -> None:
    if app.builder.format == "html" and state.of(app).settings.search:
        app.builder.search = False  # type: ignore[attr-defined]


def setup(app: Sphinx) -> None:
    # dmlog_search is declared with the other settings (dmlog.settings)
    app.connect("config-inited", _add_templates, priority=600)  # after the settings are read
    app.connect("builder-inited", _turn_off_sphinx_search)
    app.connect("html-collect-pages", _search_page)
    # after the permalinks (r/records.js, which the search page also reads)
    app.connect("build-finished", build_index, priority=600)
