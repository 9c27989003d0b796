"""`dmlog import`: meeting minutes into records (see :mod:`dmlog.importer`), one meeting
or a whole back catalogue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dmlog.cli.project import Project, fail, root_option
from dmlog.log import untrusted
from dmlog.log.problems import LogError
from dmlog.log.sources import read_text

if TYPE_CHECKING:  # the importer is imported when a command uses it (its tables take time)
    from dmlog.importer.plan import Plan


@click.command(name="import")
@click.argument("minutes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", help="Meeting date: YYYY-MM-DD, or YYYY-MM (default: from the file's name, "
                             "else the first date in its text).")
@click.option("--title", help="Meeting title (default: the minutes' first heading or short first "
                              "line, else the file's name).")
@click.option("--slug", help="Short name for IDs and files (default: from the title).")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="json: the plan (records, lines, the rule that found each, owners as written).")
@click.option("--allow-empty", is_flag=True,
              help="Import minutes with no decisions or actions as notes only (else: exit 1).")
@click.option("--accept", "accept", metavar="LINE,…", default="",
              help="Write the possible records queued at these lines (the plan's review queue) too.")
@root_option
def import_minutes(minutes: tuple[Path, ...], accept: str, root: Path | None, **options: Any) -> None:
    """Turn meeting minutes into a meeting page, a decisions file and an actions file.

    MINUTES is text pasted from Confluence, a Markdown/MyST file, W3C or IRC scribe
    minutes, or plain text. Every line ends up in a record or in the meeting's
    discussion notes; names that cannot be resolved are listed and marked so that
    `dmlog check` and the build flag them. Minutes in which nothing is found are an
    error (exit 1) unless --allow-empty; the lines that looked like records are listed.

    A back catalogue: give several files or a folder. Each meeting is imported on its
    own, oldest first, with the date its file's name or text gives; minutes the log
    already holds (its kept copies) are skipped, so a second run changes nothing; a
    table of each file's records, possible records and unresolved names ends it.
    """
    # the importer here, not at the top: its package compiles its tables (a quarter of a
    # second), which every other command would pay for at start
    from dmlog.importer import catalogue

    chosen = ImportOptions(**options, accept=_accepted_lines(accept))
    if chosen.title is not None and (problem := untrusted.title_problem(chosen.title)):
        fail(f"--title {problem}")
    files = catalogue.minutes_files(minutes)
    if not files:
        fail(f"no minutes in {', '.join(map(str, minutes))} (files ending "
             f"{', '.join(catalogue.SUFFIXES)})")
    one = len(files) == 1 and not any(path.is_dir() for path in minutes)
    if not one and (chosen.date or chosen.slug or chosen.accept):
        fail("--date, --slug and --accept name one meeting: import one file with them, or let each "
             "file's name or text give its date")
    project = Project(root)
    with project.editing():
        if one:
            _import_one(project, files[0], chosen)
        else:
            _import_catalogue(project, files, chosen)


@dataclass(frozen=True, kw_only=True)
class ImportOptions:
    """How `dmlog import` imports, as its options say."""

    date: str | None = None  # --date and --slug: of one meeting only
    title: str | None = None
    slug: str | None = None
    dry_run: bool = False
    output_format: str = "text"  # text | json
    allow_empty: bool = False  # minutes with no records become notes only
    accept: frozenset[int] = frozenset()  # lines of the review queue to write too


def _accepted_lines(accept: str) -> frozenset[int]:
    lines = [part.strip() for part in accept.split(",") if part.strip()]
    if not all(part.isdigit() for part in lines):
        fail(f"--accept {accept!r}: write the line numbers of queued records, e.g. --accept 12,40")
    return frozenset(int(part) for part in lines)


def _import_one(project: Project, minutes: Path, options: ImportOptions) -> None:
    from dmlog import importer

    meeting = _meeting_of(project, minutes, options.date, options.title)
    if isinstance(meeting, str):
        fail(meeting)
    if meeting.imported_as:
        click.echo(f"{minutes}: already imported as {meeting.imported_as} (the log keeps the same "
                   "minutes): nothing to do")
        return
    try:
        plan = importer.plan_import(project.root, project.log, minutes, meeting.date, meeting.title,
                                    importer.PlanOptions(slug=options.slug, accept=options.accept,
                                                         patterns=project.settings.reference_patterns))
    except LogError as err:
        fail(str(err.problem))
    _show_plan(plan, options)
    if options.dry_run:
        if options.output_format == "text":
            click.echo("(dry run: nothing written)")
        return
    _write_plan(project, plan, options)


def _show_plan(plan: Plan, options: ImportOptions) -> None:
    """The plan as JSON or as its summary; exit if it found nothing and may not be empty."""
    from dmlog import importer

    if options.output_format == "json":
        click.echo(json.dumps(importer.plan_json(plan), indent=2, ensure_ascii=False))
    elif plan.items or options.allow_empty:
        click.echo(importer.summary(plan), nl=False)
    if not plan.items and not options.allow_empty:
        fail(importer.nothing_found(plan))


def _write_plan(project: Project, plan: Plan, options: ImportOptions) -> None:
    from dmlog import importer

    try:
        written = importer.write(plan)
    except LogError as err:
        fail(str(err.problem))
    if options.output_format == "text":
        for path in written:
            click.echo(f"wrote {path.relative_to(project.root)}")
    if plan.unresolved:
        click.echo(f"{len(plan.unresolved)} name(s) need resolving before the log builds: "
                   "run `dmlog check`", err=True)
    if incomplete := _incomplete(plan):
        click.echo(f"{incomplete} record(s) need fields the minutes do not give before the log "
                   "builds: run `dmlog check`", err=True)


def _incomplete(plan: Plan) -> int:
    """How many records lack a field their type requires (a risk's likelihood)."""
    from dmlog import importer

    return sum(bool(importer.missing_fields(plan, item)) for item in plan.items)


@dataclass
class _Meeting:
    path: Path
    date: str
    title: str
    fingerprint: str
    imported_as: str | None


def _meeting_of(project: Project, path: Path, date: str | None, title: str | None,
                imported: dict[str, str] | None = None) -> _Meeting | str:
    """The meeting minutes are of (date, title, whether the log holds them), or what is wrong."""
    if not path.is_file():
        return f"{path}: no such file"
    try:
        text = read_text(path, str(path))
    except LogError as err:
        return str(err.problem)
    from dmlog.importer import catalogue

    found = fingerprint = catalogue.fingerprint(text)
    if imported is None:
        imported = catalogue.imported_minutes(project.root, project.log)
    date = date or catalogue.meeting_date(path, text)
    if date is None and fingerprint not in imported:
        return (f"{path}: no date in the file's name or its first lines: give --date, or name "
                "the file by its date (2024-05-02-dmlt.txt)")
    markdown = path.suffix.lower() in (".md", ".markdown", ".myst")
    return _Meeting(path, date or "", title or catalogue.meeting_title(path, text, markdown), found,
                    imported.get(fingerprint))


@dataclass
class _Row:
    file: str
    meeting: str = ""
    records: int = 0
    queued: int = 0
    unresolved: int = 0
    incomplete: int = 0  # records lacking a field their type requires
    outcome: str = ""
    failed: bool = False


def _import_catalogue(project: Project, files: list[Path], options: ImportOptions) -> None:
    """Each file its own import (all its files or none), oldest meeting first."""
    from dmlog.importer import catalogue

    imported = catalogue.imported_minutes(project.root, project.log)
    rows: dict[Path, _Row] = {path: _Row(str(path)) for path in files}
    meetings: list[_Meeting] = []
    for path in files:
        meeting = _meeting_of(project, path, None, options.title, imported)
        if isinstance(meeting, str):  # the table names the file already
            rows[path].outcome, rows[path].failed = meeting.removeprefix(f"{path}: "), True
        else:
            meetings.append(meeting)
    plans: list[dict[str, Any]] = []
    for meeting in sorted(meetings, key=lambda m: (m.date, str(m.path))):
        if meeting.fingerprint in imported:
            row = rows[meeting.path]
            row.meeting, row.outcome = imported[meeting.fingerprint], "already imported: skipped"
        elif (plan := _import_meeting(project, meeting, rows[meeting.path], options)) is not None:
            plans.append(plan)
            if rows[meeting.path].outcome == "written":
                imported[meeting.fingerprint] = rows[meeting.path].meeting
    _report_catalogue(list(rows.values()), plans, options)


def _import_meeting(project: Project, meeting: _Meeting, row: _Row,
                    options: ImportOptions) -> dict[str, Any] | None:
    """One meeting of a catalogue planned and written (unless a dry run), said in its
    row; its plan as JSON, or None if it could not be planned."""
    from dmlog import importer

    try:
        plan = importer.plan_import(project.root, project.log, meeting.path, meeting.date, meeting.title,
                                    importer.PlanOptions(patterns=project.settings.reference_patterns))
    except LogError as err:
        row.outcome, row.failed = str(err.problem).removeprefix(f"{meeting.path}: "), True
        return None
    row.meeting, row.records = plan.meeting_id, len(plan.items)
    row.queued, row.unresolved = len(plan.review), len({n for _, n in plan.unresolved})
    row.incomplete = _incomplete(plan)
    if not plan.items and not options.allow_empty:
        row.outcome, row.failed = "found no decisions or actions (--allow-empty: notes only)", True
    elif options.dry_run:
        row.outcome = "would be written (dry run)"
    else:
        try:
            importer.write(plan)
        except LogError as err:
            row.outcome, row.failed = str(err.problem), True
        else:
            row.outcome = "written"
            project.reread()  # the next meeting's IDs come after these
    return importer.plan_json(plan)


def _report_catalogue(rows: list[_Row], plans: list[dict[str, Any]], options: ImportOptions) -> None:
    """The table (or JSON) of the files and what became of each; exit 1 if one failed."""
    if options.output_format == "json":
        click.echo(json.dumps({"files": [vars(row) for row in rows], "plans": plans},
                              indent=2, ensure_ascii=False))
    else:
        click.echo(_table(rows), nl=False)
    written = sum(row.outcome == "written" for row in rows)
    skipped = sum(row.outcome.startswith("already") for row in rows)
    failed = [row for row in rows if row.failed]
    if options.output_format == "text":
        click.echo(f"{len(rows)} file(s): {written} imported, {skipped} already in the log, "
                   f"{len(failed)} not imported" + (" (dry run: nothing written)" if options.dry_run else ""))
        if not written and not failed and not options.dry_run:
            click.echo("nothing to do: every file is already imported")
    if any(row.unresolved for row in rows if row.outcome == "written"):
        click.echo("names need resolving before the log builds: run `dmlog check`", err=True)
    if any(row.incomplete for row in rows if row.outcome == "written"):
        click.echo("records need fields the minutes do not give before the log builds: run `dmlog check`",
                   err=True)
    if failed:
        raise click.exceptions.Exit(1)


def _table(rows: list[_Row]) -> str:
    cells = [("FILE", "MEETING", "RECORDS", "QUEUED", "UNRESOLVED", "")]
    for row in rows:
        counts = (str(row.records), str(row.queued), str(row.unresolved)) if row.meeting and \
            not row.outcome.startswith("already") else ("-", "-", "-")
        cells.append((row.file, row.meeting or "-", *counts, row.outcome))
    widths = [max(len(c[i]) for c in cells) for i in range(len(cells[0]))]
    return "".join("  ".join(c.ljust(widths[i]) for i, c in enumerate(line)).rstrip() + "\n"
                   for line in cells)
