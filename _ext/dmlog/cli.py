"""The ``dmlog`` command: import minutes, create records, check, query and update the
log from the terminal, on the same schema and rules as the site."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import runpy
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from dmlog import edits, registries, schema
from dmlog.names import NameIndex
from dmlog.sources import Log, SourceError, find_root, load_log, parse_text
from dmlog.templating import write_atomically
from dmlog.validation import validate


class UserError(click.ClickException):
    """A mistake in the input: one line, no traceback, exit status 1."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        click.echo(f"dmlog: {self.message}", err=True)


def fail(message: str) -> NoReturn:
    raise UserError(message)


class Project:
    """The log's folder, its conf.py settings and its records."""

    def __init__(self, root: Path | None) -> None:
        try:
            self.root = (root or find_root()).resolve()
        except SourceError as err:
            fail(err.problem.message)
        self.config = self._read_config()
        self._log: Log | None = None

    def _read_config(self) -> dict[str, Any]:
        conf = self.root / "conf.py"
        if not conf.exists():
            fail(f"{self.root} has no conf.py: is it a dmlog project? (use --root)")
        sys.path.insert(0, str(self.root))
        try:
            return runpy.run_path(str(conf))
        except Exception as err:  # a broken conf.py is the user's to fix
            fail(f"conf.py: cannot be read: {err}")
        finally:
            sys.path.remove(str(self.root))

    @property
    def registry_dir(self) -> str:
        return self.config.get("dmlog_registry_dir", registries.DEFAULT_DIR)

    @property
    def log(self) -> Log:
        if self._log is None:
            self._log = load_log(self.root, self.registry_dir)
        return self._log

    def today(self, override: str | None = None) -> dt.date:
        value = override or self.config.get("dmlog_today")
        if not value:
            return dt.date.today()
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            fail(f"bad date {value!r}: write YYYY-MM-DD")

    def names(self) -> NameIndex:
        return NameIndex(self.log.entries)


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                           help="The log's folder (default: the one holding conf.py, from here up).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dmlog")
def main() -> None:
    """dmlog: the decision log of a team, kept as MyST records in git.

    \b
    Typical workflow:
      dmlog import minutes.txt --date 2024-05-02 --title "DMLT meeting" --dry-run
      dmlog import minutes.txt --date 2024-05-02 --title "DMLT meeting"
      dmlog check            # then review, commit and open a pull request
      make html              # preview the site in _build/html
    """


# -- check ---------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: file:line: message; json: for tools.")
@root_option
def check(paths: tuple[Path, ...], fmt: str, root: Path | None) -> None:
    """Check the records against every rule the build enforces, without building.

    With PATHS, only problems in those files are reported (links are still checked
    against the whole log). Exit status 1 if there is any problem.
    """
    project = Project(root)
    log = project.log
    problems = sorted(set(log.problems + validate(log.records)))
    if paths:
        wanted = {_relative(project.root, p) for p in paths}
        problems = [p for p in problems if p.path in wanted or
                    any(p.path.startswith(w.rstrip("/") + "/") for w in wanted)]
    if fmt == "json":
        click.echo(json.dumps({"records": len(log.records),
                               "problems": [p.as_dict() for p in problems]}, indent=2))
    else:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"dmlog check: {len(problems)} problem(s) in {len(log.records)} records",
                   err=True)
    sys.exit(1 if problems else 0)


def _relative(root: Path, path: Path) -> str:
    absolute = path.resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        fail(f"{path}: is not inside the log ({root})")


# -- list ----------------------------------------------------------------------
COLUMNS = {"decisions": ("id", "status", "date", "title", "owner", "meeting"),
           "actions": ("id", "status", "due", "title", "owner", "meeting")}


