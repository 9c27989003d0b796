"""`dmlog check`: every rule of the build, without building."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dmlog.cli.project import Project, fail, root_option
from dmlog.log import check as rules
from dmlog.log import gate, tree
from dmlog.log.problems import LogError, Problem
from dmlog.log.snapshots import repository_prefix


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text: file:line: message; json: for tools; github: "
              "annotations a GitHub Actions job shows on the lines of a pull request.")
@root_option
def check(paths: tuple[Path, ...], fmt: str, root: Path | None) -> None:
    """Check the records against every rule the build enforces, without building.

    With PATHS (a pre-commit hook gives the changed files), only problems in those
    files are reported, and problems elsewhere about their records (an ID they
    duplicate); links are still resolved against the whole log. Exit status 1 if
    there is any problem.
    """
    project = Project(root)
    log = project.log
    engine = gate.Engine.of(project.markdown_extensions, project.config, gate.site_pages(log))
    # the log's rules (the build's too), and what is wrong beside the log: conf.py's
    # settings, build state that git tracks
    problems = sorted({*rules.check(log, project.settings, engine), *project.config_problems(),
                       *tree.tracked_build_state(project.root)})
    elsewhere = 0
    if paths:
        wanted = {_relative(project.root, p) for p in paths}

        def given(path: str) -> bool:
            return path in wanted or any(path.startswith(w.rstrip("/") + "/") for w in wanted)

        # and problems elsewhere about records of these files (an ID they now duplicate)
        defined = {record.id for record in log.records if given(record.path)}
        selected = [p for p in problems if given(p.path) or p.record_id in defined]
        elsewhere, problems = len(problems) - len(selected), selected
    if fmt == "json":
        click.echo(json.dumps({"records": len(log.records),
                               "problems": [p.as_dict() for p in problems]}, indent=2))
    elif fmt == "github":
        prefix = _repository_prefix(project.root)
        for problem in problems:
            click.echo(github_annotation(problem, prefix))
        click.echo(f"dmlog check: {len(problems)} problem(s) in {len(log.records)} records",
                   err=True)
    else:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"dmlog check: {len(problems)} problem(s) in {len(log.records)} records",
                   err=True)
    if elsewhere:  # e.g. a record elsewhere naming a person this change removed
        click.echo(f"dmlog check: {elsewhere} more problem(s) in other files of the log "
                   "(run dmlog check without paths to see them)", err=True)
    sys.exit(1 if problems else 0)


def github_annotation(problem: Problem, prefix: str = "", title: str = "dmlog check") -> str:
    """``::error file=…,line=…::message``, escaped as GitHub's workflow commands require
    (the message comes from untrusted records and must not end the command early)."""
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    where = f"file={prop(prefix + problem.path)},line={max(problem.line, 1)}," if problem.path else ""
    return f"::error {where}title={prop(title)}::{data(problem.message)}"


def _repository_prefix(root: Path) -> str:
    """Where the log is in its git repository: GitHub places annotations by repository paths."""
    try:
        return repository_prefix(root)
    except LogError:
        return ""


def _relative(root: Path, path: Path) -> str:
    if not path.exists():
        fail(f"{path}: no such file or folder; give files or folders of the log "
             "(or no paths, to check all of it)")
    absolute = path.resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        fail(f"{path}: is not inside the log ({root})")
