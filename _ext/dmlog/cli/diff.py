"""`dmlog diff`: what a change does to the log, record by record."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from dmlog.cli.project import Project, fail, root_option
from dmlog.log import snapshots
from dmlog.log.diff import FORMATS, diff_logs
from dmlog.log.problems import LogError
from dmlog.log.sources import Log, load_log

WORKING_TREE = "working tree"


@click.command()
@click.argument("base", default="origin/main")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="md: for a pull-request comment or a GitHub job summary; json: for tools.")
@click.option("--today", help="Judge 'overdue' on this date (default: dmlog_today or today).")
@root_option
def diff(base: str, head: str | None, fmt: str, today: str | None, root: Path | None) -> None:
    """The records added, removed and changed from BASE to HEAD, and what follows
    (decisions superseded, actions newly overdue or closed).

    \b
    BASE and HEAD are git refs of the log's repository, or folders holding a log.
    BASE defaults to origin/main, HEAD to the working tree:
      dmlog diff                         # origin/main → working tree
      dmlog diff origin/main HEAD --format md >> "$GITHUB_STEP_SUMMARY"
      dmlog diff old-copy/ new-copy/
    Exit status 1 if a state's records cannot be read (the diff still shows the rest).
    """
    project = Project(root)
    date = project.today(today)
    with tempfile.TemporaryDirectory(prefix="dmlog-diff-") as scratch:
        try:
            before = _state(project, base, Path(scratch) / "base")
            after = _state(project, head, Path(scratch) / "head")
        except LogError as err:
            fail(err.problem.message)
        result = diff_logs(before, after, date, base, head or WORKING_TREE)
    click.echo(FORMATS[fmt](result), nl=False)
    for problem in result.problems:
        click.echo(f"dmlog diff: {problem}", err=True)
    sys.exit(1 if result.problems else 0)


def _state(project: Project, name: str | None, scratch: Path) -> Log:
    """A folder is read where it is; anything else is a git ref of the log's repository."""
    if name is None:
        return project.log
    folder = Path(name)
    if folder.is_dir():
        if not (folder / "conf.py").exists():
            fail(f"{name}: this folder holds no log (no conf.py); give a log's folder or a git ref")
        return load_log(folder.resolve(), project.registry_dir, project.markdown_extensions)
    return load_log(snapshots.export(project.root, name, scratch, (project.registry_dir,)),
                    project.registry_dir, project.markdown_extensions)
