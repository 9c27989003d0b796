"""`dmlog new`: records and registry entries from their templates, with the next free ID."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from dmlog import schema
from dmlog.cli import resolve
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import characters, edits, gate, ledger, safeyaml, untrusted
from dmlog.log.files import write_all
from dmlog.log.model import Record
from dmlog.log.problems import LogError


class _TypedCommands(click.Group):
    """``dmlog new <type>``: besides the hand-written commands (a meeting, a person), one
    command for each type of a meeting's records, made from its declaration in the schema
    (:func:`record_command`), the log's own types (conf.py's ``dmlog_types``) among them."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, ...]:
        if args and args[0] not in self.commands:  # perhaps a type of the log's conf.py
            _read_declarations(_root_in(args))
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        record_type = schema.TYPES.get(cmd_name)
        if cmd_name not in self.commands and record_type is not None and record_type.numbered:
            return record_command(record_type)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, _ctx: click.Context) -> list[str]:
        _read_declarations(None)
        return sorted({*self.commands, *(t.name for t in schema.numbered_types())})


def _root_in(args: list[str]) -> Path | None:
    """The --root the command line gives, if any."""
    for index, arg in enumerate(args):
        if arg == "--root" and index + 1 < len(args):
            return Path(args[index + 1])
        if arg.startswith("--root="):
            return Path(arg.removeprefix("--root="))
    return None


def _read_declarations(root: Path | None) -> None:
    """The schema with the types of the log's conf.py (none where there is no log: the
    command then says what is wrong)."""
    with contextlib.suppress(click.ClickException):
        Project(root)


@click.group(cls=_TypedCommands)
def new() -> None:
    """Create a record from its template, with the next free ID."""


def _meeting(project: Project, meeting_id: str) -> Record:
    for record in project.log.records:
        if record.id == meeting_id and record.type == schema.MEETING:
            return record
    fail(f"no meeting {meeting_id!r}: create it first with `dmlog new {schema.MEETING}`")


def _check_title(title: str) -> None:
    if not title.strip():
        fail("--title is empty: say in one line what was decided, is to be done or was met about")
    if problem := untrusted.title_problem(title):
        fail(f"--title {problem}")


def _owners(project: Project, owners: str, option: str = "--owner") -> list[str]:
    return [project.person_or_group(owner, option) for owner in schema.split_list(owners)]


#: the options of a record, in the order a new record writes them
_FIRST = ("status", "date", "owner", schema.MEETING)


def record_command(record_type: schema.RecordType) -> click.Command:
    """``dmlog new <type>`` for a type of a meeting's records: an option for each field
    and link it may have when it is new (:data:`dmlog.schema.LATER_FIELDS` are for later),
    required as the schema requires it; a date it requires defaults to the meeting's."""
    kind = record_type.name
    offered = [o for o in dict.fromkeys((*_FIRST, *record_type.options))
               if o in record_type.options and o not in (*schema.LATER_FIELDS, schema.MEETING)]
    noun = record_type.title.lower()

    def create(meeting_id: str, title: str, body: str, root: Path | None, **values: str | None) -> None:
        project = Project(root)
        with project.editing():
            _new_record(project, kind, meeting_id, title, body,
                        {name.replace("_", "-"): value for name, value in values.items()})

    command: Any = root_option(create)
    for decorator in reversed((
            click.option("--meeting", "meeting_id", required=True,
                         help=f"The meeting's ID ({schema.TYPES[schema.MEETING].prefix}-...)."),
            click.option("--title", required=True, help=f"One line: the {noun}."),
            *(_option(record_type, name) for name in offered),
            click.option("--text", "body", default="", help=f"The {noun}'s text."))):
        command = decorator(command)
    return click.command(kind, help=f"Add {schema.a(noun)} to its meeting's {record_type.plural} "
                         "file.")(command)


def _option(record_type: schema.RecordType, name: str) -> Any:
    """The option of a field or link of a new record, as its declaration says."""
    required = name in record_type.required
    if name == "status":
        return click.option("--status", type=click.Choice(record_type.statuses),
                            default=record_type.default_status, show_default=True)
    if name in schema.LINKS:
        link = schema.LINKS[name]
        if _is_people(link):
            return click.option(f"--{name}", required=required, default="",
                                help=f"{link.description} IDs or names, comma separated.")
        examples = ", ".join(f"{t.prefix}-..." if t.prefix else f"e.g. {t.id_example}"
                             for t in map(schema.TYPES.__getitem__, link.targets))
        return click.option(f"--{name}", required=required,
                            help=f"{link.description} IDs ({examples}), comma separated.")
    field = schema.FIELDS.get(name)
    if field is None:  # tags
        return click.option(f"--{name}", help=f"{schema.LABELS[name]}, comma separated.")
    if field.kind == "date":
        return click.option(f"--{name}", help=f"{field.description} YYYY-MM-DD or YYYY-MM"
                            + (" (default: the meeting's date)." if required else
                               ", or as minutes write it ('next week', 'Friday', 'end of month', "
                               "'in 2 weeks')."))
    return click.option(f"--{name}", required=required,
                        type=click.Choice(field.values) if field.values else None,
                        help=field.description)


def _is_people(link: schema.Link) -> bool:
    return set(link.targets) <= set(schema.LINKS["owner"].targets)


