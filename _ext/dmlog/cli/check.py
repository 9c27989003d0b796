"""`dmlog check`: every rule of the build, without building."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dmlog.cli.project import Project, fail, root_option
from dmlog.log.validation import validate


@click.command()
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
