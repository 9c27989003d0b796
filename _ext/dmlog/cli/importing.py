"""`dmlog import`: meeting minutes into records (see :mod:`dmlog.importer`)."""

from __future__ import annotations

from pathlib import Path

import click

from dmlog.cli.project import Project, fail, root_option
from dmlog.log.problems import LogError


@click.command(name="import")
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
    except LogError as err:
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
