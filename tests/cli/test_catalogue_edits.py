"""The catalogue of hostile and careless inputs to the commands that change the log:
text that would break a record's fence or become markup, failures halfway through an
import and imports killed halfway, two writers at once (each with its own temporary
folder), files with CRLF or CR line endings, records or entries the file would hide,
folders where files go, bad registries and settings. Each case runs the installed
`dmlog` command as a user does and asserts its exit status, a one-line message with the
file (and line) where there is one, no traceback, and that no record is lost; the log
the commands wrote is then built once and scanned for anything executable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dmlog.log.files import LOCK_FILE
from helpers import DMLOG, PAYLOAD, copy_root, dmlog, published_hazards, sphinx_build

MEETING = "MTG-2020-05-01-review"
ALERT = f"alert('{PAYLOAD}')"
PEOPLE = "docs/registry/people.yaml"
Result = subprocess.CompletedProcess[str]


def checked(site: Path) -> tuple[int, list[dict], int]:
    """`dmlog check`: exit status, problems, and the number of records it read."""
    result = dmlog(site, "check", "--format", "json")
    data = json.loads(result.stdout)
    return result.returncode, data["problems"], data["records"]


def tree(root: Path) -> dict[str, bytes]:
    """The log's files (not the lock the commands take, which git ignores)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != LOCK_FILE}


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The error of a failed command: non-zero, no traceback, one line on stderr."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message"
    return lines[-1]


# -- text given on the command line -----------------------------------------------------
@dataclass(frozen=True)
class Written:
    name: str
    args: tuple[str, ...]
    written: str  # a fragment the written file holds
    shown: str = ""  # and what the built site shows of it (escaped HTML)
    refused: str = ""  # or: the command refuses the text, saying this, and writes nothing


FENCE_TEXT = "Use this:\n```python\nprint(1)\n```\nand that."
WRITTEN = [
    Written("--text with a code fence", ("new", "decision", "--meeting", MEETING, "--title", "Fenced",
                                         "--text", FENCE_TEXT), "````{decision} Fenced"),
    Written("--text with longer fences and :::", (
        "new", "action", "--meeting", MEETING, "--title", "Long fences", "--owner", "ann",
        "--text", "`````\nx\n`````\n:::\n:::::{note}\ny\n:::::"), "``````{action} Long fences"),
    Written("--text that closes the record and opens another", (
        "new", "decision", "--meeting", MEETING, "--title", "Smuggler", "--text",
        "Text.\n```\n\n```{decision} Smuggled\n:id: DEC-2020-999\n:status: adopted\n"), "",
            refused="a record cannot hold another record"),
    Written("--title with a backtick", ("new", "decision", "--meeting", MEETING, "--title",
                                        "Use `butler` for I/O"), "", refused="has a backtick"),
    Written("--title with HTML", ("new", "decision", "--meeting", MEETING, "--title",
                                  f"<img src=x onerror=\"{ALERT}\">"), "{decision} <img src=x",
            "&lt;img src=x onerror="),
    Written("--text with HTML", ("new", "decision", "--meeting", MEETING, "--title", "Html text",
                                 "--text", f"<script>{ALERT}</script>"), "",
            refused="--text line 1: raw HTML is not allowed here (<script>"),
    Written("--text with a file from outside the log", (
        "new", "decision", "--meeting", MEETING, "--title", "Leak", "--text",
        "See {download}`this <../../../../etc/passwd>`."), "", refused="outside the log's folders"),
    Written("meeting --title with HTML", ("new", "meeting", "--date", "2020-05-02", "--slug", "x",
                                          "--title", f"<script>{ALERT}</script> Sync"),
            "# \\<script\\>alert", "&lt;script&gt;alert("),
    Written("person --name with HTML", ("new", "person", "eve", "--name",
                                        f"<b onmouseover=\"{ALERT}\">Eve</b>"), "eve:",
            "&lt;b onmouseover="),    Written("--title with a terminal escape sequence", (
        "new", "decision", "--meeting", MEETING, "--title", "Colour \x1b[31mred"), "",
            refused="--title holds a control character, U+001B (ESCAPE)"),
    Written("--title with a right-to-left override", (
        "new", "decision", "--meeting", MEETING, "--title", "Adopt \u202egnp.exe"), "",
            refused="--title holds an invisible character, U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    Written("--text with a form feed", ("new", "action", "--meeting", MEETING, "--title", "Paged",
                                        "--owner", "ann", "--text", "One\x0ctwo"), "",
            refused="--text holds a control character, U+000C (FORM FEED)"),
    Written("--title with a sphinx-needs dynamic function", (
        "new", "decision", "--meeting", MEETING, "--title", "Copy [[copy('id')]]"), "",
            refused="'[[' (a sphinx-needs dynamic function"),
    Written("--text with a role content may not use", (
        "new", "decision", "--meeting", MEETING, "--title", "Counted", "--text",
        "Open: {need_count}`True`."), "", refused="--text line 1: the {need_count} role is not allowed"),
    Written("person --name with a zero-width space", ("new", "person", "zed", "--name", "Ze\u200bd"),
            "", refused="--name holds an invisible character, U+200B (ZERO WIDTH SPACE)"),
]


