"""`dmlog new`: records and registry entries from their templates, with the next free ID."""

from __future__ import annotations

from pathlib import Path

import click

from dmlog import schema
from dmlog.cli import resolve
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import characters, edits, gate, ledger, safeyaml, untrusted
from dmlog.log.files import write_all
from dmlog.log.problems import LogError


@click.group()
def new() -> None:
    """Create a record from its template, with the next free ID."""


def _meeting(project: Project, meeting_id: str) -> schema.Record:
    for record in project.log.records:
        if record.id == meeting_id and record.type == "meeting":
            return record
    fail(f"no meeting {meeting_id!r}: create it first with `dmlog new meeting`")


def _check_title(title: str) -> None:
    if not title.strip():
        fail("--title is empty: say in one line what was decided, is to be done or was met about")
    if problem := untrusted.title_problem(title):
        fail(f"--title {problem}")


def _owners(project: Project, owners: str, option: str = "--owner") -> list[str]:
    return [project.person_or_group(owner, option) for owner in schema.split_list(owners)]


@new.command(name="decision")
@click.option("--meeting", "meeting_id", required=True, help="The meeting's ID (MTG-...).")
@click.option("--title", required=True, help="One line saying what was decided.")
@click.option("--owner", default="", help="Owners: IDs or names, comma separated.")
@click.option("--status", type=click.Choice(schema.TYPES["decision"].statuses),
              default=schema.TYPES["decision"].default_status,
              show_default=True)
@click.option("--date", help="Date decided (default: the meeting's date).")
@click.option("--text", "body", default="", help="The decision's text.")
@root_option
def new_decision(meeting_id: str, title: str, owner: str, status: str, date: str | None,
                 body: str, root: Path | None) -> None:
    """Add a decision to its meeting's decisions file."""
    project = Project(root)
    with project.editing():
        _new_record(project, "decision", meeting_id, title, owner, body,
                    {"status": status, "date": date})


@new.command(name="action")
@click.option("--meeting", "meeting_id", required=True, help="The meeting's ID (MTG-...).")
@click.option("--title", required=True, help="One line saying what is to be done.")
@click.option("--owner", required=True, help="Owners: IDs or names, comma separated.")
@click.option("--due", help="Due date: YYYY-MM-DD, YYYY-MM, or as minutes write it "
                                "('next week', 'Friday', 'end of month', 'in 2 weeks').")
@click.option("--decision", help="The decision it implements (DEC-...).")
@click.option("--text", "body", default="", help="The action's text.")
@root_option
def new_action(meeting_id: str, title: str, owner: str, due: str | None, decision: str | None,
               body: str, root: Path | None) -> None:
    """Add an action to its meeting's actions file."""
    project = Project(root)
    with project.editing():
        _new_record(project, "action", meeting_id, title, owner, body,
                    {"status": schema.TYPES["action"].default_status, "due": due,
                     "decision": decision})


def _new_record(project: Project, kind: str, meeting_id: str, title: str, owner: str, body: str,
                fields: dict[str, str | None]) -> None:
    _check_title(title)
    if problem := characters.control_problem(body):
        fail(f"--text {problem}")
    if nested := untrusted.directive_in(body, schema.TYPES):
        fail(f"--text holds a {{{nested}}} directive: a record cannot hold another record; "
             f"add it with its own `dmlog new {nested}`")
    folder = edits.records_file(project.root, kind, meeting_id).parent.relative_to(project.root)
    if refused := gate.text_problems(body, folder.as_posix()):
        fail(f"--text line {refused[0][0]}: {refused[0][1]}")
    meeting = _meeting(project, meeting_id)
    date = fields.get("date") or (meeting.get("date") if kind == "decision" else None)
    if date and schema.parse_date(date) is None:
        fail(f"--date {date!r} is not a date: write YYYY-MM-DD or YYYY-MM")
    fields["due"] = _due(project, fields.get("due"))
    decision = fields.get("decision")
    if decision and not any(r.id == decision and r.type == "decision" for r in project.log.records):
        fail(f"--decision {decision!r} is not a decision of the log (give a DEC-... ID)")
    owners = _owners(project, owner)
    year = int(meeting.get("date")[:4])
    (record_id,) = edits.next_ids(project.log, kind, year)
    options = {"status": fields["status"], "date": date if kind == "decision" else None,
               "owner": ", ".join(owners), "meeting": meeting_id, "due": fields.get("due"),
               "decision": fields.get("decision")}
    path = edits.records_file(project.root, kind, meeting_id)
    edits.append_records(project.root, path, edits.records_header(kind, meeting_id, meeting.title),
                         {record_id: edits.record_text(kind, record_id, title, options, body)},
                         project.markdown_extensions)
    ledger.record_issued(project.log, [record_id])
    click.echo(f"{path.relative_to(project.root)}: added {kind} {record_id}")


