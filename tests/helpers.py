"""What the tests share: real Sphinx builds of real sites in temporary folders, and
small edits of the fixture sites in ``tests/roots/``."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml
from bs4 import Tag
from click.testing import CliRunner

from dmlog.cli import main
from dmlog.log.files import LOCK_FILE

PROJECT = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"
SHARED = PROJECT.parent / "shared"
SEED_MINUTES = SHARED / "minutes" / "dmlt-f2f-2019.txt"


@dataclass
class Build:
    returncode: int
    output: str
    srcdir: Path
    outdir: Path

    @property
    def needs(self) -> dict:
        data = json.loads((self.outdir / "needs.json").read_text(encoding="utf-8"))
        return data["versions"][data["current_version"]]["needs"]

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")

    def written(self) -> list[str]:
        """The pages Sphinx wrote, from its own progress output."""
        return [line.split("] ", 1)[1].strip() for line in self.output.splitlines()
                if line.startswith("writing output... [")]


def one(tag: Tag, *args: Any, **kwargs: Any) -> Tag:
    """The element ``tag.find(...)`` finds; the test fails if there is none."""
    found = tag.find(*args, **kwargs)
    assert isinstance(found, Tag), f"no element {args} {kwargs} in {str(tag)[:200]}"
    return found


def attr(tag: Tag, name: str) -> str:
    """An attribute of an element, as one string."""
    value = tag[name]
    return value if isinstance(value, str) else " ".join(value)


def sphinx_build(srcdir: Path, outdir: Path | None = None, *extra: str,
                 builder: str = "html", hash_seed: str | None = None) -> Build:
    """Build the site the way `make html` does: Sphinx's own command in a process of its
    own, warnings fatal. With a hash seed, a new interpreter started with that seed;
    else a process forked from one that has already imported Sphinx, sphinx-needs and
    dmlog (half the CPU of a small build is those imports), unless
    DMLOG_TEST_SUBPROCESS=1 asks for new interpreters."""
    outdir = outdir or srcdir / "_build" / builder
    doctrees = outdir.parent / "doctrees"
    argv = ["-W", "--keep-going", "-b", builder, "-d", str(doctrees), str(srcdir), str(outdir), *extra]
    # NO_COLOR: with CI=true Sphinx colours its progress and redraws it on one line
    env = {**os.environ, "NO_COLOR": "1"}
    if hash_seed is None and not os.environ.get("DMLOG_TEST_SUBPROCESS"):
        result = _forked("sphinx", argv, env, Path.cwd())
    else:
        result = subprocess.run([sys.executable, "-m", "sphinx", *argv], capture_output=True, text=True,
                                env={**env, **({"PYTHONHASHSEED": hash_seed} if hash_seed else {})})
    return Build(result.returncode, result.stdout + result.stderr, srcdir, outdir)


#: The installed command, for the tests that need the script itself (a real interpreter)
DMLOG = shutil.which("dmlog", path=str(Path(sys.executable).parent)) or "dmlog"


def dmlog(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`dmlog ARGS` run in ``cwd`` as a user runs it: a process of its own with that
    argument list, folder and environment, its exit status and its standard output and
    error apart. The process is forked from one that has already imported dmlog's
    commands (its start is most of a small command's CPU), unless DMLOG_TEST_SUBPROCESS=1
    asks for the installed script in a new interpreter (tests/cli/test_cli.py runs the
    script itself)."""
    environment = {**os.environ, **(env or {})}
    if os.environ.get("DMLOG_TEST_SUBPROCESS"):
        return subprocess.run([DMLOG, *args], cwd=cwd, capture_output=True, text=True, env=environment)
    return _forked("dmlog", list(args), environment, cwd)


def _preload() -> list[str]:
    """What the fork server imports once, so that each process forked from it starts
    ready: Sphinx's own extensions, those of dmlog's preset, the libraries dmlog
    imports only when a build needs them, and every dmlog command."""
    from sphinx.application import builtin_extensions

    from dmlog import cli, conf

    commands = sorted({f"dmlog.cli.{where.partition(':')[0]}" for where in cli.COMMANDS.values()})
    return ["helpers", "sphinx.cmd.build", "sphinx.builders.html", *builtin_extensions, *conf.extensions,
            "sphinx_needs.needs", "myst_parser.parsers.sphinx_", "pydata_sphinx_theme",
            "feedgen.feed", "git", "icalendar", "matplotlib", "pagefind.service", "jinja2", "filelock",
            *commands]


