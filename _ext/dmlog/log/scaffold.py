"""A log's repository as `dmlog init` writes it (the templates in ``templates/init/``),
and how `dmlog upgrade` brings an existing log's copies of dmlog's own files to the
running dmlog: the pins, the workflows, the Makefile, the pre-commit hook (and a
CODEOWNERS where the log has none)."""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Mapping
from importlib import metadata
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from dmlog import __version__
from dmlog.log import escaping
from dmlog.log.layout import SITE_PAGES_IN_CONTENT_DIRS, content_dirs

TEMPLATES = files("dmlog") / "templates" / "init"
#: Template names whose files are written under another name (package data keeps no dotfiles).
_RENAMED = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml",
            "github": ".github"}
REQUIREMENTS = "requirements.txt"
GITIGNORE = ".gitignore"
#: dmlog's files in a log, replaced by `dmlog upgrade` with the running dmlog's. The
#: team's own files (conf.py, pages, registries, README, CODEOWNERS) are never touched;
#: requirements.txt and .gitignore are merged (the team may add lines to them).
TOOL_FILES = ("Makefile", ".pre-commit-config.yaml", ".github/workflows/publish.yml",
              ".github/workflows/pull-request.yml", ".github/workflows/preview.yml")
#: written by `dmlog upgrade` only where the log has none (then the team's): an older log
#: gets the CODEOWNERS that gives its site code to the maintainers, to be named there
ADDED_IF_MISSING = (".github/CODEOWNERS",)
#: Who owns the site's code in CODEOWNERS until the team says (GitHub flags an unknown team).
MAINTAINERS_PLACEHOLDER = "@ORGANISATION/log-maintainers"
#: the branch publish.yml publishes, as its template names it (a log's may differ)
_PUBLISHED_BRANCH = "    branches: [main]\n"
#: a branch name a workflow's list can hold as it is
BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
#: a URL pip installs from: https://…/dmlog-….whl, file://…, git+https://…@tag
_URL = re.compile(r"(git\+)?[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(keep_trailing_newline=True, trim_blocks=True,
                                     lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    # titles are any text: a Python literal in conf.py (never inside its docstring, which
    # a title holding """ would close), Markdown that shows that text in the pages
    environment.filters["pyrepr"] = repr
    environment.filters["markdown_text"] = escaping.markdown_text
    environment.filters["yaml_entry"] = _yaml_entry
    return environment


def _yaml_entry(entry: dict[str, object]) -> str:
    """An entry of a registry section, quoted as YAML needs (a name is any text)."""
    text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, default_flow_style=None)
    return textwrap.indent(text, "  ").rstrip()


def _templates(folder: Traversable = TEMPLATES, prefix: str = "") -> dict[str, Traversable]:
    """Each template by the path of the file it becomes in a log."""
    found: dict[str, Traversable] = {}
    for item in folder.iterdir():
        if item.name.startswith(("_", ".")):
            continue  # __pycache__ and the like
        name = _RENAMED.get(item.name.removesuffix(".jinja"), item.name.removesuffix(".jinja"))
        if item.is_dir():
            found |= _templates(item, f"{prefix}{name}/")
        else:
            found[f"{prefix}{name}"] = item
    return found


def rendered(context: Mapping[str, object], names: tuple[str, ...] | None = None) -> dict[str, str]:
    """The log's files (path → text), or those of ``names``: ``*.jinja`` templates
    rendered with ``context``, the others as they are."""
    environment = _environment()
    texts = {}
    for name, item in sorted(_templates().items()):
        if names is not None and name not in names:
            continue
        text = item.read_text(encoding="utf-8")
        if item.name.endswith(".jinja"):
            text = environment.from_string(text).render(**context)
        elif name == ".github/workflows/publish.yml":  # GitHub's ${{ }} is not for Jinja
            text = text.replace(_PUBLISHED_BRANCH, f"    branches: [{context['branch']}]\n")
        texts[name] = text
    return texts