@pytest.fixture(scope="module")
def written_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Result]]:
    site = copy_root("mini", tmp_path_factory.mktemp("written") / "site")
    results = {case.name: dmlog(site, *case.args) for case in WRITTEN}
    return site, results


# ids are "category / name": handbook/reliability.md counts the cases by category
@pytest.mark.parametrize("case", WRITTEN, ids=[f"command-line text / {c.name}" for c in WRITTEN])
def test_text_given_on_the_command_line_stays_text(
        case: Written, written_site: tuple[Path, dict[str, Result]]) -> None:
    site, results = written_site
    result = results[case.name]
    if case.refused:
        assert case.refused in one_line_error(result)
        texts = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.md"))
        assert not [title for title in ("Smuggle", "butler", "Html text", "Leak", "Colour", "gnp.exe",
                                        "Paged", "Copy [", "Counted") if title in texts]
        return
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    texts = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.md")) + \
        (site / PEOPLE).read_text(encoding="utf-8")
    assert case.written in texts


def test_what_the_commands_wrote_reads_back_and_builds_safely(
        written_site: tuple[Path, dict[str, Result]]) -> None:
    """Every record the commands added is read back by `dmlog check` and built; the
    record that --text tried to smuggle in is text of its record, not a record."""
    site, results = written_site
    added = {r.stdout.split(" added ")[1].split()[1] for r in results.values()
             if " added decision " in r.stdout or " added action " in r.stdout}
    assert len(added) == 3
    code, problems, count = checked(site)
    assert problems == [] and code == 0
    build = sphinx_build(site)
    assert build.returncode == 0, build.output
    assert added <= set(build.needs) and "DEC-2020-999" not in build.needs
    assert len(build.needs) == count
    assert published_hazards(build.outdir) == []
    for case in WRITTEN:
        if case.shown:
            pages = "".join(p.read_text(encoding="utf-8") for p in build.outdir.rglob("*.html"))
            assert case.shown in pages, case.name


# -- failures halfway, and two writers at once ------------------------------------------
MINUTES = ("Agreed: we use the new plan.\nAnn Author — write the plan down by 2020-06-01.\n"
           f"<img src=x onerror=\"{ALERT}\"> was pasted here.\n"
           "```\ncode from the chat\n```\nBob Builder — review the code by 2020-06-02.\n")


def write_minutes(tmp_path: Path) -> Path:
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(MINUTES, encoding="utf-8")
    return minutes


def test_import_with_a_backtick_in_the_title_is_refused(mini_site: Path, tmp_path: Path) -> None:
    before = tree(mini_site)
    line = one_line_error(dmlog(mini_site, "import", str(write_minutes(tmp_path)), "--date",
                                "2020-06-01", "--title", "Use `butler`"))
    assert "--title has a backtick" in line and tree(mini_site) == before