def _forked(program: str, argv: list[str], env: dict[str, str],
            cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``program argv`` ("sphinx": sphinx-build, "dmlog": the dmlog command) in a
    child of multiprocessing's fork server (started once per test process, with
    _preload() imported), in ``cwd`` with ``env``, as a separate process would run."""
    import multiprocessing
    import tempfile

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_preload())
    with tempfile.TemporaryDirectory(prefix=f"{program}-") as folder:
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        process = context.Process(target=_child_main, args=(program, argv, str(out), str(err), env, str(cwd)))
        process.start()
        process.join()
        stdout, stderr = (path.read_text(encoding="utf-8", errors="replace") for path in (out, err))
    assert process.exitcode is not None
    return subprocess.CompletedProcess([program, *argv], process.exitcode, stdout, stderr)


def stop_fork_server() -> None:
    """Stop the fork server of the builds and wait for it, so that no process is left
    behind and the builds' CPU time counts in this process's (as `time -v` reports it)."""
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]  # no public way in 3.11


def _child_main(program: str, argv: list[str], out: str, err: str, env: dict[str, str], cwd: str) -> None:
    """The forked child: the test's environment and folder, output to files, then
    Sphinx's command line (``python -m sphinx``) or dmlog's."""
    import tempfile

    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # chosen again from this environment's TMPDIR
    os.chdir(cwd)
    for path, fd in ((out, 1), (err, 2)):
        opened = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(opened, fd)
        os.close(opened)
    if program == "sphinx":
        from sphinx.cmd.build import main as sphinx_main

        # flushed and turned into the exit code by multiprocessing
        raise SystemExit(sphinx_main(argv))
    main(argv, prog_name="dmlog")


#: The long log (tests/conftest.py, long_log_build): the decisions it adds to the mini
#: site's one, more than two pages of 50 rows, of two owners and three statuses (each
#: status colour is checked by axe-core), and an action title that is one unbreakable
#: word (the tables it is in must not widen a page).
LONG_LOG_DECISIONS = [(f"DEC-2020-{n:03d}", f"Decision number {n}",
                       "adopted" if n % 3 == 0 else "implemented" if n % 5 == 0 else "proposed",
                       {"owner": "bob" if n % 2 else "ann"}) for n in range(2, 132)]
WIDE = "A-title-that-is-one-long-word-as-a-URL-or-a-path-can-be-" * 3


#: A team's meeting as a new user pastes it (issue 17): fields, agenda, nested lists.
TEAM_MEETING = """\
DMLT weekly meeting

Date: 2026-11-19
Attendees: Leanne Guy, Kian-Tat Lim (KT), Yusra AlSayyad, Tim Jenness (TJ), Wil O'Mullane
Regrets: Robert Gruendl

Agenda

1. Datasets for commissioning
   - Gaia DR3 is now available in the LSP
     - DR2 stays until the summer
   - Agreed: we will use Gaia DR3 as the astrometric reference catalog.
2. Summit services
   - KT to produce a DMTN describing summit services by end of month.
   - KT: summit services doc needs updating
3. Pipelines plan
   - Yusra AlSayyad to circulate the pipelines release plan by next week.

Action items
- TJ to book the room for the next face-to-face by Friday.
"""


def copy_project(destination: Path) -> Path:
    """The site as a user's clone has it: configuration, records and pages."""
    for name in ("conf.py", "decisions", "actions", "docs"):
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("people", "milestones", "documents"))
        else:
            shutil.copy(source, destination / name)
    return destination


def empty_log(destination: Path) -> Path:
    """The repository's site with its registries but without the seed meeting."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "conf.py", destination / "conf.py")
    shutil.copytree(PROJECT / "docs", destination / "docs",
                    ignore=shutil.ignore_patterns("people", "milestones", "documents", "2019",
                                                   "issued-ids.txt"))
    return destination


def files_of(site: Path) -> dict[str, bytes]:
    """The log's files (not the lock a command takes, which git ignores)."""
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != LOCK_FILE}


