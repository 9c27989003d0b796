"""`dmlog import`: meeting minutes into records (see :mod:`dmlog.importer`)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dmlog.cli.project import Project, fail, root_option
from dmlog.log import safety
from dmlog.log.problems import LogError


@click.command(name="import")
@click.argument("minutes", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", required=True, help="Meeting date: YYYY-MM-DD, or YYYY-MM.")
@click.option("--title", required=True, help="Meeting title.")
@click.option("--slug", help="Short name for IDs and files (default: from the title).")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="json: the plan (records, lines, the rule that found each, owners as written).")
@click.option("--allow-empty", is_flag=True,
              help="Import minutes with no decisions or actions as notes only (else: exit 1).")
@root_option
def import_minutes(minutes: Path, date: str, title: str, slug: str | None, dry_run: bool,
                   output_format: str, allow_empty: bool, root: Path | None) -> None:
    """Turn meeting minutes into a meeting page, a decisions file and an actions file.

    MINUTES is text pasted from Confluence, a Markdown/MyST file, W3C or IRC scribe
    minutes, or plain text. Every line ends up in a record or in the meeting's
    discussion notes; names that cannot be resolved are listed and marked so that
    `dmlog check` and the build flag them. Minutes in which nothing is found are an
    error (exit 1) unless --allow-empty; the lines that looked like records are listed.
    """
    if problem := safety.title_problem(title):
        fail(f"--title {problem}")
    project = Project(root)
    with project.editing():
        _import(project, minutes, date, title, slug, dry_run, output_format, allow_empty)


def _import(project: Project, minutes: Path, date: str, title: str, slug: str | None,
            dry_run: bool, output_format: str, allow_empty: bool) -> None:
    from dmlog import importer

    try:
        plan = importer.plan_import(project.root, project.log, minutes, date, title, slug,
                                    list(project.settings.reference_patterns))
    except LogError as err:
        fail(str(err.problem))
    if output_format == "json":
        click.echo(json.dumps(importer.plan_json(plan), indent=2, ensure_ascii=False))
    elif plan.items or allow_empty:
        click.echo(importer.summary(plan), nl=False)
    if not plan.items and not allow_empty:
        fail(importer.nothing_found(plan))
    if dry_run:
        if output_format == "text":
            click.echo("(dry run: nothing written)")
        return
    try:
        written = importer.write(plan)
    except LogError as err:
        fail(str(err.problem))
    if output_format == "text":
        for path in written:
            click.echo(f"wrote {path.relative_to(project.root)}")
    if plan.unresolved:
        click.echo(f"{len(plan.unresolved)} name(s) need resolving before the log builds: "
                   "run `dmlog check`", err=True)