def test_import_of_a_folder_without_minutes_is_one_clear_error(mini_site: Path, tmp_path: Path) -> None:
    """A folder is a back catalogue (tests/cli/test_intake.py); one with no minutes in it
    is an error that says which files count as minutes."""
    empty = tmp_path / "empty"
    empty.mkdir()
    before = tree(mini_site)
    line = one_line_error(dmlog(mini_site, "import", str(empty), "--date", "2020-06-01",
                                "--title", "Folder"))
    assert f"no minutes in {empty}" in line and ".txt" in line and tree(mini_site) == before


def test_import_failing_halfway_leaves_the_tree_as_it_was(mini_site: Path, tmp_path: Path) -> None:
    """The decisions file cannot be written (a file stands where its year's folder must
    be: this fails for root too); the meeting page and the minutes must not be left."""
    (mini_site / "decisions/2021").write_text("in the way", encoding="utf-8")
    before = tree(mini_site)
    line = one_line_error(dmlog(mini_site, "import", str(write_minutes(tmp_path)), "--date",
                                "2021-01-05", "--title", "Halfway"))
    assert "decisions/2021/2021-01-05-halfway.md" in line and "nothing was changed" in line
    assert tree(mini_site) == before
    assert not list(mini_site.rglob("*.dmlog-tmp"))
    (mini_site / "decisions/2021").unlink()  # fixed: the same import can be run again
    result = dmlog(mini_site, "import", str(write_minutes(tmp_path)), "--date", "2021-01-05",
                   "--title", "Halfway")
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_import_into_a_read_only_folder_leaves_the_tree_as_it_was(mini_site: Path, tmp_path: Path) -> None:
    (mini_site / "decisions/2021").mkdir()
    os.chmod(mini_site / "decisions/2021", 0o555)
    before = tree(mini_site)
    try:
        line = one_line_error(dmlog(mini_site, "import", str(write_minutes(tmp_path)), "--date",
                                    "2021-01-05", "--title", "Read only"))
    finally:
        os.chmod(mini_site / "decisions/2021", 0o755)
    assert "decisions/2021/2021-01-05-read-only.md" in line and tree(mini_site) == before


def test_imported_minutes_build_with_nothing_executable(mini_site: Path, tmp_path: Path) -> None:
    result = dmlog(mini_site, "import", str(write_minutes(tmp_path)), "--date", "2020-05-20",
                   "--title", f"<b>Import</b> <script>{ALERT}</script>", "--slug", "import")
    assert result.returncode == 0, result.stderr
    code, problems, count = checked(mini_site)
    assert code == 0, problems
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    assert len(build.needs) == count  # no record lost between the sources and the site
    assert published_hazards(build.outdir, downloads=("2020-05-20-import.txt",)) == []


#: `dmlog` in a process that kills itself (SIGKILL: nothing runs after) at the
#: KILL_AT-th call of os.KILL_IN: between the moves of an import's files (os.link), or
#: while they are being written (os.fsync)
KILLED_DMLOG = """
import os, signal, sys
from dmlog.cli import main
name, at, calls = os.environ["KILL_IN"], int(os.environ["KILL_AT"]), []
real = getattr(os, name)
def killing(*args, **kwargs):
    calls.append(args)
    if len(calls) == at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(os, name, killing)
sys.argv[0] = "dmlog"
main()
"""
IMPORT_FILES = ("docs/meetings/2021/2021-01-05-killed.md", "docs/meetings/2021/2021-01-05-killed.txt",
                "decisions/2021/2021-01-05-killed.md", "actions/2021/2021-01-05-killed.md",
                "docs/registry/issued-ids.txt")
AFTER = ("new", "action", "--meeting", MEETING, "--title", "After the crash", "--owner", "ann")


@pytest.mark.parametrize("kill_in, kill_at, completed", [("link", 3, True), ("fsync", 3, False)],
                         ids=["edits in place / an import killed between its moves",
                              "edits in place / an import killed while writing its files"])