def invoke(site: Path, *args: str) -> tuple[int, str]:
    """`dmlog ARGS --root SITE` in this process: its exit code and what it printed."""
    result = CliRunner().invoke(main, [*args, "--root", str(site)])
    return result.exit_code, result.output


def import_plan(site: Path, minutes: Path, *args: str) -> dict[str, Any]:
    """What `dmlog import MINUTES ARGS --dry-run --format json` plans (it must succeed)."""
    code, output = invoke(site, "import", str(minutes), *args, "--dry-run", "--format", "json")
    assert code == 0, output
    plan: dict[str, Any] = json.loads(output)
    return plan


def build_wheel(folder: Path) -> Path:
    """dmlog's wheel, built offline (no build isolation) from a copy of the sources in
    ``folder`` (no build folders left in the project), as `python -m build` makes it:
    from the source distribution."""
    source = folder / "source"
    source.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    shutil.copytree(PROJECT / "_ext", source / "_ext",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation",
                             "--outdir", str(folder / "dist"), str(source)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    [wheel] = (folder / "dist").glob("dmlog-*.whl")
    return wheel


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


LATER = "decisions/2020/2020-05-02-later.md"
#: a second page of actions whose one action takes the mini site's ID ACT-2020-001
#: (line 3), for ``write``
TAKEN_ID: dict[str, str] = {"actions/2020/2020-05-02-other.md": """
    # More actions

    ```{action} Another action with a taken ID
    :id: ACT-2020-001
    :status: open
    :owner: ann
    :meeting: MTG-2020-05-01-review
    ```
"""}


def later_decisions(*decisions: tuple[str, str, str, dict[str, str]]) -> dict[str, str]:
    """A second decisions file of the mini site's meeting: (ID, title, status, options)."""
    blocks = []
    for record_id, title, status, options in decisions:
        lines = [f"```{{decision}} {title}", f":id: {record_id}", f":status: {status}",
                 ":date: 2020-05-02", ":meeting: MTG-2020-05-01-review",
                 *(f":{key}: {value}" for key, value in options.items()), "```"]
        blocks.append("\n".join(lines))
    return {LATER: "# Later decisions\n\n" + "\n\n".join(blocks) + "\n"}


# A small log of its own, so each test can change one thing and see its effect.


# Files of the mini site (tests/roots/mini).
DECISIONS = "decisions/2020/2020-05-01-review.md"
ACTIONS = "actions/2020/2020-05-01-review.md"


def edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_root(name: str, destination: Path) -> Path:
    """A fixture site of tests/roots/, copied so that a test may change it."""
    shutil.copytree(ROOTS / name, destination)
    return destination


# Bad records of the mini site: (file, text, replacement, location, message fragments);
# the build and `dmlog check` must both report each at its location.
CASES = {
    "malformed ID": (DECISIONS, ":id: DEC-2020-001", ":id: DEC-20-1",
                     f"{DECISIONS}:3", ["malformed decision ID 'DEC-20-1'", "DEC-2019-003"]),
    "unknown owner": (DECISIONS, ":owner: ann", ":owner: nobody",
                      f"{DECISIONS}:3", ["unknown owner 'nobody'", "people.yaml"]),
    "owner of the wrong type": (DECISIONS, ":owner: ann", ":owner: LDM-503-10a",
                                f"{DECISIONS}:3", ["'LDM-503-10a' is a milestone, not a person"]),
    "unknown meeting": (ACTIONS, ":meeting: MTG-2020-05-01-review\n:decision",
                        ":meeting: MTG-2020-05-02-nope\n:decision",
                        f"{ACTIONS}:3", ["unknown meeting 'MTG-2020-05-02-nope'"]),
    "unknown milestone": (DECISIONS, ":milestone: LDM-503-10a", ":milestone: LDM-503-99",
                          f"{DECISIONS}:3", ["unknown milestone 'LDM-503-99'", "milestones.yaml"]),
    "unknown document": (DECISIONS, ":document: DMTN-085", ":document: DMTN-999",
                         f"{DECISIONS}:3", ["unknown document 'DMTN-999'", "documents.yaml"]),
    "unknown decision": (ACTIONS, ":decision: DEC-2020-001", ":decision: DEC-2020-099",
                         f"{ACTIONS}:3", ["unknown decision 'DEC-2020-099'"]),
    "status not valid for the type": (DECISIONS, ":status: adopted", ":status: open",
                                      f"{DECISIONS}:3", ["status 'open' is not valid for a decision",
                                                         "proposed, flagged, adopted"]),
    "bad date": (ACTIONS, ":due: 2020-06-01", ":due: 2020-13-01",
                 f"{ACTIONS}:3", ["bad date '2020-13-01'", "YYYY-MM-DD"]),
    "bad date format": (DECISIONS, ":date: 2020-05-01", ":date: 1 May 2020",
                        f"{DECISIONS}:3", ["bad date '1 May 2020'"]),
    "action without owner": (ACTIONS, ":owner: bob\n", "",
                             f"{ACTIONS}:3", ["action ACT-2020-001 has no owner"]),
    "decision without meeting": (DECISIONS, ":meeting: MTG-2020-05-01-review\n", "",
                                 f"{DECISIONS}:3", ["decision DEC-2020-001 has no meeting"]),
    "superseded decision without a superseding one": (
        DECISIONS, ":status: adopted", ":status: superseded",
        f"{DECISIONS}:3", ["DEC-2020-001 is 'superseded' but no decision supersedes it"]),
    "hidden record": (DECISIONS, ":owner: ann", ":owner: ann\n:hide: true",
                      f"{DECISIONS}:3", ["DEC-2020-001 is hidden (:hide:)"]),
    "closed date on an open action": (ACTIONS, ":due: 2020-06-01", ":closed: 2020-06-01",
                                      f"{ACTIONS}:3", ["has a closed date but status 'open'"]),
    "amendment without a date": (DECISIONS, ":milestone: LDM-503-10a",
                                 ":milestone: LDM-503-10a\n:amended: ann: typo",
                                 f"{DECISIONS}:3", ["amendment of DEC-2020-001: 'ann: typo' is not"]),
}


# --- Browser tests (tests/browser) -------------------------------------------------
# Debian's Chromium (Playwright cannot download browsers here) and axe-core from npm,
# both installed by .ci/run.
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on the loopback address at a free port; yields its base URL
    and stops exactly that server."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


#: The axe-core rules whose result a colour theme can change: its colours, and images a
#: theme shows or hides (pydata-sphinx-theme's only-light / only-dark). The page's
#: elements are the same in every theme, so a second theme is checked with these alone.
THEME_RULES = ("color-contrast", "link-in-text-block", "image-alt", "svg-img-alt", "role-img-alt")


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical"),
                   rules: tuple[str, ...] = ()) -> list[str]:
    """axe-core's violations of the page open in a Playwright ``page`` (every rule, or
    only ``rules``), of the given impacts, one line each: rule, impact, and the first
    offending elements."""
    if not page.evaluate("'axe' in window"):  # once per page load, however often it is run
        page.add_script_tag(path=str(AXE_JS))
    # only the violations are collected, not the passes and inapplicable nodes
    options = {"resultTypes": ["violations"], **({"runOnly": list(rules)} if rules else {})}
    violations = page.evaluate("async options => (await axe.run(document, options)).violations", options)
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            for v in violations if v["impact"] in impacts]


