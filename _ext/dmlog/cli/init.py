"""`dmlog init`: a new, empty log repository for another team."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from dmlog import __version__, schema
from dmlog.cli.project import fail
from dmlog.log import layout, scaffold

#: Where dmlog itself is kept: the new log's README links there.
DMLOG_REPOSITORY = "https://github.com/lsst-dm/dmlog"
#: A code owner: @user, @organisation/team, or an e-mail address.
OWNER = re.compile(r"@[A-Za-z0-9-]+(/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[a-z]+")
#: What may already be in the folder a log is created in: a fresh `git init`.
_ALLOWED = {".git"}


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", required=True, help='The log\'s title, e.g. "SITCOM decision log".')
@click.option("--group", help="The team's group, as ID or ID=Name, e.g. 'sitcom=SITCOM team'; "
              "its members are added to docs/registry/people.yaml later.")
@click.option("--repository-url", help="The log's repository, e.g. https://github.com/lsst-sitcom/"
              "log: records link to their lines there.")
@click.option("--branch", default="main", show_default=True, help="The repository's main branch.")
@click.option("--maintainers", default=scaffold.MAINTAINERS_PLACEHOLDER, show_default=True,
              help="Who reviews the site's code (.github/CODEOWNERS): GitHub users or teams, "
              "e.g. '@lsst-sitcom/log-maintainers'.")
@click.option("--dmlog", "dmlog_spec", metavar="SPEC",
              help=f"Where the log installs dmlog from (default: dmlog=={__version__}, this version, "
              "from the package index): a wheel, sdist or source folder, a URL, or a requirement.")
def init(path: Path, **options: Any) -> None:
    """Create a new, empty decision log in PATH (a new or empty folder).

    \b
    It holds conf.py, a Makefile, requirements.txt pinning this dmlog, the registries
    (with the team's group), the site's pages, GitHub workflows (checks on pull
    requests, hosted previews, publishing from main), a CODEOWNERS giving the site's
    code to the maintainers, .gitignore, a pre-commit configuration and a README with
    the two commands. It builds with zero warnings straight away:
      dmlog init sitcom-log --title "SITCOM decision log" --group "sitcom=SITCOM team"
      cd sitcom-log && git init && make html
    """
    _refuse_unless_empty(path)
    chosen = InitOptions(**options)
    context = _context(chosen)
    _write_log(path, context)
    click.echo(f"{path}: a new decision log “{context['title']}”. Next:\n  cd {path} && "
               f"git init -b {chosen.branch} && make html   # then open _build/html/index.html")
    if chosen.maintainers == scaffold.MAINTAINERS_PLACEHOLDER:
        click.echo("  and name the maintainers in .github/CODEOWNERS (or give --maintainers)")


@dataclass(frozen=True, kw_only=True)
class InitOptions:
    """`dmlog init`'s options, as given."""

    title: str
    group: str | None = None  # ID or ID=Name
    repository_url: str | None = None
    branch: str = "main"
    maintainers: str = scaffold.MAINTAINERS_PLACEHOLDER
    dmlog_spec: str | None = None  # where the log installs dmlog from


def _context(options: InitOptions) -> dict[str, Any]:
    """What the new log's templates are filled with, from the options checked (exit on
    one that cannot be used, saying how to write it)."""
    title = " ".join(options.title.split())
    if not title:
        fail("--title is empty: give the log's title")
    repository_url, branch = options.repository_url, options.branch
    if repository_url and not repository_url.startswith(("https://", "http://")):
        fail(f"--repository-url {repository_url!r} is not a web address: give the repository's "
             "https:// address, e.g. https://github.com/lsst-dm/my-log")
    if not scaffold.BRANCH.fullmatch(branch):
        fail(f"--branch {branch!r} is not a branch name: letters, digits and . _ / -, e.g. main")
    owners = options.maintainers.split()
    if not owners or not all(OWNER.fullmatch(owner) for owner in owners):
        fail(f"--maintainers {options.maintainers!r}: give GitHub users or teams, "
             "e.g. @lsst-sitcom/log-maintainers")
    try:
        requirement = scaffold.dmlog_requirement(options.dmlog_spec)
    except ValueError as err:
        fail(f"--dmlog {err}")
    if options.dmlog_spec is None and not scaffold.is_release(__version__):
        click.echo(f"dmlog init: this dmlog ({__version__}) is not a release: the log's requirements "
                   "name it, but a package index may not have it; give --dmlog (a wheel, a folder, "
                   "a URL) to install it from elsewhere", err=True)
    return {
        "title": title, schema.GROUP: _group(options.group) if options.group else None,
        "repository_url": repository_url or "", "branch": branch,
        "year": dt.date.today().year, "dmlog_repository": DMLOG_REPOSITORY, "dmlog_version": __version__,
        "dmlog_requirement": requirement, "maintainers": " ".join(owners),
        "content_dirs": layout.content_dirs(),
        "site_pages": layout.SITE_PAGES_IN_CONTENT_DIRS}


def _write_log(path: Path, context: dict[str, Any]) -> None:
    """The new log's files, all of them or none."""
    parent = path.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.dmlog-init-", dir=parent))
    try:
        staging.chmod(0o777 & ~_umask())  # as a folder made by mkdir (mkdtemp's is private)
        texts = {**scaffold.rendered(context),
                 scaffold.REQUIREMENTS: scaffold.requirements(context["dmlog_requirement"])}
        for name, text in texts.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        for folder in (schema.TYPES[kind].home for kind in (schema.DECISION, schema.ACTION)):
            # git keeps no empty folder
            (staging / folder).mkdir()
            (staging / folder / ".gitkeep").write_text("", encoding="utf-8")
        # all or nothing: the log appears in one move once every file is written
        if path.exists():
            for entry in staging.iterdir():
                entry.rename(path / entry.name)
        else:
            staging.rename(path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # what is left if writing failed


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _refuse_unless_empty(path: Path) -> None:
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        fail(f"{path}: is a file, not a folder: give a new or empty folder for the log")
    if not path.exists():
        return
    if (path / "conf.py").exists():
        fail(f"{path}: already holds a site (conf.py): dmlog init writes only new logs")
    if others := sorted(p.name for p in path.iterdir() if p.name not in _ALLOWED):
        fail(f"{path}: is not empty ({', '.join(others[:3])}{', …' if len(others) > 3 else ''}): "
             "give a new or empty folder for the log")


def _group(value: str) -> dict[str, dict[str, object]]:
    group_id, _, name = value.partition("=")
    group_id = group_id.strip()
    pattern = schema.TYPES[schema.GROUP].id_pattern
    if not pattern.fullmatch(group_id):
        fail(f"--group {group_id!r} is not a group ID: use lower-case letters, digits and dashes, "
             f"like {schema.TYPES[schema.GROUP].id_example!r} (ID=Name gives it a name)")
    return {group_id: {"name": " ".join(name.split()) or group_id.upper(), "members": []}}