def test_an_import_killed_halfway_is_completed_or_undone_by_the_next_command(
        mini_site: Path, tmp_path: Path, kill_in: str, kill_at: int, completed: bool) -> None:
    """A real process killed (SIGKILL) in the middle of `dmlog import`: the next command
    that changes the log finds the journal and completes the import (every file was
    written) or undoes it (not all were); either way the log is as if the import had
    run whole, or not at all."""
    minutes = write_minutes(tmp_path)
    args = ("import", str(minutes), "--date", "2021-01-05", "--title", "Killed")
    expected = copy_root("mini", tmp_path / "expected")
    if completed:
        assert dmlog(expected, *args).returncode == 0
    assert dmlog(expected, *AFTER).returncode == 0

    killed = subprocess.run([sys.executable, "-c", KILLED_DMLOG, *args], cwd=mini_site, text=True,
                            capture_output=True, env={**os.environ, "KILL_IN": kill_in,
                                                      "KILL_AT": str(kill_at)})
    assert killed.returncode == -9, killed.stderr
    left = tree(mini_site)
    assert ".dmlog-journal.json" in left and [n for n in left if n.endswith(".dmlog-tmp")]
    if completed:  # the state the issue reports: some files in place, the rest not
        assert 0 < len([n for n in IMPORT_FILES if n in left]) < len(IMPORT_FILES)

    after = dmlog(mini_site, *AFTER)
    assert after.returncode == 0, after.stderr
    assert ("completed an edit" if completed else "undid an edit") in after.stderr
    assert tree(mini_site) == tree(expected)  # the ledger of issued IDs too
    code, problems, _ = checked(mini_site)
    assert code == 0, problems


def test_two_dmlog_new_at_once_take_distinct_ids_and_lose_nothing(mini_site: Path, tmp_path: Path) -> None:
    """Each process has a temporary folder of its own, as a container and its host
    working on one checkout have: the lock is in the log, so they still take turns."""
    _, _, before = checked(mini_site)
    rounds, writers, added = 4, 2, []
    for round_number in range(rounds):
        processes = []
        for n in range(writers):
            (tmpdir := tmp_path / f"tmp-{round_number}-{n}").mkdir()
            processes.append(subprocess.Popen(
                [DMLOG, "new", "decision", "--meeting", MEETING, "--title", f"Race {round_number}{n}"],
                cwd=mini_site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                env={**os.environ, "TMPDIR": str(tmpdir)}))
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            added.append(out.split(" added decision ")[1].strip())
    assert len(set(added)) == writers * rounds
    code, problems, after = checked(mini_site)
    assert code == 0, problems
    assert after == before + writers * rounds
    records = (mini_site / "decisions/2020/2020-05-01-review.md").read_text(encoding="utf-8")
    assert all(f"Race {r}{n}" in records for r in range(rounds) for n in range(writers))
    assert not list(mini_site.rglob("*.dmlog-tmp"))


# -- edits in place: line endings, records the file would hide, folders in the way -------
#: the files the edits change, each with other line endings than LF
ENDINGS = {"decisions/2020/2020-05-01-review.md": b"\r", "actions/2020/2020-05-01-review.md": b"\r\n",
           PEOPLE: b"\r\n"}


@pytest.mark.parametrize("endings", [ENDINGS],
                         ids=["edits in place / CRLF and CR files keep their line endings"])
def test_files_keep_their_line_endings_through_every_edit(mini_site: Path, endings: dict[str, bytes]) -> None:
    for name, ending in endings.items():
        path = mini_site / name
        path.write_bytes(path.read_bytes().replace(b"\n", ending))
    before = {name: (mini_site / name).read_bytes() for name in endings}
    _, _, count = checked(mini_site)
    decisions, actions, _ = endings
    for appended, command in (
            (decisions, ("new", "decision", "--meeting", MEETING, "--title", "Replace", "--text", "a\nb")),
            (actions, ("new", "action", "--meeting", MEETING, "--title", "Do it", "--owner", "ann")),
            (None, ("new", "person", "cat", "--name", "Cat")),
            (None, ("supersede", "DEC-2020-001", "DEC-2020-002")),
            (None, ("close", "ACT-2020-001", "--date", "2020-06-01"))):
        result = dmlog(mini_site, *command)
        assert result.returncode == 0, result.stderr
        if appended:  # the file `new` added to is unchanged up to what it added
            assert (mini_site / appended).read_bytes().startswith(before[appended].rstrip(endings[appended]))
    for name, ending in endings.items():
        after = (mini_site / name).read_bytes()
        others = after.replace(ending, b"")
        assert after != before[name] and b"\r" not in others and b"\n" not in others, name
        assert after.count(ending) > before[name].count(ending), name
    assert b":status: superseded\r" in (mini_site / decisions).read_bytes()
    code, problems, after_count = checked(mini_site)
    assert code == 0 and after_count == count + 3, problems