# --- git repositories (dmlog diff, the workflows' commands) -----------------------
def git(folder: Path, *args: str, date: str | None = None) -> str:
    """Run git in a test's repository (its own identity, no user or system config);
    ``date`` (YYYY-MM-DD) dates the commits it makes."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00Z"
    result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def installed_environment(log: Path) -> None:
    """The log's .venv as `make install` leaves it, made of this test's environment
    (installing dmlog from a package index needs the network)."""
    os.utime(log / "requirements.txt", (0, 0))
    (log / ".venv").symlink_to(sys.prefix)  # its python finds the environment's pyvenv.cfg
    (log / ".venv/.dmlog-installed").touch()


def git_repository(folder: Path, branch: str = "main", date: str | None = None) -> Path:
    """``folder`` made a git repository with one commit of everything in it."""
    git(folder, "init", "-q", "-b", branch)
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Initial log", date=date)
    return folder


def commit_all(folder: Path, message: str, date: str) -> str:
    """Commit every change in ``folder`` on ``date``; the commit's SHA."""
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message, date=date)
    return git(folder, "rev-parse", "HEAD").strip()


# -- what a published site must never hold ------------------------------------------
#: Every hostile payload of the catalogues carries this marker, so that a scan can tell
#: the payload from the theme's own scripts.
PAYLOAD = "dmlogpwned"
_PRIVATE = ("root:x:0:0",)  # the first line of /etc/passwd on any Linux runner


