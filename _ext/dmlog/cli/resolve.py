"""`dmlog resolve`: a name the importer could not resolve, settled in every file at once."""

from __future__ import annotations

from pathlib import Path

import click

from dmlog import schema
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import edits, unresolved
from dmlog.log.files import write_all
from dmlog.log.names import normal
from dmlog.log.problems import LogError


@click.command()
@click.argument("name")
@click.argument(schema.PERSON)
@click.option("--record", "records", multiple=True,
              help="Only in this record (repeatable): for UNRESOLVED-unassigned, one action at a time.")
@root_option
def resolve(name: str, person: str, records: tuple[str, ...], root: Path | None) -> None:
    """Put PERSON where the minutes' NAME could not be resolved.

    NAME is the mark `dmlog check` shows (UNRESOLVED-Jane_Doe) or the name as the
    minutes write it ("Jane Doe"); PERSON is the ID (or a name) of a person or group of
    the registry — add someone new with `dmlog new person ID --name NAME --resolves NAME`.
    Every owner, attendee and chair marked so becomes PERSON, and the name leaves the
    records' "(Owner to resolve …)" notes; all files are written, or none.
    """
    project = Project(root)
    with project.editing():
        check(project, name, set(records) or None)
        target = project.person_or_group(person, "PERSON", f"`dmlog new person ID --name NAME "
                                         f"--resolves {unresolved.as_mark(name)}`")
        files, changes = plan(project, name, target, set(records) or None)
        write_all(files, project.root)
    report(changes)


def report(changes: list[unresolved.Change]) -> None:
    for change in changes:
        click.echo(f"{change.where}: {change.record_id} {change.what}")


def plan(project: Project, name: str, target: str,
         only: set[str] | None = None) -> tuple[dict[Path, str], list[unresolved.Change]]:
    """What settling ``name`` as ``target`` would write; exits if the log never names it."""
    check(project, name, only)
    mark = unresolved.as_mark(name)
    spelling = name if name != mark else unresolved.written_name(project.log, mark)
    files, changes = unresolved.settle(project.log, mark, target, only)
    if mark != unresolved.mark(unresolved.UNASSIGNED):
        changes += _alias(project, spelling, target, files)
    return files, changes


def hint_for(project: Project, person_id: str) -> None:
    """Say which of the log's unresolved names ``person_id``'s name or aliases now
    resolve, and the command that settles each (a new entry settles nothing itself)."""
    names = project.names()
    for mark in unresolved.marks(project.log):
        if names.exact.get(normal(unresolved.written_name(project.log, mark))) == {person_id}:
            click.echo(f"{mark} is {person_id} now: `dmlog resolve {mark} {person_id}` puts "
                       "the ID in every place the name stands")


def _alias(project: Project, spelling: str, target: str, files: dict[Path, str]) -> list[unresolved.Change]:
    """The minutes' spelling made an alias of ``target`` in ``files``, so that the next
    import resolves it (unless it names ``target`` already, or someone else)."""
    names = project.names()
    if names.exact.get(normal(spelling)):
        return []
    entry = names.entries[target]
    path = project.root / entry.path
    aliases = [*(str(a) for a in entry.values.get("aliases") or []), spelling]
    text = files.get(path, edits.existing_text(path, entry.path) or "")
    try:
        files[path] = edits.registry_value_set(text, entry.path, target, "aliases", aliases)
    except LogError as err:
        fail(str(err))
    return [unresolved.Change(f"{entry.path}:{entry.line}", target, f"aliases: {', '.join(aliases)}")]


def check(project: Project, name: str, only: set[str] | None = None) -> None:
    """Exit, with the marks it may be, unless a record (of ``only``) bears ``name``'s mark."""
    mark = unresolved.as_mark(name)
    if mark in unresolved.marks(project.log, only):
        return
    message = f"no record names {mark}" + (f" among {', '.join(sorted(only))}" if only else "")
    if close := unresolved.closest_marks(project.log, name):
        message += f"; did you mean {' or '.join(close)}?"
    elif marks := unresolved.marks(project.log):
        message += f"; the unresolved names are {', '.join(marks)}"
    else:
        message += "; the log has no unresolved names"
    fail(message)
