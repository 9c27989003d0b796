"""Every record written in the sources becomes a record of the site, or the build fails.

When writing starts, the build reads the log's folders with the reader of ``dmlog
check`` (:mod:`dmlog.log.sources`: MyST's own parser, every file, any nesting) and

- reports the problems of form the reader finds, as ``dmlog check`` does (the same
  rules, so both tools agree: records in comments, swallowed by a fence, nested,
  in drafts or files no toctree includes, repeated options, mentions of unknown IDs);
- compares the record directives of the sources with the records sphinx-needs
  created, and fails at the file and line of each one that did not become a record
  (refused, dropped as a duplicate, in a file the build does not read), and of each
  record the build made that the reader did not see.

A build that reported any problem makes the next build read every page again
(``env-get-outdated``), so that a rerun without a fix fails again: sphinx-needs
reports duplicates and bad options only while it reads a page. (Both are kept in the
build state, :mod:`dmlog.sphinxext.state`, with the reader's readings of the sources.)
"""

from __future__ import annotations

import os
from collections.abc import Container
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from dmlog import schema
from dmlog.log import characters, layout, sources
from dmlog.log.model import Record
from dmlog.log.problems import Problem
from dmlog.sphinxext import needs, state

logger = logging.getLogger(__name__)


def _warn(problem: Problem, subtype: str) -> None:
    logger.warning(problem.message, location=f"{problem.path}:{problem.line}",
                   type="dmlog", subtype=subtype)


def read_log(app: Sphinx) -> sources.Log:
    """The log as the reader reads it (which the build checks as `dmlog check` does,
    and draws its pages from), read once per build when Sphinx has read the pages
    (``env-get-updated``): the pages' readings are kept from Sphinx's reading of them."""
    build = state.of(app)
    if build.reading is not None:
        return build.reading
    srcdir = Path(app.srcdir)
    extensions = tuple(app.config.myst_enable_extensions or ())
    files, problems = sources.read_sources(srcdir, extensions, build.kept.sources)
    log = build.reading = sources.log_of(srcdir, files, list(build.registry.values()),
                                         problems + build.registry_problems, extensions)
    build.pages = log.pages()
    ids = log.ids()
    # a problem about an ID the log does not have is a mention of it on that page
    build.mentions = {(p.path.rsplit(".", 1)[0], p.record_id) for p in log.problems
                      if p.record_id and p.record_id not in ids}
    return log


def site_records(app: Sphinx, known: Container[str]) -> dict[str, Record]:
    """The reader's records that are records of the site, as it shows them: the first
    of each ID ``known`` to sphinx-needs (a record it refused, or a second one of an
    ID, is reported by :func:`lost_records`)."""
    log = read_log(app)
    records: dict[str, Record] = {}
    for record in log.records:
        if record.id in known and record.id not in records:
            records[record.id] = _shown(record)
    return records


def _shown(record: Record) -> Record:
    """The record as the site shows it: without the control characters the reader
    reports (as sphinx-needs' record and needs.json hold it: :mod:`dmlog.log.characters`),
    and a registry entry without a name titled by its ID, as its generated page is.
    Almost always the record itself."""
    if record.title and characters.CONTROL.search("".join((record.title, *record.options.values()))) is None:
        return record
    clean = {name: characters.shown(name, value) for name, value in record.options.items()}
    return Record(record.type, record.id, characters.shown("title", record.title) or record.id,
                  record.path, record.line, clean)


def reconcile(app: Sphinx, _builder: Any) -> None:
    """``write-started``: the records lost on the way to the site."""
    log = read_log(app)
    for problem in sorted(set(lost_records(app, log.files, needs.resolved_needs(app)))):
        _warn(problem, "source")


def lost_records(app: Sphinx, files: list[sources.SourceFile],
                 records: Any) -> list[Problem]:
    """Record directives of the sources that are not records of the build, and the
    build's logged records that the reader did not see."""
    env, srcdir = app.env, Path(app.srcdir)
    found: list[Problem] = []
    # (page, line) of each record directive the reader saw
    written: set[tuple[str, int]] = set()
    for source in files:
        for item in source.records:
            record = item.record
            written.add((source.docname, record.line))
            need = records.get(record.id)
            if need is not None and need["docname"] == source.docname \
                    and (need.get("lineno") or 0) == record.line:
                continue
            if source.docname not in env.found_docs:
                why = "its file is not part of the site (excluded from the build)"
            elif need is not None:
                where = os.path.relpath(env.doc2path(need["docname"]), srcdir)
                why = (f"the ID is already used at {where}:{need.get('lineno') or 1}; "
                       f"give this {record.type} the next free ID")
            else:
                why = "sphinx-needs refused it (see its message above)"
            found.append(Problem(source.relpath, record.line,
                                 f"{record.id} did not become a record of the site: {why}",
                                 record.id))
    logged = schema.logged_types()
    for need in records.values():
        # compared by page, not by file: a page's file is asked for only when it is reported
        if need["type"] in logged and (need["docname"], need.get("lineno") or 0) not in written:
            path = os.path.relpath(env.doc2path(need["docname"]), srcdir)
            found.append(Problem(path, need.get("lineno") or 1, (
                f"{need['id']} is a record of the site that dmlog check does not see; write "
                "it as a plain ```{" + need["type"] + "} block at the top level of its file"),
                need["id"]))
    return found


def mention_reported(app: Sphinx, docname: str, record_id: str) -> bool:
    """Whether the mention of an unknown record on a page was reported already."""
    return (docname, record_id) in state.of(app).mentions


def _reread_all(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                _removed: set[str]) -> list[str]:
    """``env-get-outdated``: after a build with problems, read every page again."""
    if state.of(app).kept.reread:
        return sorted(env.found_docs - added - changed)
    return []


def _remember_failure(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: mark a build with problems, and remove pages of sources
    that are gone."""
    warnings = needs.warnings_so_far(app)
    state.of(app).kept.reread = exception is not None or warnings is None or bool(warnings)
    if exception is None and app.builder.name == "html":
        remove_stale_pages(Path(app.outdir), app.env.found_docs)


def remove_stale_pages(outdir: Path, docnames: set[str]) -> list[Path]:
    """Delete pages of the log's folders whose source is gone (a records file
    renamed or removed, a registry entry deleted): they would stay published."""
    removed = []
    for folder in layout.record_dirs():
        for page in sorted((outdir / folder).rglob("*.html")):
            docname = page.relative_to(outdir).with_suffix("").as_posix()
            if docname not in docnames:
                page.unlink()
                removed.append(page)
    return removed


def _forget_reading(app: Sphinx, _env: BuildEnvironment, _docnames: list[str]) -> None:
    """``env-before-read-docs``: a build of this application reads the log anew, and
    draws its pages from what it reads."""
    build = state.of(app)
    build.reading, build.facts = None, None


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _forget_reading)
    app.connect("write-started", reconcile, priority=450)
    app.connect("env-get-outdated", _reread_all)
    app.connect("build-finished", _remember_failure, priority=900)
