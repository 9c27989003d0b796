"""`dmlog close` and `dmlog supersede`: status changes made in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dmlog import schema
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import edits, validation
from dmlog.log.files import write_all
from dmlog.log.problems import LogError
from dmlog.log.sources import Log, parse_text


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--date", "closed", help="Date it was done (default: today).")
@click.option("--cancelled", is_flag=True, help="Mark it cancelled rather than done.")
@click.option("--status", help="The status it closes with, of those its type closes with "
                               "(default: the first, an action's done).")
@click.option("--reason", help="Why it was cancelled (written as its :reason:).")
@root_option
def close(record_id: str, closed: str | None, cancelled: bool, status: str | None,
          reason: str | None, root: Path | None) -> None:
    """Mark an action done (or cancelled), with the date it was closed; or a record of
    any type that records its closing date (its declaration has the closed field).

    Only the status line changes and a :closed: line is added; the rest of the file
    stays byte for byte.
    """
    project = Project(root)
    closed = closed or project.today().isoformat()
    if schema.parse_date(closed) is None:
        fail(f"--date {closed!r} is not a date: write YYYY-MM-DD")
    reason = " ".join((reason or "").split())
    with project.editing():
        _close(project, record_id, closed, status or ("cancelled" if cancelled else None), reason)


def _closing_types() -> tuple[schema.RecordType, ...]:
    """The types whose records `dmlog close` closes: those that record the date."""
    return tuple(t for t in schema.TYPES.values() if t.closed and "closed" in t.options)


def _close(project: Project, record_id: str, closed: str, status: str | None, reason: str) -> None:
    closing = _closing_types()
    source, record = _find(project.log, record_id, *(t.name for t in closing))
    kind = schema.TYPES[record.record.type]
    status = status or kind.closed[0]
    if status not in kind.closed:
        fail(f"--status {status!r}: {schema.a(kind.title.lower())} closes as {' or '.join(kind.closed)}")
    if not reason and project.lifecycle.requires_reason(kind.name, status):
        fail(f"{schema.a(f'{status} {kind.title.lower()}')} says why: add --reason 'why it is no longer "
             "needed'")
    if record.record.get("status") in kind.closed:
        fail(f"{record.record.path}:{record.record.line}: {record_id} is already "
             f"{record.record.get('status')}")
    edits.set_option(source, record, "status", status)
    edits.set_option(source, record, "closed", closed)
    if reason:
        edits.set_option(source, record, "reason", reason, after="closed")
    edits.save(source)
    click.echo(f"{source.relpath}:{record.record.line}: {record_id} is {status} ({closed})")


@click.command()
@click.argument("old_id")
@click.argument("new_id")
@root_option
def supersede(old_id: str, new_id: str, root: Path | None) -> None:
    """Record that decision NEW_ID supersedes decision OLD_ID.

    NEW_ID gains ':supersedes: OLD_ID' and OLD_ID's status becomes superseded;
    nothing else in either file changes.
    """
    project = Project(root)
    if old_id == new_id:
        fail("a decision cannot supersede itself")
    with project.editing():
        _supersede(project, old_id, new_id)


def _supersede(project: Project, old_id: str, new_id: str) -> None:
    old_source, old = _find(project.log, old_id, schema.DECISION)
    new_source, new = _find(project.log, new_id, schema.DECISION)
    if (cycle := validation.new_supersedes_cycle(project.log.records, new_id, old_id)) is not None:
        fail(f"{new_id} cannot supersede {old_id}: {cycle}")
    existing = new.record.links("supersedes")
    if old_id not in existing:
        edits.set_option(new_source, new, "supersedes", ", ".join([*existing, old_id]))
    if new_source.path == old_source.path:
        # a line may have been added above the old record: read the edited lines again
        old_source = new_source
        reparsed, _ = parse_text("".join(new_source.lines), new_source.path, new_source.relpath)
        old = next(r for r in reparsed.records if r.record.id == old_id)
    edits.set_option(old_source, old, "status", "superseded")
    # both files or neither: a decision never supersedes one still in force
    write_all({source.path: "".join(source.lines) for source in (new_source, old_source)},
              project.root)
    click.echo(f"{new_id} supersedes {old_id} (now superseded)")


def _find(log: Log, record_id: str, *kinds: str) -> Any:
    """The record (and its file) of one of these types, or exit saying what it is."""
    try:
        source, record = log.find(record_id)
    except LogError:
        fail(f"no {' or '.join(kinds)} {record_id!r} in the log's files")
    if record.record.type not in kinds:
        fail(f"{record.record.path}:{record.record.line}: {record_id} is "
             f"{schema.a(record.record.type)}, not {' or '.join(map(schema.a, kinds))}")
    return source, record
