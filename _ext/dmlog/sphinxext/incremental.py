"""Correct and small incremental builds.

sphinx-needs rewrites only the pages it re-reads, so a status changed in one file
stayed stale in tables and back-links on every other page (sphinx-needs #354).
dmlog remembers, for every page it writes, which records the page shows and which
record types its views list. On the next build it compares the records with those
of the last one and has Sphinx rewrite exactly the pages that show a changed record
(or one whose links changed), or list a type that changed.

The date moves too: a new day (or another ``dmlog_today``) with no file changed can
make an action overdue or due soon. Each record's date-dependent marks are part of
what is compared, and the state keeps the date its pages were computed for: when it
moved, the pages that read the date itself (ages, ``due-within`` filters, review
packs, charts up to today: they read :data:`TODAY_KIND`) are rewritten as well.

Pages come and go too. A page's previous and next links (and its parent's) name its
neighbours in the table of contents: when one is added, removed or renamed, the pages
beside it are rewritten (Sphinx rewrites only pages whose source changed). And what a
removed source had published is removed: its downloads and images (pages of removed
sources: :mod:`dmlog.sphinxext.reconcile`; feeds: :mod:`dmlog.sphinxext.feeds`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from dmlog import schema
from dmlog.log.gaps import date_gaps
from dmlog.log.model import Record
from dmlog.sphinxext import needs, reconcile
from dmlog.sphinxext import state as build_state
from dmlog.sphinxext.state import Pages, Tracker

#: The kind a page lists when what it shows depends on the date itself.
TODAY_KIND = "today"


def links_kind(kind: str) -> str:
    """The kind a page lists when it reads only which records of type ``kind`` link to
    which (counts of back-links): it changes when one is added, removed or relinked, not
    when its other fields do."""
    return f"{kind}:links"

def fingerprint(record: Record, page: str, today: dt.date,
                last_change: Mapping[str, dt.date] | None = None) -> tuple:
    """(type, (page, digest of the shown values and date marks), outgoing links) of a
    record, comparable across builds: what a page may show of it and where it links to
    (if none of it changed, the page need not change); overdue, due soon and stale are
    marks its card and rows show. They are kept for the next build, which compares the
    values only: a digest of them, not a copy of each record's values; each link is one
    string however many records' fingerprints hold it."""
    shown = (*(record.get(name) for name in schema.shown_fields()), date_gaps(record, today, last_change))
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).digest()
    # the site lists links sorted (Graph.targets): compare them sorted
    links = tuple(tuple(sorted(map(sys.intern, record.links(name)))) for name in schema.LINKS)
    return (record.type, (page, digest), links)


def fingerprints(records: Iterable[Record], pages: Mapping[str, str], today: dt.date,
                 last_change: Mapping[str, dt.date] | None = None) -> dict[str, tuple]:
    return {record.id: fingerprint(record, pages[record.id], today, last_change) for record in records}


def updated_fingerprints(state: Pages, records: Iterable[Record], pages: Mapping[str, str],
                         reread: set[str], today: dt.date,
                         last_change: Mapping[str, dt.date]) -> dict[str, tuple]:
    """The fingerprints of ``records``, computed only for those of the pages read again
    in this build: a record of a page not read again is as it was, and so is its
    fingerprint, unless the date or the git history its marks depend on moved."""
    if state.today != today or state.last_change != last_change:
        return fingerprints(records, pages, today, last_change)
    old, result = state.records, {}
    for record in records:
        fp, page = old.get(record.id), pages[record.id]
        if fp is None or page in reread or fp[1][0] != page:
            fp = fingerprint(record, page, today, last_change)
        result[record.id] = fp
    return result


def records_changed(state: Pages, new: Mapping[str, tuple], reread: set[str], today: dt.date,
                    last_change: Mapping[str, dt.date]) -> bool:
    """Whether anything needs.json holds of the records may have changed: a record
    was added or removed, a page that held or holds one was read again (its text,
    line or section may have changed), or the date or history its fields derive from
    moved."""
    if state.today != today or state.last_change != last_change or state.records.keys() != new.keys():
        return True
    return any(fp[1][0] in reread for fp in (*state.records.values(), *new.values()))