@dataclass(frozen=True)
class Refused:
    name: str
    setup: tuple[tuple[str, str | None], ...]  # (file, text appended; None: a folder there)
    message: str
    command: tuple[str, ...] = ("new", "decision", "--meeting", MEETING, "--title", "Lost?")
    written: tuple[tuple[str, str], ...] = ()  # (file, its whole text)


REFUSED = [
    Refused("an unclosed <!-- at the end of the records file",
            (("decisions/2020/2020-05-01-review.md", "\n<!-- draft, to be finished\n"),),
            "decisions/2020/2020-05-01-review.md:0: DEC-2020-002 would not be read back"),
    Refused("an open code fence at the end of the records file",
            (("decisions/2020/2020-05-01-review.md", "\n```\nsome code\n"),),
            "decisions/2020/2020-05-01-review.md:0: DEC-2020-002 would not be read back"),
    Refused("a folder where the records file goes",
            (("decisions/2020/2020-05-01-review.md", None),),
            "decisions/2020/2020-05-01-review.md:0: is a folder, where dmlog must write a file"),
    Refused("a folder where the meeting page goes",
            (("docs/meetings/2020/2020-06-01-sync.md", None),),
            "docs/meetings/2020/2020-06-01-sync.md:0: is a folder, where dmlog must write a file",
            ("new", "meeting", "--date", "2020-06-01", "--title", "Sync")),
    Refused("a folder where the people registry goes", ((PEOPLE, None),),
            f"{PEOPLE}:0: is a folder, where dmlog must write a file",
            ("new", "person", "dan", "--name", "Dan")),
    Refused("people written as a flow mapping", (),
            f"{PEOPLE}:0: dan would not be read back from the file",
            ("new", "person", "dan", "--name", "Dan"),
            ((PEOPLE, "people: {ann: {name: Ann Author}, bob: {name: Bob Builder}}\n"),)),
]


@pytest.mark.parametrize("case", REFUSED, ids=[f"edits in place / {c.name}" for c in REFUSED])
def test_dmlog_new_refuses_a_record_that_would_not_be_there(case: Refused, mini_site: Path) -> None:
    for name, text in case.setup:
        path = mini_site / name
        if text is None:
            path.unlink(missing_ok=True)
            path.mkdir()
        else:
            path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    for name, text in case.written:
        (mini_site / name).write_text(text, encoding="utf-8")
    before = tree(mini_site)
    line = one_line_error(dmlog(mini_site, *case.command))
    assert case.message in line and "added" not in line
    assert tree(mini_site) == before


# -- bad registries and settings, through every command -------------------------------
@dataclass(frozen=True)
class Broken:
    name: str
    files: dict[str, str]
    command: tuple[str, ...]
    exit_code: int  # of the command; `dmlog check` always fails on these
    where: str  # the file:line both `dmlog check` and a failing command name


ALIASES_5 = "people:\n  ann:\n    name: Ann Author\n    aliases: 5\n  bob:\n    name: Bob Builder\n"
BOMB = ("people:\n  ann:\n    name: Ann Author\n    aliases: &a [x, x, x, x, x, x, x, x, x]\n"
        "  bob:\n    name: Bob Builder\n    aliases: [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n")