def _due(project: Project, written: str | None) -> str | None:
    """--due as a date: as written if it is one, else read as the importer reads minutes."""
    if not written or schema.parse_date(written) is not None:
        return written
    # here, not at the top: the importer's package compiles its tables (a quarter of a
    # second), which every other command would pay for at start
    from dmlog.importer import dates

    due = dates.parse_due(written, project.today().isoformat())
    if due is None:
        fail(f"--due {written!r} is not a date: write YYYY-MM-DD, YYYY-MM, or a phrase such as "
             "'next week', 'Friday', 'end of month', 'in 2 weeks'")
    click.echo(f"--due {written!r} read as {due}", err=True)
    return due


@new.command(name="meeting")
@click.option("--date", required=True, help="YYYY-MM-DD (or YYYY-MM if the day is not known).")
@click.option("--title", required=True)
@click.option("--slug", help="Short name for the ID and file (default: from the title).")
@click.option("--chair", help="Who chaired it (ID or name).")
@root_option
def new_meeting(date: str, title: str, slug: str | None, chair: str | None, root: Path | None) -> None:
    """Create a meeting page under docs/meetings/."""
    project = Project(root)
    _check_title(title)
    try:
        meeting_id = edits.meeting_id_for(date, slug or title)
    except LogError as err:
        fail(err.problem.message)
    path = edits.meeting_page(project.root, meeting_id)
    with project.editing():
        relpath = path.relative_to(project.root).as_posix()
        if edits.existing_text(path, relpath) is not None or meeting_id in project.log.ids():
            fail(f"{relpath}: {meeting_id} already exists")
        options = {"date": date, "chair": ", ".join(_owners(project, chair, "--chair")) if chair else None}
        write_all({path: edits.meeting_page_text(meeting_id, title, options)}, project.root,
                  new_only=True)
    click.echo(f"{path.relative_to(project.root)}: added meeting {meeting_id}")


@new.command(name="person")
@click.argument("person_id")
@click.option("--name", required=True, help="Full name, as in lsst-texmf's authordb.")
@click.option("--affiliation", help="Institution.")
@click.option("--alias", "aliases", multiple=True, help="Another spelling used in minutes (repeatable).")
@click.option("--not-in-authordb", is_flag=True, help="The person has no authordb entry.")
@click.option("--resolves", "resolves", multiple=True,
              help="A name the importer could not resolve (UNRESOLVED-Jane_Doe, or as written): "
                   "this person is put in every place it stands (repeatable; see `dmlog resolve`).")
@root_option
def new_person(person_id: str, name: str, affiliation: str | None, aliases: tuple[str, ...],
               not_in_authordb: bool, resolves: tuple[str, ...], root: Path | None) -> None:
    """Add a person to the people registry (their page appears at the next build)."""
    project = Project(root)
    if not schema.TYPES["person"].id_pattern.fullmatch(person_id):
        fail(f"{person_id!r} is not a person ID: use their lsst-texmf authordb id, e.g. 'limk'")
    with project.editing():
        for written in resolves:  # every name checked before anything is written
            resolve.check(project, written)
        _add_person(project, person_id, name, affiliation, aliases, not_in_authordb)
        for written in resolves:
            project.reread()  # with what was written for the name before
            files, changes = resolve.plan(project, written, person_id)
            write_all(files, project.root)
            resolve.report(changes)
        project.reread()
        resolve.hint_for(project, person_id)


def _add_person(project: Project, person_id: str, name: str, affiliation: str | None,
                aliases: tuple[str, ...], not_in_authordb: bool) -> None:
    if person_id in project.log.ids():
        fail(f"{person_id!r} is already in the log")
    for option, value in (("--name", name), ("--affiliation", affiliation or ""),
                          *(("--alias", alias) for alias in aliases)):
        if problem := characters.field_problem(value):
            fail(f"{option} {problem}")
    values: dict[str, object] = {"name": name}
    if affiliation:
        values["affiliation"] = affiliation
    if aliases:
        values["aliases"] = list(aliases)
    if not_in_authordb:
        values["authordb"] = "no"
    path = project.root / project.registry_dir / "people.yaml"
    relpath = path.relative_to(project.root).as_posix()
    if (text := edits.existing_text(path, relpath)) is not None:
        try:  # a registry YAML cannot read is fixed first, not added to
            safeyaml.compose_kept(text, relpath)
        except LogError as err:
            fail(f"{err}; fix it before adding to it")
    edits.add_registry_entry(project.root, path, "people", person_id, values)
    click.echo(f"{path.relative_to(project.root)}: added {person_id} ({name})")