def published_hazards(outdir: Path, downloads: tuple[str, ...] = ()) -> list[str]:
    """What in a built site could run a payload or shows a file of the build machine:
    elements or attributes carrying PAYLOAD that a browser would run, javascript:/data:
    links, embedded content, downloads other than those named, and private file
    contents anywhere."""
    from bs4 import BeautifulSoup

    found: list[str] = []
    for path in sorted(outdir.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(outdir).as_posix()
        if name.startswith("_downloads/") and path.name not in downloads:
            found.append(f"{name}: a download the log did not plan")
        data = path.read_bytes()
        if any(p.encode() in data for p in _PRIVATE):
            found.append(f"{name}: holds the content of /etc/passwd")
        if path.suffix != ".html":
            continue
        soup = BeautifulSoup(data.decode("utf-8", "replace"), "html.parser")
        found += [f"{name}: {hazard}" for tag in soup.find_all(True) for hazard in _tag_hazards(tag)]
    return found


def _tag_hazards(tag: Any) -> list[str]:
    """What in one element of a page could run the payload."""
    if tag.name == "script" and tag.get("type") == "application/json":
        # data, which browsers never run: it must be JSON from end to end
        # (text that closed the element early would leave a fragment here)
        try:
            json.loads(tag.string or "")
        except ValueError:
            return ["a JSON data <script> that is not JSON"]
        return []
    found = []
    if tag.name in ("script", "iframe", "object", "embed", "style") and \
            PAYLOAD in (tag.string or "") + str(tag.attrs):
        found.append(f"<{tag.name}> with the payload")
    if tag.name in ("iframe", "object", "embed", "svg", "img") and PAYLOAD in str(tag):
        found.append(f"<{tag.name}> from a record")
    for attribute, value in tag.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        compact = "".join(text.split()).lower()
        if attribute.lower().startswith("on") and PAYLOAD in text:
            found.append(f"{attribute}= on <{tag.name}>")
        if attribute in ("href", "src", "action", "formaction", "data") and \
                compact.startswith(("javascript:", "data:", "vbscript:")):
            found.append(f"{attribute}={text[:40]!r} on <{tag.name}>")
    return found
# -- pages drawn without a Sphinx build (unit tests of cards and views) -----------------
class PageApp:
    """What a Renderer asks of the Sphinx application: the settings and page URIs."""

    def __init__(self) -> None:
        from dmlog.settings import Settings
        from dmlog.sphinxext import state

        state.of(self).settings = Settings(jira_url="https://jira/")  # type: ignore[arg-type]
        self.builder = SimpleNamespace(get_relative_uri=lambda _here, there: f"{there}.html")
        self.env = SimpleNamespace(found_docs={"docs/decisions", "docs/actions", "docs/attention"})


def model_records(records: list[dict[str, Any]]) -> list[Any]:
    """The log's records (:class:`dmlog.log.model.Record`) of rows as a build holds them."""
    from dmlog.log.model import Record

    def text(value: Any) -> str:
        return ", ".join(value) if isinstance(value, list) else str(value)

    return [Record(r["type"], r["id"], r["title"], f"{r.get('docname', 'x')}.md", 1,
                   {k: text(v) for k, v in r.items() if k not in ("id", "type", "title", "docname")})
            for r in records]


def facts_of(records: list[dict[str, Any]], today: str = "2020-06-15", app: Any = None) -> Any:
    """The facts of a build over these records (as the log's records, :func:`model_records`):
    their links both ways, no gaps, no history; the build state's if ``app`` is given."""
    import datetime as dt

    from dmlog.log.graph import Graph
    from dmlog.log.query import Context
    from dmlog.log.tablespec import Facts
    from dmlog.sphinxext import state

    date = dt.date.fromisoformat(today)
    model = {r.id: r for r in model_records(records)}
    facts = Facts(model, Graph.of(model.values()), date, Context(date), {}, {})
    if app is not None:
        state.of(app).facts = facts
    return facts


def renderer(records: list[dict[str, Any]], docname: str = "docs/page", today: str = "2020-06-15") -> Any:
    """A Renderer of the page ``docname`` over these records, with the facts of the build
    (:func:`facts_of`)."""
    from dmlog.sphinxext.html import Renderer

    app = PageApp()
    pages = {r["id"]: r.get("docname", "x") for r in records}
    return Renderer(app, docname, facts_of(records, today, app), pages, set(), set())  # type: ignore[arg-type]


# -- the import corpus, imported into one log and built -------------------------------
CORPUS = PROJECT / "tests" / "corpus" / "minutes"


def _cli(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(site)])
    return result.exit_code, result.output