CONF = "from dmlog.conf import *\nproject = 'Test log'\n"
BROKEN = [
    Broken("aliases: 5, list", {PEOPLE: ALIASES_5}, ("list", "decisions"), 0, f"{PEOPLE}:4"),
    Broken("aliases: 5, new", {PEOPLE: ALIASES_5},
           ("new", "action", "--meeting", MEETING, "--title", "T", "--owner", "Ann Author"), 0,
           f"{PEOPLE}:4"),
    Broken("alias bomb, list", {PEOPLE: BOMB}, ("list", "actions"), 0, f"{PEOPLE}:4"),
    Broken("alias bomb, new person", {PEOPLE: BOMB}, ("new", "person", "cat", "--name", "Cat"), 1,
           f"{PEOPLE}:4"),
    Broken("dmlog_today = 20190301, list", {"conf.py": CONF + "dmlog_today = 20190301\n"},
           ("list", "actions", "--overdue"), 1, "conf.py:3"),
    Broken("dmlog_today = 20190301, close", {"conf.py": CONF + "dmlog_today = 20190301\n"},
           ("close", "ACT-2020-001"), 1, "conf.py:3"),
    Broken("dmlog_today = '1 March', list", {"conf.py": CONF + "dmlog_today = '1 March'\n"},
           ("list", "actions"), 1, "conf.py:3"),
    Broken("self-supersede through the command", {}, ("supersede", "DEC-2020-001", "DEC-2020-001"),
           1, ""),
]


@pytest.mark.parametrize("case", BROKEN, ids=[f"registries and settings in commands / {c.name}"
                                            for c in BROKEN])
def test_bad_registries_and_settings_are_one_line_everywhere(case: Broken, mini_site: Path) -> None:
    for name, text in case.files.items():
        (mini_site / name).write_text(text, encoding="utf-8")
    result = dmlog(mini_site, *case.command)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == case.exit_code, result.stdout + result.stderr
    if case.exit_code:
        assert case.where in one_line_error(result)
    if case.where:
        code, problems, _ = checked(mini_site)
        assert code == 1 and case.where in {f"{p['file']}:{p['line']}" for p in problems}


def test_dmlog_today_as_a_date_is_accepted(mini_site: Path) -> None:
    (mini_site / "conf.py").write_text(
        "import datetime\n" + CONF + "dmlog_today = datetime.date(2020, 6, 15)\n", encoding="utf-8")
    result = dmlog(mini_site, "list", "actions", "--overdue")
    assert result.returncode == 0 and "ACT-2020-001" in result.stdout, result.stderr
    assert checked(mini_site)[0] == 0


def test_registry_refresh_refuses_a_bad_registry(mini_site: Path, tmp_path: Path) -> None:
    (mini_site / PEOPLE).write_text(BOMB, encoding="utf-8")
    authordb = tmp_path / "authordb.yaml"
    authordb.write_text("authors:\n  ann:\n    given_name: Ann\n    family_name: Author\n"
                        "    affil: [x]\naffiliations:\n  x:\n    institute: Somewhere\n",
                        encoding="utf-8")
    before = tree(mini_site)
    line = one_line_error(dmlog(mini_site, "registry", "refresh", "--authordb", str(authordb)))
    assert "people.yaml:4" in line and "anchors and aliases" in line
    assert tree(mini_site) == before



NOT_AUTHORDB = {"authors as a list": "authors: [a, b]\n",
                "an affiliation that is not a mapping": "affiliations:\n  x: Somewhere\nauthors:\n"
                "  ann:\n    given_name: Ann\n    affil: [x]\n",
                "not YAML": ": : :\n"}


@pytest.mark.parametrize("text", NOT_AUTHORDB.values(),
                         ids=[f"registries and settings in commands / authordb: {name}"
                              for name in NOT_AUTHORDB])
def test_registry_refresh_from_a_file_that_is_not_an_authordb(mini_site: Path, tmp_path: Path,
                                                              text: str) -> None:
    authordb = tmp_path / "authordb.yaml"
    authordb.write_text(text, encoding="utf-8")
    before = tree(mini_site)
    line = one_line_error(dmlog(mini_site, "registry", "refresh", "--authordb", str(authordb)))
    assert "cannot be read as lsst-texmf's authordb.yaml" in line and tree(mini_site) == before
