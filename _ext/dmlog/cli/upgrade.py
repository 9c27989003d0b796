"""`dmlog upgrade`: an existing log brought to the running dmlog."""

from __future__ import annotations

from pathlib import Path

import click

from dmlog import __version__
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import scaffold
from dmlog.log.files import log_lock, write_all
from dmlog.log.problems import LogError


@click.command()
@click.option("--dmlog", "dmlog_spec", metavar="SPEC",
              help=f"Where the log installs dmlog from (default: dmlog=={__version__}, this version, "
              "from the package index): a wheel, sdist or source folder, a URL, or a requirement.")
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@root_option
def upgrade(dmlog_spec: str | None, dry_run: bool, root: Path | None) -> None:
    """Bring this log's copies of dmlog's files to this dmlog, showing the diff.

    \b
    requirements.txt: the dmlog line, and the pins of dmlog's dependencies as this
    dmlog runs with them (the team's other lines stay); the workflows, the Makefile
    and the pre-commit hook as `dmlog init` writes them now; .gitignore's new lines; a
    CODEOWNERS if the log has none. The team's own files (conf.py, pages, registries,
    README, CODEOWNERS) are left alone. Then `make html` installs the new pins:
      dmlog upgrade --dry-run     # see the diff first
      dmlog upgrade && make html
    """
    project = Project(root)
    try:
        requirement = scaffold.dmlog_requirement(dmlog_spec)
    except ValueError as err:
        fail(f"--dmlog {err}")
    title = str(project.config.get("project") or project.root.name)
    branch = str(project.config.get("dmlog_repository_branch") or "main")
    changes = scaffold.upgrade(project.root, title, branch, requirement)
    for name, (before, after) in changes.items():
        click.echo(scaffold.unified_diff(name, before, after), nl=False)
    if not changes:
        click.echo(f"The log is up to date with dmlog {__version__}: nothing to change.")
        return
    names = ", ".join(changes)
    if dry_run:
        click.echo(f"--dry-run: {len(changes)} file(s) would change ({names}); nothing was written.")
        return
    try:
        with log_lock(project.root):
            write_all({project.root / name: after for name, (_, after) in changes.items()}, project.root)
    except LogError as err:
        fail(err.problem.message if not err.problem.path else f"{err.problem.path}: {err.problem.message}")
    click.echo(f"{len(changes)} file(s) brought to dmlog {__version__} ({names}). Next: make html "
               "(installs the new pins), then review and commit.")
    if any(name in changes for name in scaffold.ADDED_IF_MISSING):
        click.echo("Name the maintainers in .github/CODEOWNERS (it gives them the site's code).")