@main.command(name="list")
@click.argument("kind", type=click.Choice(["decisions", "actions"]))
@click.option("--owner", help="An owner: ID, name or alias.")
@click.option("--status", multiple=True, help="Only these statuses (repeat for several).")
@click.option("--overdue", is_flag=True, help="Only open actions past their due date.")
@click.option("--due-before", help="Only actions due before this date.")
@click.option("--milestone", help="Only records tracking this milestone.")
@click.option("--meeting", help="Only records of this meeting.")
@click.option("--since", help="Only records of meetings on or after this date.")
@click.option("--today", help="Judge 'overdue' on this date (default: dmlog_today or today).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]),
              default="table", show_default=True, help="md pastes into an agenda.")
@root_option
def list_records(kind: str, owner: str | None, status: tuple[str, ...], overdue: bool,
                 due_before: str | None, milestone: str | None, meeting: str | None,
                 since: str | None, today: str | None, fmt: str, root: Path | None) -> None:
    """List decisions or actions, as the site shows them (same overdue rule)."""
    project = Project(root)
    date = project.today(today)
    log = project.log
    records = {r.id: r for r in log.records}
    names = project.names()
    rtype = kind[:-1]
    for value, label in ((due_before, "--due-before"), (since, "--since")):
        if value and schema.parse_date(value) is None:
            fail(f"{label} {value!r} is not a date: write YYYY-MM-DD or YYYY-MM")
    owner_id = None
    if owner:
        owner_id = names.resolve(owner) or (owner if owner in records else None)
        if owner_id is None:
            fail(f"--owner {owner!r} is not a person or group of the registry")
    if status:
        valid = schema.TYPES[rtype].statuses
        for value in status:
            if value not in valid:
                fail(f"--status {value!r} is not a status of {kind}: use one of {', '.join(valid)}")

    def meeting_date(record: schema.Record) -> str:
        if record.type == "decision":
            return record.get("date")
        meeting_record = records.get(record.get("meeting"))
        return meeting_record.get("date") if meeting_record else ""

    selected = []
    for record in records.values():
        if record.type != rtype:
            continue
        if owner_id and owner_id not in record.links("owner"):
            continue
        if status and record.get("status") not in status:
            continue
        if overdue and not schema.is_overdue(record, date):
            continue
        if due_before:
            due = schema.due_date(record.get("due"))
            if due is None or due >= schema.parse_date(due_before):
                continue
        if milestone and milestone not in record.links("milestone"):
            continue
        if meeting and meeting not in record.links("meeting"):
            continue
        if since and meeting_date(record) < since:
            continue
        selected.append(record)
    selected.sort(key=lambda r: r.id)
    rows = []
    for record in selected:
        rows.append({
            "id": record.id, "status": record.get("status"),
            "overdue": schema.is_overdue(record, date),
            "date": record.get("date"), "due": record.get("due"), "title": record.title,
            "owner": ", ".join(names.title(o) for o in record.links("owner")),
            "meeting": record.get("meeting"), "file": f"{record.path}:{record.line}"})
    click.echo(_format_rows(rows, COLUMNS[kind], fmt), nl=False)