def _person_id(name: str, taken: set[str]) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = "p-" + (re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _add_people(site: Path, people: dict[str, str]) -> None:
    """Add people (ID: name) to the site's people registry, in one write."""
    path = site / "docs" / "registry" / "people.yaml"
    registry = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry["people"].update({person: {"name": name} for person, name in people.items()})
    path.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")


def corpus_minutes() -> list[tuple[Path, str]]:
    """The corpus's minutes, each with its meeting's date."""
    corpus = []
    for labels in sorted(CORPUS.glob("*.labels.yaml")):
        data = yaml.safe_load(labels.read_text(encoding="utf-8"))
        corpus.append((CORPUS / data["minutes"], str(data["date"])))
    return corpus


def import_and_build(site: Path, corpus: list[tuple[Path, str]]) -> None:
    """Import ``corpus`` into a new log at ``site`` as a reviewer would (the names the
    importer reports added to the people registry, actions nobody owns assigned), then
    check that `dmlog check` passes and the site builds with no warning."""
    site.mkdir()
    shutil.copy(PROJECT / "conf.py", site / "conf.py")
    shutil.copytree(PROJECT / "docs", site / "docs",
                    ignore=shutil.ignore_patterns("people", "milestones", "documents", "2019"))
    taken: set[str] = set()
    added: set[str] = set()
    planned = 0
    assert _cli(site, "new", "person", "nobody-yet", "--name", "Owner to be assigned")[0] == 0
    for _ in range(3):  # a person added can change what the line scorer reads: plan again
        # the names in every file: the corpus planned as one back catalogue, nothing written
        code, output = _cli(site, "import", *(str(minutes) for minutes, _ in corpus), "--dry-run",
                            "--format", "json", "--allow-empty")
        assert code == 0, output
        plans = json.loads(output)["plans"]
        assert len(plans) == len(corpus), output
        names = {u["name"] for plan in plans for u in plan["unresolved"] if u["name"] != "unassigned"}
        new = {name.lower(): name for name in names if name.lower() not in added}  # "ALL" and "All": one
        _add_people(site, {_person_id(name, taken): name for name in sorted(new.values())})
        added |= set(new)
        if not new:
            break

    for minutes, date in corpus:
        # minutes of which nothing is found are imported as notes, their possible records
        # queued, as a reviewer would
        code, output = _cli(site, "import", str(minutes), "--date", date, "--title", minutes.stem,
                             "--slug", minutes.stem, "--allow-empty")
        assert code == 0, output
        # all in the registry now; a first name several people of the corpus share (its
        # communities' minutes are one log here) the reviewer resolves as the importer says
        for name, person in re.findall(r"cannot resolve the name '([^']+)' \(did you mean (\S+) ", output):
            assert _cli(site, "resolve", name, person)[0] == 0
        counts = re.search(r": (\d+) decisions, (\d+) actions from ", output)
        assert counts, output
        planned += int(counts[1]) + int(counts[2])
    for path in (site / "actions").rglob("*.md"):  # the reviewer assigns what nobody owned
        path.write_text(path.read_text(encoding="utf-8").replace("UNRESOLVED-unassigned", "nobody-yet"),
                        encoding="utf-8")
    written = [p.read_text(encoding="utf-8") for p in site.rglob("*.md")
               if p.parts[len(site.parts)] in ("decisions", "actions")]
    assert sum(t.count("```{decision}") + t.count("```{action}") for t in written) == planned > 100

    code, output = _cli(site, "check")
    assert code == 0, output
    build = sphinx_build(site)
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output and "ERROR" not in build.output, build.output