def dmlog_requirement(spec: str | None) -> str:
    """requirements.txt's line for dmlog: this version from the package index, or
    ``spec`` — a wheel, sdist or source folder here, a URL, or a requirement such as
    ``dmlog>=0.2``. A ValueError says what is wrong with ``spec``."""
    if spec is None:
        return f"dmlog=={__version__}"
    spec = spec.strip()
    if _URL.match(spec):
        line = f"dmlog @ {spec}"
    elif (path := Path(spec).expanduser()).exists():
        path = path.resolve()
        if path.is_dir() and not (path / "pyproject.toml").exists():
            raise ValueError(f"{spec}: this folder has no pyproject.toml: give dmlog's source folder, "
                             "a wheel, a URL or a requirement such as dmlog==0.1.0")
        line = f"dmlog @ {path.as_uri()}"
    else:
        try:
            requirement = Requirement(spec)
        except InvalidRequirement:
            raise ValueError(f"{spec!r} is neither a file or folder here, a URL, nor a requirement "
                             "such as dmlog==0.1.0") from None
        if canonicalize_name(requirement.name) != "dmlog":
            raise ValueError(f"{spec!r} is a requirement for {requirement.name}, not dmlog")
        line = str(requirement)
    try:
        Requirement(line)
    except InvalidRequirement as err:
        raise ValueError(f"{spec!r} is not a URL pip can install from: {err}") from None
    return line


def dependency_pins() -> dict[str, str]:
    """Each package the running dmlog needs (its dependencies and theirs), by normalised
    name: ``Name==version`` as installed here."""
    pins: dict[str, str] = {}
    pending = [Requirement(r) for r in metadata.requires("dmlog") or []]
    while pending:
        requirement = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue  # test and lint extras, other platforms
        name = canonicalize_name(requirement.name)
        if name in pins:
            continue
        try:
            distribution = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue
        pins[name] = f"{distribution.metadata['Name']}=={distribution.version}"
        pending += [Requirement(r) for r in distribution.requires or []]
    return pins


def requirements(dmlog: str) -> str:
    """requirements.txt of a new log: dmlog, and the versions of its dependencies this
    dmlog runs with, so the new log builds as this one does."""
    lines = ["# The log's dependencies: dmlog, and the versions it was created with.",
             "# Upgrade: dmlog upgrade (with the newer dmlog), or change the dmlog line, then",
             "# pip install -r requirements.txt && pip freeze.",
             dmlog, *sorted(dependency_pins().values(), key=str.lower)]
    return "\n".join(lines) + "\n"


def _requirement_name(line: str) -> str | None:
    try:
        return canonicalize_name(Requirement(line.split("#")[0].strip()).name)
    except InvalidRequirement:
        return None  # a comment, an option (-r, --index-url), a blank line


def upgraded_requirements(text: str, dmlog: str) -> str:
    """The log's requirements with the dmlog line and the pins of its dependencies as
    the running dmlog has them; the team's other lines stay, new dependencies are added."""
    pins = dependency_pins()
    lines, seen = [], set()
    for line in text.splitlines():
        name = _requirement_name(line)
        seen.add(name)
        lines.append(dmlog if name == "dmlog" else pins.get(name, line) if name else line)
    if "dmlog" not in seen:
        lines.append(dmlog)
    lines += sorted((pin for name, pin in pins.items() if name not in seen), key=str.lower)
    return "\n".join(lines) + "\n"


def is_release(version: str) -> bool:
    """Whether a package index may hold this version: not a development or local one."""
    parsed = Version(version)
    return not (parsed.is_devrelease or parsed.local is not None)


def upgraded_gitignore(text: str, template: str) -> str:
    """The log's .gitignore with the lines of this dmlog's that it lacks appended."""
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in template.splitlines() if line.strip() and line.strip() not in present]
    if not missing:
        return text
    return text + ("" if not text or text.endswith("\n") else "\n") + "\n".join(missing) + "\n"


def upgrade(root: Path, title: str, branch: str, dmlog: str) -> dict[str, tuple[str, str]]:
    """What `dmlog upgrade` changes in the log at ``root``: path → (text now, text then),
    for the files that change ('' for a file that is missing now)."""
    context = {"title": title, "branch": branch, "maintainers": MAINTAINERS_PLACEHOLDER,
               "content_dirs": content_dirs(), "site_pages": SITE_PAGES_IN_CONTENT_DIRS}
    templates = rendered(context, (*TOOL_FILES, GITIGNORE, *ADDED_IF_MISSING))
    gitignore = templates.pop(GITIGNORE)
    for name in ADDED_IF_MISSING:
        if (root / name).exists():
            del templates[name]

    def current(name: str) -> str:
        path = root / name
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    wanted = {**templates,
              REQUIREMENTS: upgraded_requirements(current(REQUIREMENTS), dmlog),
              GITIGNORE: upgraded_gitignore(current(GITIGNORE), gitignore)}
    return {name: (current(name), text) for name, text in wanted.items() if current(name) != text}


def unified_diff(name: str, before: str, after: str) -> str:
    """A change of one file as `git diff` shows it."""
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        f"a/{name}" if before else "/dev/null", f"b/{name}"))
