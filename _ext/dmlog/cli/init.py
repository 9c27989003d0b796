"""`dmlog init`: a new, empty log repository for another team."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import textwrap
from importlib import metadata
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import click
import jinja2
import yaml
from packaging.requirements import Requirement

from dmlog import __version__, schema
from dmlog.cli.project import fail
from dmlog.log import layout, safety

#: Where dmlog itself is kept: a new log's requirements and pre-commit hook point there.
DMLOG_REPOSITORY = "https://github.com/lsst-dm/dmlog"
#: Template names whose files are written under another name (package data keeps no dotfiles).
_RENAMED = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml",
            "github": ".github"}
#: Who owns the site's code in CODEOWNERS until the team says (GitHub flags an unknown team).
MAINTAINERS_PLACEHOLDER = "@ORGANISATION/log-maintainers"
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
@click.option("--maintainers", default=MAINTAINERS_PLACEHOLDER, show_default=True,
              help="Who reviews the site's code (.github/CODEOWNERS): GitHub users or teams, "
              "e.g. '@lsst-sitcom/log-maintainers'.")
@click.option("--dmlog-requirement", help="How requirements.txt names dmlog (default: this "
              f"version from {DMLOG_REPOSITORY}).")
def init(path: Path, title: str, group: str | None, repository_url: str | None, branch: str,
         maintainers: str, dmlog_requirement: str | None) -> None:
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
    title = " ".join(title.split())
    if not title:
        fail("--title is empty: give the log's title")
    group_entry = _group(group) if group else None
    if repository_url and not repository_url.startswith(("https://", "http://")):
        fail(f"--repository-url {repository_url!r} is not a web address: give the repository's "
             "https:// address, e.g. https://github.com/lsst-dm/my-log")
    owners = maintainers.split()
    if not owners or not all(OWNER.fullmatch(owner) for owner in owners):
        fail(f"--maintainers {maintainers!r}: give GitHub users or teams, e.g. @lsst-sitcom/log-maintainers")
    requirement = dmlog_requirement or f"dmlog @ git+{DMLOG_REPOSITORY}@v{__version__}"
    try:
        Requirement(requirement)
    except ValueError as err:
        fail(f"--dmlog-requirement {requirement!r} is not a pip requirement: {err}")
    context: dict[str, object] = {
        "title": title, "group": group_entry, "repository_url": repository_url or "", "branch": branch,
        "year": dt.date.today().year, "dmlog_repository": DMLOG_REPOSITORY, "dmlog_rev": f"v{__version__}",
        "maintainers": " ".join(owners), "content_dirs": layout.CONTENT_DIRS}
    parent = path.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.dmlog-init-", dir=parent))
    try:
        staging.chmod(0o777 & ~_umask())  # as a folder made by mkdir (mkdtemp's is private)
        _write_tree(files("dmlog") / "templates" / "init", staging, context)
        (staging / "requirements.txt").write_text(requirements(requirement), encoding="utf-8")
        for folder in ("decisions", "actions"):  # git keeps no empty folder
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
    click.echo(f"{path}: a new decision log “{title}”. Next:\n"
               f"  cd {path} && git init -b {branch} && make html   # then open _build/html/index.html")


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
    pattern = schema.TYPES["group"].id_pattern
    if not pattern.fullmatch(group_id):
        fail(f"--group {group_id!r} is not a group ID: use lower-case letters, digits and dashes, "
             f"like {schema.TYPES['group'].id_example!r} (ID=Name gives it a name)")
    return {group_id: {"name": " ".join(name.split()) or group_id.upper(), "members": []}}


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(keep_trailing_newline=True, trim_blocks=True,
                                     lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    # titles are any text: a Python literal in conf.py (never inside its docstring, which
    # a title holding """ would close), Markdown that shows that text in the pages
    environment.filters["pyrepr"] = repr
    environment.filters["markdown_text"] = safety.markdown_text
    environment.filters["yaml_entry"] = _yaml_entry
    return environment


def _yaml_entry(entry: dict[str, object]) -> str:
    """An entry of a registry section, quoted as YAML needs (a name is any text)."""
    text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, default_flow_style=None)
    return textwrap.indent(text, "  ").rstrip()


def _write_tree(source: Traversable, destination: Path, context: dict[str, object]) -> None:
    """Copy the template folder: ``*.jinja`` files rendered, the rest as they are."""
    environment = _environment()
    for item in source.iterdir():
        name = item.name
        if name.startswith(("_", ".")):
            continue  # __pycache__ and the like
        if item.is_dir():
            target = destination / _RENAMED.get(name, name)
            target.mkdir()
            _write_tree(item, target, context)
            continue
        text = item.read_text(encoding="utf-8")
        if name.endswith(".jinja"):
            name = name.removesuffix(".jinja")
            text = environment.from_string(text).render(**context)
        (destination / _RENAMED.get(name, name)).write_text(text, encoding="utf-8")


def requirements(dmlog: str) -> str:
    """requirements.txt of a new log: dmlog, and the versions of its dependencies this
    dmlog runs with, so the new log builds as this one does."""
    pins: dict[str, str] = {}
    pending = [Requirement(r) for r in metadata.requires("dmlog") or []]
    while pending:
        requirement = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue  # test and lint extras, other platforms
        name = requirement.name.lower().replace("_", "-")
        if name in pins:
            continue
        try:
            distribution = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue
        pins[name] = f"{distribution.metadata['Name']}=={distribution.version}"
        pending += [Requirement(r) for r in distribution.requires or []]
    lines = ["# The log's dependencies: dmlog, and the versions it was created with.",
             "# Upgrade: change the dmlog line, then pip install -r requirements.txt && pip freeze.",
             dmlog, *sorted(pins.values(), key=str.lower)]
    return "\n".join(lines) + "\n"