def keep_needs_json(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-needs writes needs.json: when no record can
    have changed since the last build, and the file is there, sphinx-needs does not
    write it again (its public ``needs_build_json``, for this build only; it would
    resolve every record and write the same bytes)."""
    tracker = build_state.of(app).tracker
    if exception is None and tracker is not None and not tracker.records_changed \
            and app.config.needs_build_json and (Path(app.outdir) / "needs.json").is_file():
        app.config.needs_build_json = False
        tracker.json_kept = True


def restore_needs_json(app: Sphinx, _exception: Exception | None) -> None:
    """``build-finished``, after sphinx-needs: the setting as conf.py has it."""
    tracker = build_state.of(app).tracker
    if tracker is not None and tracker.json_kept:
        app.config.needs_build_json = True


def _linked(fp: tuple | None) -> set[str]:
    return {target for targets in fp[2] for target in targets or ()} if fp else set()


def neighbours(env: BuildEnvironment) -> dict[str, tuple]:
    """Page -> (parent, previous, next), each a (page, title) or None: what the page's
    navigation links show of the pages around it."""
    def named(docname: str | None) -> tuple[str, str] | None:
        if docname is None:
            return None
        title = env.titles.get(docname)
        return docname, title.astext() if title is not None else ""

    return {docname: tuple(named(other) for other in around)
            for docname, around in env.collect_relations().items()}


def moved_neighbours(old: Mapping[str, tuple], new: Mapping[str, tuple]) -> set[str]:
    """The pages whose parent, previous or next page (or its title) changed."""
    return {docname for docname, around in new.items() if old.get(docname) != around}


def pages_to_rewrite(state: Pages, new: dict[str, tuple], today: dt.date | None = None) -> set[str]:
    """The pages whose output the change from ``state.records`` to ``new`` alters, and,
    when the date moved from ``state.today`` to ``today``, the pages that read it."""
    dated = ({page for page, kinds in state.lists.items() if TODAY_KIND in kinds}
             if today is not None and today != state.today else set())
    old = state.records
    changed = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    if not changed:
        return dated
    # a changed record's link targets (before and after) list it among their back-links
    relinked = set(changed)
    types = set()
    for record_id in changed:
        before, after = old.get(record_id), new.get(record_id)
        # added, removed, of another type or linking elsewhere: who links to whom changed
        moved = before is None or after is None or before[0] != after[0] or before[2] != after[2]
        for fp in (before, after):
            relinked |= _linked(fp)
            if fp is not None:
                types.add(fp[0])
                if moved:
                    types.add(links_kind(fp[0]))
    pages = {page for page, ids in state.shown.items() if ids & changed}
    pages |= {page for page, ids in state.cards.items() if ids & relinked}
    pages |= {page for page, kinds in state.lists.items() if kinds & types or "*" in kinds}
    return pages | dated


def save(app: Sphinx, tracker: Tracker, today: dt.date) -> None:
    """Keep what each page of this build shows in the build state, for the next build."""
    env = app.env
    build = build_state.of(app)
    pages = tracker.last or build.kept.pages or Pages()
    for docname, (shown, cards, lists) in tracker.written.items():
        pages.shown[docname], pages.cards[docname], pages.lists[docname] = shown, cards, lists
    for table in (pages.shown, pages.cards, pages.lists):
        for docname in set(table) - env.found_docs:
            del table[docname]
    if tracker.records is None:  # no state of the last build: every record is new
        tracker.records = fingerprints(_site_records(app), build.pages, today, build.last_change)
    pages.records = tracker.records
    pages.today = today
    pages.last_change = dict(build.last_change)
    pages.neighbours = neighbours(env)
    build.kept.pages = pages


def _site_records(app: Sphinx) -> list[Record]:
    """The records the pages show: when writing started, the facts'; before (the raw
    records: resolving them before writing starts would cost a full pass), the same
    choice of the reader's records."""
    facts = build_state.of(app).facts
    if facts is not None:
        return list(facts.records.values())
    return list(reconcile.site_records(app, {need["id"] for need in needs.raw_records(app.env)}).values())


def outdated_pages(app: Sphinx, env: BuildEnvironment, tracker: Tracker,
                   today: dt.date) -> list[str]:
    """``env-get-updated``: the pages to rewrite though their source did not change."""
    state = tracker.last = build_state.of(app).kept.pages
    if state is None:
        # No record of the last build (first build, or the last one failed): every
        # page may be stale, so rewrite them all.
        return sorted(env.found_docs)
    # Kept for the state this build saves.
    build = build_state.of(app)
    new = tracker.records = updated_fingerprints(state, _site_records(app), build.pages,
                                                 build.purged, today, build.last_change)
    tracker.records_changed = records_changed(state, new, build.purged, today, build.last_change) \
        or bool(build.history_changed)
    pages = pages_to_rewrite(state, new, today) | moved_neighbours(state.neighbours, neighbours(env))
    return sorted(pages & env.found_docs)


def remove_stale_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: delete the downloads and images of the output that no page
    offers or shows any more (a meeting's minutes removed with its page, say): Sphinx
    copies them, and never removes them."""
    if exception is not None or app.builder.format != "html":
        return
    env, outdir = app.env, Path(app.outdir)
    kept = {("_downloads", *Path(destination).parts) for _, destination in env.dlfiles.values()}
    kept |= {("_images", name) for _, name in env.images.values()}
    for folder in ("_downloads", "_images"):
        for path in sorted((outdir / folder).rglob("*"), reverse=True):  # files before folders
            parts = path.relative_to(outdir).parts
            if path.is_file() and parts not in kept:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def purge_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Forget the records of every page about to be re-read, in one pass, before
    reading starts.

    Sphinx purges each page just before reading it, so a record moved into a page
    read earlier than its old one was reported as a duplicate of itself, and lost.
    And sphinx-needs purges a page by scanning every record, which made reading
    quadratic in the size of the log; dmlog takes over its purge handler.
    """
    pages = set(docnames)
    needs.purge_pages(env, pages)
    build_state.of(app).purged = pages


def drop_node_copies(_app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``, before Sphinx saves the environment: sphinx-needs keeps a copy
    of every record's node for its ``needextract``; dmlog draws cards from the records,
    so without a ``needextract`` in the site the copies only cost memory and the time
    of saving and loading them with the environment in every build."""
    needs.drop_node_copies(env)


def purge_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``: a page removed from the project, or one not purged yet."""
    if docname not in build_state.of(app).purged:
        needs.remove_page(env, docname)
