"""`dmlog diff`: what a change does to the log, record by record."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

from dmlog.cli.check import github_annotation
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import history, ledger, lifecycle, snapshots
from dmlog.log.diff import FORMATS, diff_logs, md_text
from dmlog.log.problems import LogError, Problem
from dmlog.log.sources import Log, load_log

WORKING_TREE = "working tree"


@click.command()
@click.argument("base", default="origin/main")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(sorted([*FORMATS, "github"])), default="text",
              show_default=True, help="md: for a pull-request comment or a GitHub job summary; "
              "json: for tools; github (with --check): annotations on the changed lines.")
@click.option("--check", is_flag=True, help="Apply the lifecycle rules to the change instead: "
              "settled records change only with an amendment, statuses follow the lifecycle, "
              "no record is deleted, no ID is given twice, original minutes stay as written.")
@click.option("--today", help="Judge 'overdue' on this date (default: dmlog_today or today).")
@root_option
def diff(base: str, head: str | None, fmt: str, check: bool, today: str | None,
         root: Path | None) -> None:
    """The records added, removed and changed from BASE to HEAD, and what follows
    (decisions superseded, actions newly overdue or closed).

    \b
    BASE and HEAD are git refs of the log's repository, or folders holding a log.
    BASE defaults to origin/main, HEAD to the working tree:
      dmlog diff                         # origin/main → working tree
      dmlog diff origin/main HEAD --format md >> "$GITHUB_STEP_SUMMARY"
      dmlog diff old-copy/ new-copy/
      dmlog diff origin/main HEAD --check --format github
    Exit status 1 if a state's records cannot be read (the diff still shows the rest),
    or with --check if the change breaks a lifecycle rule (each is listed with its file
    and line; the help page explains how to amend, supersede or withdraw a record).
    """
    project = Project(root)
    date = project.today(today)
    if fmt == "github" and not check:
        fail("--format github gives annotations of --check: add --check, or use --format md")
    rules = project.lifecycle
    with tempfile.TemporaryDirectory(prefix="dmlog-diff-") as scratch:
        try:
            before = _state(project, base, Path(scratch) / "base")
            after = _state(project, head, Path(scratch) / "head")
        except LogError as err:
            fail(err.problem.message)
        result = diff_logs(before, after, date, base, head or WORKING_TREE)
        if check:
            violations = lifecycle.check(
                lifecycle.State(before, _issued(project, base, before)), lifecycle.State(after), rules)
    for problem in result.problems:
        click.echo(f"dmlog diff: {problem}", err=True)
    if not check:
        click.echo(FORMATS[fmt](result), nl=False)
        sys.exit(1 if result.problems else 0)
    _report(project, violations, fmt)
    sys.exit(1 if result.problems or violations else 0)


def _report(project: Project, violations: list[Problem], fmt: str) -> None:
    if fmt == "github":
        prefix = _repository_prefix(project.root)
        for problem in violations:
            click.echo(github_annotation(problem, prefix, title="dmlog diff --check"))
    elif fmt == "json":
        click.echo(json.dumps({"problems": [p.as_dict() for p in violations]}, indent=2,
                              ensure_ascii=False))
    elif fmt == "md":
        click.echo("### Lifecycle of the records\n")
        click.echo("\n".join(f"- {md_text(str(p))}" for p in violations) or
                   "No settled record changed without an amendment; no record deleted; "
                   "no ID reused.")
    else:
        for problem in violations:
            click.echo(str(problem))
    click.echo(f"dmlog diff --check: {len(violations)} problem(s)", err=True)


def _issued(project: Project, name: str, state: Log) -> dict[str, str]:
    """The IDs issued up to the base, with the title each last had ("": unknown): its
    ledger, and for a git ref every ID its history has seen (without history, the ledger
    alone, and a note says so)."""
    issued = dict.fromkeys(ledger.read(state.root), "")
    if Path(name).is_dir():
        return issued
    try:
        found = history.read(project.root, until=snapshots.resolve(project.root, name))
    except history.HistoryUnavailable as err:
        click.echo(f"dmlog diff --check: IDs checked against {ledger.RELPATH} "
                   f"only, as git history is unavailable: {err}", err=True)
        return issued
    return issued | {record_id: entry.title for record_id, entry in found.records.items()}


def _repository_prefix(root: Path) -> str:
    """Where the log is in its git repository: GitHub places annotations by repository paths."""
    try:
        return snapshots.repository_prefix(root)
    except LogError:
        return ""


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