def _new_record(project: Project, kind: str, meeting_id: str, title: str, body: str,
                values: dict[str, str | None]) -> None:
    record_type = schema.TYPES[kind]
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
    options: dict[str, str | None] = {}
    for name, value in values.items():
        options[name] = _value(project, record_type, name, value, meeting)
    options[schema.MEETING] = meeting_id
    options = {name: options.get(name) for name in dict.fromkeys((*_FIRST, *values))}
    year = int(meeting.get("date")[:4])
    (record_id,) = edits.next_ids(project.log, kind, year)
    path = edits.records_file(project.root, kind, meeting_id)
    edits.append_records(project.root, path, edits.records_header(kind, meeting_id, meeting.title),
                         {record_id: edits.record_text(kind, record_id, title, options, body)},
                         project.markdown_extensions)
    ledger.record_issued(project.log, [record_id])
    click.echo(f"{path.relative_to(project.root)}: added {kind} {record_id}")


def _value(project: Project, record_type: schema.RecordType, name: str, value: str | None,
           meeting: Record) -> str | None:
    """An option's value as the record writes it, or exit saying what is wrong with it."""
    if name in schema.LINKS:
        link = schema.LINKS[name]
        if _is_people(link):
            return ", ".join(_owners(project, value or "", f"--{name}")) or None
        for target in schema.split_list(value):
            if not any(r.id == target and r.type in link.targets for r in project.log.records):
                example = schema.TYPES[link.targets[0]]
                fail(f"--{name} {target!r} is not {schema.a(' or '.join(link.targets))} of the log "
                     f"(give {schema.a(example.prefix or example.title.lower())} ID such as "
                     f"{example.id_example})")
        return value
    if name in schema.FIELDS and schema.FIELDS[name].kind == "date":
        if name in record_type.required:
            date = value or meeting.get("date")
            if schema.parse_date(date) is None:
                fail(f"--{name} {date!r} is not a date: write YYYY-MM-DD or YYYY-MM")
            return date
        return _due(project, value, f"--{name}")
    return value


def _due(project: Project, written: str | None, option: str = "--due") -> str | None:
    """A date option: as written if it is a date, else read as the importer reads minutes."""
    if not written or schema.parse_date(written) is not None:
        return written
    # here, not at the top: the importer's package compiles its tables (a quarter of a
    # second), which every other command would pay for at start
    from dmlog.importer import dates

    due = dates.parse_due(written, project.today().isoformat())
    if due is None:
        fail(f"{option} {written!r} is not a date: write YYYY-MM-DD, YYYY-MM, or a phrase such as "
             "'next week', 'Friday', 'end of month', 'in 2 weeks'")
    click.echo(f"{option} {written!r} read as {due}", err=True)
    return due


@new.command(name=schema.MEETING)
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


@new.command(name=schema.PERSON)
@click.argument("person_id")
@click.option("--name", required=True, help="Full name, as in lsst-texmf's authordb.")
@click.option("--affiliation", help="Institution.")
@click.option("--alias", "aliases", multiple=True, help="Another spelling used in minutes (repeatable).")
@click.option("--not-in-authordb", is_flag=True, help="The person has no authordb entry.")
@click.option("--resolves", "resolves", multiple=True,
              help="A name the importer could not resolve (UNRESOLVED-Jane_Doe, or as written): "
                   "this person is put in every place it stands (repeatable; see `dmlog resolve`).")
@root_option
def new_person(person_id: str, resolves: tuple[str, ...], root: Path | None, **entry: Any) -> None:
    """Add a person to the people registry (their page appears at the next build)."""
    person = PersonEntry(**entry)
    project = Project(root)
    if not schema.TYPES[schema.PERSON].id_pattern.fullmatch(person_id):
        fail(f"{person_id!r} is not a person ID: use their lsst-texmf authordb id, e.g. 'limk'")
    with project.editing():
        for written in resolves:  # every name checked before anything is written
            resolve.check(project, written)
        _add_person(project, person_id, person)
        for written in resolves:
            project.reread()  # with what was written for the name before
            files, changes = resolve.plan(project, written, person_id)
            write_all(files, project.root)
            resolve.report(changes)
        project.reread()
        resolve.hint_for(project, person_id)


@dataclass(frozen=True, kw_only=True)
class PersonEntry:
    """A person's entry in the people registry, as `dmlog new person`'s options give it."""

    name: str
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    not_in_authordb: bool = False

    def values(self) -> dict[str, object]:
        """The entry's fields as the registry writes them, after checking their text."""
        for option, value in (("--name", self.name), ("--affiliation", self.affiliation or ""),
                              *(("--alias", alias) for alias in self.aliases)):
            if problem := characters.field_problem(value):
                fail(f"{option} {problem}")
        values: dict[str, object] = {"name": self.name}
        if self.affiliation:
            values["affiliation"] = self.affiliation
        if self.aliases:
            values["aliases"] = list(self.aliases)
        if self.not_in_authordb:
            values["authordb"] = "no"
        return values


def _add_person(project: Project, person_id: str, person: PersonEntry) -> None:
    if person_id in project.log.ids():
        fail(f"{person_id!r} is already in the log")
    values = person.values()
    registry, section = schema.TYPES[schema.PERSON].registry
    path = project.root / project.registry_dir / registry
    relpath = path.relative_to(project.root).as_posix()
    if (text := edits.existing_text(path, relpath)) is not None:
        try:  # a registry YAML cannot read is fixed first, not added to
            safeyaml.compose_kept(text, relpath)
        except LogError as err:
            fail(f"{err}; fix it before adding to it")
    edits.add_registry_entry(project.root, path, section, person_id, values)
    click.echo(f"{path.relative_to(project.root)}: added {person_id} ({person.name})")