def _format_rows(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> str:
    def cell(row: dict[str, Any], column: str) -> str:
        value = str(row[column] or "")
        if column == "status" and row["overdue"]:
            value += " (overdue)"
        return value

    if fmt == "json":
        return json.dumps(rows, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[*columns, "overdue", "file"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "md":
        header = "| " + " | ".join(c.capitalize() for c in columns) + " |\n"
        header += "|" + "---|" * len(columns) + "\n"
        return header + "".join("| " + " | ".join(cell(r, c).replace("|", "\\|") for c in columns)
                                + " |\n" for r in rows)
    if not rows:
        return "(no records)\n"
    widths = {c: max(len(c), *(len(cell(r, c)) for r in rows)) for c in columns}
    widths["title"] = min(widths["title"], 60)
    lines = ["  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip()]
    for row in rows:
        values = []
        for column in columns:
            text = cell(row, column)
            if len(text) > widths[column]:
                text = text[: widths[column] - 1] + "…"
            values.append(text.ljust(widths[column]))
        lines.append("  ".join(values).rstrip())
    return "\n".join(lines) + "\n"


# -- close, supersede ------------------------------------------------------------
@main.command()
@click.argument("action_id")
@click.option("--date", "closed", help="Date it was done (default: today).")
@click.option("--cancelled", is_flag=True, help="Mark it cancelled rather than done.")
@root_option
def close(action_id: str, closed: str | None, cancelled: bool, root: Path | None) -> None:
    """Mark an action done (or cancelled), with the date it was closed.

    Only the status line changes and a :closed: line is added; the rest of the file
    stays byte for byte.
    """
    project = Project(root)
    closed = closed or project.today().isoformat()
    if schema.parse_date(closed) is None:
        fail(f"--date {closed!r} is not a date: write YYYY-MM-DD")
    source, record = _find(project.log, action_id, "action")
    status = "cancelled" if cancelled else "done"
    if record.record.get("status") in schema.ACTION_FINISHED:
        fail(f"{record.record.path}:{record.record.line}: {action_id} is already "
             f"{record.record.get('status')}")
    edits.set_option(source, record, "status", status)
    edits.set_option(source, record, "closed", closed)
    edits.save(source)
    click.echo(f"{source.relpath}:{record.record.line}: {action_id} is {status} ({closed})")


@main.command()
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
    old_source, old = _find(project.log, old_id, "decision")
    new_source, new = _find(project.log, new_id, "decision")
    records = {r.id: r for r in project.log.records}
    seen, pending = set(), [old_id]
    while pending:  # would OLD (indirectly) supersede NEW already?
        current = pending.pop()
        if current == new_id:
            fail(f"{old_id} already (indirectly) supersedes {new_id}: that would be a cycle")
        if current in records and current not in seen:
            seen.add(current)
            pending += records[current].links("supersedes")
    existing = new.record.links("supersedes")
    if old_id not in existing:
        edits.set_option(new_source, new, "supersedes", ", ".join([*existing, old_id]))
    if new_source.path == old_source.path:
        # a line may have been added above the old record: read the edited lines again
        old_source = new_source
        reparsed, _ = parse_text("".join(new_source.lines), new_source.path, new_source.relpath)
        old = next(r for r in reparsed.records if r.record.id == old_id)
    edits.set_option(old_source, old, "status", "superseded")
    edits.save(new_source)
    if old_source is not new_source:
        edits.save(old_source)
    click.echo(f"{new_id} supersedes {old_id} (now superseded)")


def _find(log: Log, record_id: str, kind: str) -> Any:
    try:
        source, record = log.find(record_id)
    except SourceError:
        fail(f"no {kind} {record_id!r} in the log's files")
    if record.record.type != kind:
        fail(f"{record.record.path}:{record.record.line}: {record_id} is "
             f"{schema.a(record.record.type)}, not {schema.a(kind)}")
    return source, record


# -- new -----------------------------------------------------------------------
@main.group()
def new() -> None:
    """Create a record from its template, with the next free ID."""


def _meeting(project: Project, meeting_id: str) -> schema.Record:
    for record in project.log.records:
        if record.id == meeting_id and record.type == "meeting":
            return record
    fail(f"no meeting {meeting_id!r}: create it first with `dmlog new meeting`")


def _owners(project: Project, owners: str) -> list[str]:
    names, resolved = project.names(), []
    for owner in schema.split_list(owners):
        found = names.resolve(owner)
        if found is None:
            fail(f"owner {owner!r} is not in the registry: add them to "
                 f"{project.registry_dir}/people.yaml (`dmlog new person`)")
        resolved.append(found)
    return resolved


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
    _new_record(Project(root), "decision", meeting_id, title, owner, body,
                {"status": status, "date": date})


@new.command(name="action")
@click.option("--meeting", "meeting_id", required=True, help="The meeting's ID (MTG-...).")
@click.option("--title", required=True, help="One line saying what is to be done.")
@click.option("--owner", required=True, help="Owners: IDs or names, comma separated.")
@click.option("--due", help="Due date, YYYY-MM-DD.")
@click.option("--decision", help="The decision it implements (DEC-...).")
@click.option("--text", "body", default="", help="The action's text.")
@root_option
def new_action(meeting_id: str, title: str, owner: str, due: str | None, decision: str | None,
               body: str, root: Path | None) -> None:
    """Add an action to its meeting's actions file."""
    _new_record(Project(root), "action", meeting_id, title, owner, body,
                {"status": schema.TYPES["action"].default_status, "due": due, "decision": decision})


def _new_record(project: Project, kind: str, meeting_id: str, title: str, owner: str, body: str,
                fields: dict[str, str | None]) -> None:
    meeting = _meeting(project, meeting_id)
    date = fields.get("date") or (meeting.get("date") if kind == "decision" else None)
    for name in ("date", "due"):
        value = date if name == "date" else fields.get(name)
        if value and schema.parse_date(value) is None:
            fail(f"--{name} {value!r} is not a date: write YYYY-MM-DD or YYYY-MM")
    if fields.get("decision") and fields["decision"] not in project.log.ids():
        fail(f"--decision {fields['decision']!r} is not a decision of the log")
    owners = _owners(project, owner)
    year = int(meeting.get("date")[:4])
    (record_id,) = edits.next_ids(project.log, kind, year)
    options = {"status": fields["status"], "date": date if kind == "decision" else None,
               "owner": ", ".join(owners), "meeting": meeting_id, "due": fields.get("due"),
               "decision": fields.get("decision")}
    path = edits.records_file(project.root, kind, meeting_id)
    edits.append_records(path, edits.records_header(kind, meeting_id, meeting.title),
                         [edits.record_text(kind, record_id, title, options, body)])
    click.echo(f"{path.relative_to(project.root)}: added {kind} {record_id}")


@new.command(name="meeting")
@click.option("--date", required=True, help="YYYY-MM-DD (or YYYY-MM if the day is not known).")
@click.option("--title", required=True)
@click.option("--slug", help="Short name for the ID and file (default: from the title).")
@click.option("--chair", help="Who chaired it (ID or name).")
@root_option
def new_meeting(date: str, title: str, slug: str | None, chair: str | None, root: Path | None) -> None:
    """Create a meeting page under docs/meetings/."""
    project = Project(root)
    try:
        meeting_id = edits.meeting_id_for(date, slug or title)
    except SourceError as err:
        fail(err.problem.message)
    path = edits.meeting_page(project.root, meeting_id)
    if path.exists() or meeting_id in project.log.ids():
        fail(f"{path.relative_to(project.root)}: {meeting_id} already exists")
    options = {"date": date, "chair": ", ".join(_owners(project, chair)) if chair else None}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, edits.meeting_page_text(meeting_id, title, options))
    click.echo(f"{path.relative_to(project.root)}: added meeting {meeting_id}")


@new.command(name="person")
@click.argument("person_id")
@click.option("--name", required=True, help="Full name, as in lsst-texmf's authordb.")
@click.option("--affiliation", help="Institution.")
@click.option("--alias", "aliases", multiple=True, help="Another spelling used in minutes (repeatable).")
@click.option("--not-in-authordb", is_flag=True, help="The person has no authordb entry.")
@root_option
def new_person(person_id: str, name: str, affiliation: str | None, aliases: tuple[str, ...],
               not_in_authordb: bool, root: Path | None) -> None:
    """Add a person to the people registry (their page appears at the next build)."""
    project = Project(root)
    if not schema.TYPES["person"].id_pattern.match(person_id):
        fail(f"{person_id!r} is not a person ID: use their lsst-texmf authordb id, e.g. 'limk'")
    if person_id in project.log.ids():
        fail(f"{person_id!r} is already in the log")
    values: dict[str, object] = {"name": name}
    if affiliation:
        values["affiliation"] = affiliation
    if aliases:
        values["aliases"] = list(aliases)
    if not_in_authordb:
        values["authordb"] = "no"
    path = project.root / project.registry_dir / "people.yaml"
    edits.add_registry_entry(path, "people", person_id, values)
    click.echo(f"{path.relative_to(project.root)}: added {person_id} ({name})")


# -- registry refresh ------------------------------------------------------------
@main.group()
def registry() -> None:
    """Keep the registries in step with lsst-texmf (authordb.yaml, lsst.bib)."""


@registry.command()
@click.option("--authordb", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="lsst-texmf's etc/authordb.yaml: refresh names and affiliations.")
@click.option("--bib", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="lsst-texmf's lsst.bib: refresh document titles and URLs.")
@click.option("--add", "add_ids", multiple=True,
              help="Also add this authordb id or document handle (repeatable).")
@root_option
def refresh(authordb: Path | None, bib: Path | None, add_ids: tuple[str, ...], root: Path | None) -> None:
    """Refresh the registry entries the log uses from a copy of lsst-texmf."""
    import yaml

    from dmlog import rubin

    if not authordb and not bib:
        fail("give --authordb and/or --bib")
    project = Project(root)
    folder = project.root / project.registry_dir
    changes = []
    for source, filename, section, load, fields in (
            (authordb, "people.yaml", "people", rubin.authordb_people, ("name", "affiliation")),
            (bib, "documents.yaml", "documents", rubin.bib_documents, ("title", "url"))):
        if source is None:
            continue
        reference = load(source)
        path = folder / filename
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        section_data = (data or {}).get(section) or {}
        for entry_id, values in section_data.items():
            if entry_id in reference and (values or {}).get("authordb") != "no":
                for key in fields:
                    if reference[entry_id].get(key) and (values or {}).get(key) != reference[entry_id][key]:
                        changes.append((path, entry_id, key, reference[entry_id][key]))
        for entry_id in add_ids:
            if entry_id in reference and entry_id not in section_data:
                found = reference[entry_id]
                edits.add_registry_entry(path, section, entry_id,
                                         {k: found[k] for k in fields if found.get(k)})
                click.echo(f"{path.relative_to(project.root)}: added {entry_id}")
    for path, entry_id, key, value in changes:
        edits.set_registry_value(path, entry_id, key, value)
        click.echo(f"{path.relative_to(project.root)}: {entry_id}.{key} = {value}")
    if not changes:
        click.echo("registries are up to date")


# -- import ----------------------------------------------------------------------
@main.command(name="import")
@click.argument("minutes", type=click.Path(path_type=Path))
@click.option("--date", required=True, help="Meeting date: YYYY-MM-DD, or YYYY-MM.")
@click.option("--title", required=True, help="Meeting title.")
@click.option("--slug", help="Short name for IDs and files (default: from the title).")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@root_option
def import_minutes(minutes: Path, date: str, title: str, slug: str | None, dry_run: bool,
                   root: Path | None) -> None:
    """Turn meeting minutes into a meeting page, a decisions file and an actions file.

    MINUTES is text pasted from Confluence or a Markdown/MyST file. Every line ends up
    in a record or in the meeting's discussion notes; names that cannot be resolved
    are listed and marked so that `dmlog check` and the build flag them.
    """
    from dmlog import importer

    project = Project(root)
    try:
        plan = importer.plan_import(project.root, project.log, minutes, date, title, slug,
                                    project.config.get("dmlog_reference_patterns",
                                                       importer.DEFAULT_PATTERNS))
    except SourceError as err:
        fail(str(err.problem))
    click.echo(importer.summary(plan), nl=False)
    if dry_run:
        click.echo("(dry run: nothing written)")
        return
    written = importer.write(plan)
    for path in written:
        click.echo(f"wrote {path.relative_to(project.root)}")
    if plan.unresolved:
        click.echo(f"{len(plan.unresolved)} name(s) need resolving before the log builds: "
                   "run `dmlog check`", err=True)

