"""`dmlog list`: decisions and actions, filtered, as a table, CSV, JSON or Markdown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from dmlog import schema
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import gaps as gap_rules
from dmlog.log import history as git_history
from dmlog.log import query, spreadsheet
from dmlog.log.names import UnknownName, filter_with_ids

COLUMNS = {"decisions": ("id", "status", "date", "title", "owner", "meeting"),
           "actions": ("id", "status", "due", "title", "owner", "meeting")}


@click.command(name="list")
@click.argument("kind", type=click.Choice(["decisions", "actions", "all"]))
@click.option("--filter", "filter_text", metavar="QUERY",
              help="A filter, as in {dmlog-table}: 'status in (open, in-progress) and "
                   "owner == limk' (see the help page of the site).")
@click.option("--gaps", "only_gaps", is_flag=True,
              help="Only records that need attention (no owner, no action, no due date, …).")
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
def list_records(kind: str, filter_text: str | None, only_gaps: bool, owner: str | None,
                 status: tuple[str, ...], overdue: bool,
                 due_before: str | None, milestone: str | None, meeting: str | None,
                 since: str | None, today: str | None, fmt: str, root: Path | None) -> None:
    """List decisions or actions (or all of them), as the site shows them: the same
    overdue rule, filter language and gaps."""
    project = Project(root)
    date = project.today(today)
    log = project.log
    records = {r.id: r for r in log.records}
    names = project.names()
    rtype = kind[:-1] if kind != "all" else None
    try:
        selection, read_as = filter_with_ids(query.parse(filter_text), names)
    except (query.QueryError, UnknownName) as err:
        fail(f"--filter: {err}")
    for note in read_as:
        click.echo(f"--filter: {note}", err=True)
    try:  # "stale" needs each record's last change, from git
        last_change = git_history.read(project.root).last_changes() if only_gaps or filter_text else None
    except git_history.HistoryUnavailable:
        last_change = None
    finder = gap_rules.Finder(records.values(), date, last_change)
    context = query.Context(date, finder.members, finder.gaps)
    for value, label in ((due_before, "--due-before"), (since, "--since")):
        if value and schema.parse_date(value) is None:
            fail(f"{label} {value!r} is not a date: write YYYY-MM-DD or YYYY-MM")
    before = schema.parse_date(due_before) if due_before else None
    owner_id = project.person_or_group(owner, "--owner") if owner else None
    if status:
        valid = schema.TYPES[rtype or "action"].statuses if rtype else tuple(
            s for t in schema.LOGGED_TYPES for s in schema.TYPES[t].statuses)
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
        if record.type != rtype and (rtype or record.type not in ("decision", "action")):
            continue
        if not query.matches(selection, record, context):
            continue
        if only_gaps and not finder.gaps(record):
            continue
        if owner_id and owner_id not in record.links("owner"):
            continue
        if status and record.get("status") not in status:
            continue
        if overdue and not schema.is_overdue(record, date):
            continue
        if before is not None:
            due = schema.due_date(record.get("due"))
            if due is None or due >= before:
                continue
        if milestone and milestone not in record.links("milestone"):
            continue
        if meeting and meeting not in record.links("meeting"):
            continue
        if since and meeting_date(record) < since:
            continue
        selected.append(record)
    selected.sort(key=lambda r: (r.type != "decision", r.id))
    if fmt == "json":
        titles, bodies = {r.id: r.title for r in records.values()}, project.bodies()
        base = str(project.config.get("html_baseurl") or "")
        click.echo(json.dumps([_as_json(r, finder.gaps(r), date, titles, bodies.get(r.id, ""), base)
                               for r in selected], indent=2, ensure_ascii=False))
        return
    rows = []
    for record in selected:
        rows.append({
            "id": record.id, "status": record.get("status"),
            "overdue": schema.is_overdue(record, date),
            "date": record.get("date"), "due": record.get("due"), "title": record.title,
            "owner": ", ".join(names.title(o) for o in record.links("owner")),
            "meeting": record.get("meeting"), "file": f"{record.path}:{record.line}",
            "type": record.type, "gaps": ", ".join(sorted(finder.gaps(record)))})
    columns: tuple[str, ...] = COLUMNS.get(kind, ("id", "type", "status", "title", "owner", "meeting"))
    if only_gaps:
        columns = (*columns, "gaps")
    click.echo(_format_rows(rows, columns, fmt), nl=False)


def _as_json(record: schema.Record, gaps: set[str], today: Any, titles: dict[str, str],
             body: str, base: str) -> dict[str, Any]:
    """A record with IDs (and names beside them), dates, status, text and URL."""

    def named(ids: list[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": titles.get(i, "")} for i in ids]

    page = Path(record.path).with_suffix(".html").as_posix()
    return {
        "id": record.id, "type": record.type, "title": record.title,
        "status": record.get("status"), "overdue": schema.is_overdue(record, today),
        "owners": named(record.links("owner")),
        "links": {name: named(record.links(name)) for name in schema.LINKS
                  if name != "owner" and record.links(name)},
        "dates": {name: record.get(name) for name, f in schema.FIELDS.items()
                  if f.kind == "date" and record.get(name)},
        "tags": record.links("tags"), "gaps": sorted(gaps), "text": body,
        "url": (base.rstrip("/") + "/" if base else "") + f"{page}#{record.id}",
        "file": f"{record.path}:{record.line}",
    }


def _format_rows(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> str:
    def cell(row: dict[str, Any], column: str) -> str:
        value = str(row[column] or "")
        if column == "status" and row["overdue"]:
            value += " (overdue)"
        return value

    if fmt == "json":
        return json.dumps(rows, indent=2) + "\n"
    if fmt == "csv":
        fields = list(dict.fromkeys([*columns, "overdue", "file"]))
        return spreadsheet.csv_text(fields, ([row[f] for f in fields] for row in rows))
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
