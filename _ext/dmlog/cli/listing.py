"""`dmlog list`: a meeting's records of a type (decisions, actions, a log's own types)
or all of them, filtered, as a table, CSV, JSON or Markdown."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from dmlog import schema
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import gaps as gap_rules
from dmlog.log import history as git_history
from dmlog.log import query, spreadsheet
from dmlog.log.graph import Graph
from dmlog.log.model import Record
from dmlog.log.names import NameIndex, UnknownName, filter_with_ids

#: the columns of ``dmlog list all`` (a type's list shows the type's own, from the schema)
ALL_COLUMNS = ("id", "type", "status", "title", "owner", schema.MEETING)


def _types(kind: str) -> tuple[schema.RecordType, ...]:
    """The record types KIND lists: those of its plural, or every type of a meeting's
    records for "all" (the log's own types among them, once conf.py is read)."""
    listed = schema.type_of_plural(kind)
    if kind == "all":
        return schema.numbered_types()
    if listed is None or not listed.numbered:
        fail(f"{kind!r} is not what dmlog lists: use "
             f"{', '.join(t.plural for t in schema.numbered_types())} or all")
    return (listed,)


@dataclass(frozen=True, kw_only=True)
class ListOptions:
    """The options of `dmlog list` that choose records, as given; each is a test of the
    filter language (:meth:`as_query`), and the records listed are those passing all of them."""

    filter_text: str | None = None
    only_gaps: bool = False
    owner: str | None = None
    status: tuple[str, ...] = ()
    overdue: bool = False
    due_before: str | None = None
    milestone: str | None = None
    meeting: str | None = None
    since: str | None = None

    def as_query(self, kind: str, owner_id: str | None, records: Mapping[str, Record]) -> query.Query:
        """The options but --filter, as one filter (their values already checked):
        --gaps is ``gap != ""``, --owner ``owner == ID`` (a group's records count for its
        members, as in --filter), --overdue ``overdue``, --due-before ``due < DATE``, and
        --since the decisions dated since and the records of the meetings held since."""
        kinds = _types(kind)
        tests = [_one_of("type", (t.name for t in kinds))]
        if self.only_gaps:
            tests.append('gap != ""')
        if owner_id:
            tests.append(f"owner == {_quoted(owner_id)}")
        if self.status:
            tests.append(_one_of("status", self.status))
        if self.overdue:
            tests.append("overdue")
        if self.due_before:
            tests.append(f"due < {_quoted(self.due_before)}")
        for name, value in ((schema.MILESTONE, self.milestone), (schema.MEETING, self.meeting)):
            if value:
                tests.append(f"{name} == {_quoted(value)}")
        if self.since:
            tests.append(_since(self.since, kinds, records))
        return query.parse(" and ".join(tests))


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _one_of(name: str, values: Iterable[str]) -> str:
    return f"{name} in ({', '.join(_quoted(v) for v in values)})"


def _since(since: str, kinds: tuple[schema.RecordType, ...],
           records: Mapping[str, Record]) -> str:
    """Records dated on or after ``since`` (decisions: the types that require a date),
    and the other records of meetings held then."""
    start = schema.parse_date(since) or dt.date.min
    held = [r.id for r in records.values() if r.type == schema.MEETING
            and (schema.parse_date(r.get("date") or "") or dt.date.min) >= start]
    dated = [t.name for t in kinds if "date" in t.required]
    tests = [f"({_one_of('type', dated)} and date >= {_quoted(since)})"] if dated else []
    if held:
        tests.append(f"(not {_one_of('type', dated)} and {_one_of(schema.MEETING, held)})"
                     if dated else _one_of(schema.MEETING, held))
    return f"({' or '.join(tests)})" if tests else 'type == ""'  # none was held since


@click.command(name="list")
# the types are the log's, declared in its conf.py, which is read once the command runs
@click.argument("kind", metavar="TYPES")
@click.option("--filter", "filter_text", metavar="QUERY",
              help="A filter, as in {dmlog-table}: 'status in (open, in-progress) and "
                   "owner == limk' (see the help page of the site).")
@click.option("--gaps", "only_gaps", is_flag=True,
              help="Only records that need attention (no owner, no action, no due date, …).")
@click.option("--owner", help="An owner: ID, name or alias (a group's records count for its members).")
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
def list_records(kind: str, today: str | None, fmt: str, root: Path | None, **options: Any) -> None:
    """List records of one type (TYPES: decisions, actions, a log's own such as risks)
    or all of them, as the site shows them: the same overdue rule, filter language and gaps."""
    chosen = ListOptions(**options)
    project = Project(root)
    kinds = _types(kind)
    order = {t.name: position for position, t in enumerate(kinds)}
    date = project.today(today)
    records = {r.id: r for r in project.log.records}
    selection = _filter(chosen.filter_text, project)
    finder = _gap_finder(project, records, date, needs_history=chosen.only_gaps or bool(chosen.filter_text))
    owner_id = _checked_options(chosen, kind, kinds, project)
    selection = _both(selection, chosen.as_query(kind, owner_id, records))
    context = query.Context(date, finder.graph.groups(), finder.gaps)
    selected = sorted((r for r in records.values() if query.matches(selection, r, context)),
                      key=lambda r: (order[r.type], r.id))
    if fmt == "json":
        site = _JsonContext(today=date, titles={r.id: r.title for r in records.values()},
                            bodies=project.bodies(), base=str(project.config.get("html_baseurl") or ""),
                            gaps=finder.gaps, graph=finder.graph)
        click.echo(json.dumps([_as_json(r, site) for r in selected], indent=2, ensure_ascii=False))
        return
    columns = ALL_COLUMNS if kind == "all" else kinds[0].columns
    rows = [_row(record, date, project.names(), finder, columns) for record in selected]
    if chosen.only_gaps:
        columns = (*columns, "gaps")
    click.echo(_format_rows(rows, columns, fmt), nl=False)


def _filter(text: str | None, project: Project) -> query.Query:
    """--filter, read with the names in it as IDs (each name so read said on stderr)."""
    try:
        selection, read_as = filter_with_ids(query.parse(text), project.names())
    except (query.QueryError, UnknownName) as err:
        fail(f"--filter: {err}")
    for note in read_as:
        click.echo(f"--filter: {note}", err=True)
    return selection


def _gap_finder(project: Project, records: Mapping[str, Record], date: dt.date,
                needs_history: bool) -> gap_rules.Finder:
    """The gap rules over the log; "stale" needs each record's last change, from git."""
    last_change = None
    if needs_history:
        with contextlib.suppress(git_history.HistoryUnavailable):  # no git: no "stale"
            last_change = git_history.read(project.root).last_changes()
    return gap_rules.Finder(records.values(), date, last_change)


def _checked_options(options: ListOptions, kind: str, kinds: tuple[schema.RecordType, ...],
                     project: Project) -> str | None:
    """Exit on a date that is none or a status the kind has not; the ID --owner names."""
    for value, label in ((options.due_before, "--due-before"), (options.since, "--since")):
        if value and schema.parse_date(value) is None:
            fail(f"{label} {value!r} is not a date: write YYYY-MM-DD or YYYY-MM")
    owner_id = project.person_or_group(options.owner, "--owner") if options.owner else None
    valid = tuple(dict.fromkeys(s for t in kinds for s in t.statuses))
    for value in options.status:
        if value not in valid:
            fail(f"--status {value!r} is not a status of {kind}: use one of {', '.join(valid)}")
    return owner_id


def _both(first: query.Query, second: query.Query) -> query.Query:
    if first.tree is None or second.tree is None:
        return first if second.tree is None else second
    return query.Query(f"({first.text}) and {second.text}", query.BoolOp("and", (first.tree, second.tree)))


def _row(record: Record, date: dt.date, names: NameIndex, finder: gap_rules.Finder,
         columns: tuple[str, ...]) -> dict[str, Any]:
    return {**{name: record.get(name) for name in columns},  # a type's own fields among them
            "id": record.id, "status": record.get("status"), "overdue": schema.is_overdue(record, date),
            "date": record.get("date"), "due": record.get("due"), "title": record.title,
            "owner": ", ".join(names.title(o) for o in record.links("owner")),
            schema.MEETING: record.get(schema.MEETING), "file": f"{record.path}:{record.line}",
            "type": record.type, "gaps": ", ".join(sorted(finder.gaps(record)))}


@dataclass(frozen=True, kw_only=True)
class _JsonContext:
    """What --format json writes beside a record's own fields."""

    today: dt.date
    titles: Mapping[str, str]  # record ID -> title: the names beside IDs
    bodies: Mapping[str, str]  # record ID -> its text
    base: str  # html_baseurl, the start of each record's URL
    gaps: Callable[[Record], set[str]]
    graph: Graph  # the links both ways: what names each record, as its card lists it


def _as_json(record: Record, site: _JsonContext) -> dict[str, Any]:
    """A record with IDs (and names beside them), dates, status, text and URL."""

    def named(ids: Iterable[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": site.titles.get(i, "")} for i in ids]

    page = Path(record.path).with_suffix(".html").as_posix()
    return {
        "id": record.id, "type": record.type, "title": record.title,
        "status": record.get("status"), "overdue": schema.is_overdue(record, site.today),
        "owners": named(record.links("owner")),
        "links": {name: named(record.links(name)) for name in schema.LINKS
                  if name != "owner" and record.links(name)},
        # what links to it, by how the schema says it (implemented by, superseded by, ...)
        "linked_from": {schema.LINKS[name].incoming: named(ids)
                        for name, ids in site.graph.backlinks(record.id).items()},
        "dates": {name: record.get(name) for name, f in schema.FIELDS.items()
                  if f.kind == "date" and record.get(name)},
        "tags": record.links("tags"), "gaps": sorted(site.gaps(record)),
        "text": site.bodies.get(record.id, ""),
        "url": (site.base.rstrip("/") + "/" if site.base else "") + f"{page}#{record.id}",
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
