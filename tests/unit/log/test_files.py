"""Safe writes: unique temporary files, all files or none, one writer at a time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from dmlog.log import files
from dmlog.log.problems import LogError
from helpers import PROJECT


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_write_all_writes_every_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("old", encoding="utf-8")
    files.write_all({tmp_path / "a.md": "new", tmp_path / "d" / "e" / "b.md": "b"})
    assert tree(tmp_path) == {"a.md": b"new", "d/e/b.md": b"b"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_failure_halfway_leaves_the_tree_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "decisions").mkdir()
    (tmp_path / "docs" / "kept.md").write_text("kept", encoding="utf-8")
    before = tree(tmp_path)
    os.chmod(tmp_path / "decisions", 0o555)
    try:
        with pytest.raises(LogError) as caught:
            files.write_all({tmp_path / "docs" / "kept.md": "changed",
                             tmp_path / "docs" / "new" / "page.md": "page",
                             tmp_path / "decisions" / "2019" / "d.md": "records"},
                            root=tmp_path)
    finally:
        os.chmod(tmp_path / "decisions", 0o755)
    assert caught.value.path == "decisions/2019/d.md" and "nothing was changed" in caught.value.message
    assert tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["decisions", "docs", "kept.md"]


def test_a_failure_after_some_files_moved_puts_them_back(tmp_path: Path) -> None:
    """Root ignores read-only folders: a file standing where a folder must be fails
    for everyone, after the first files were already in place."""
    (tmp_path / "a.md").write_text("old a", encoding="utf-8")
    (tmp_path / "decisions").write_text("a file, not a folder", encoding="utf-8")
    before = tree(tmp_path)
    with pytest.raises(LogError) as caught:
        files.write_all({tmp_path / "a.md": "new a", tmp_path / "n" / "b.md": "b",
                         tmp_path / "decisions" / "2019" / "d.md": "d"}, root=tmp_path)
    assert caught.value.path == "decisions/2019/d.md"
    assert tree(tmp_path) == before and not (tmp_path / "n").exists()


def test_new_only_never_replaces_a_file(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("someone else's", encoding="utf-8")
    with pytest.raises(LogError, match="already exists"):
        files.write_all({tmp_path / "a.md": "a", tmp_path / "b.md": "b"}, tmp_path, new_only=True)
    assert tree(tmp_path) == {"b.md": b"someone else's"}


def test_written_files_keep_the_mode_of_the_target(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("x", encoding="utf-8")
    os.chmod(target, 0o640)
    files.write_atomically(target, "y")
    assert target.stat().st_mode & 0o777 == 0o640
    old = os.umask(0o022)
    try:
        files.write_atomically(tmp_path / "new.md", "z")
    finally:
        os.umask(old)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_a_held_lock_makes_the_next_writer_wait_then_fail_clearly(tmp_path: Path) -> None:
    with files.log_lock(tmp_path), pytest.raises(LogError, match="another dmlog command"), \
            files.log_lock(tmp_path, timeout=0.1):
        pass
    with files.log_lock(tmp_path):  # released: free again
        pass
    # in the log, not in the temporary folder, which a container and its host do not share
    assert files.lock_path(tmp_path) == tmp_path / files.LOCK_FILE


@pytest.mark.parametrize("gitignore", [PROJECT / ".gitignore",
                                       PROJECT / "_ext/dmlog/templates/init/gitignore"],
                         ids=["this log", "a log of dmlog init"])
def test_git_ignores_the_lock_the_journal_and_temporary_files(tmp_path: Path, gitignore: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(gitignore, tmp_path / ".gitignore")
    names = [files.LOCK_FILE, files.JOURNAL_FILE, f"decisions/2020/.x.md.abc{files.TMP_SUFFIX}"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.stdout.split() == names


CONTENT = ("decisions", "actions", "docs/meetings", "docs/registry")


def journaled_write(root: Path, written: dict[str, str], new_only: bool = False) -> None:
    with files.log_lock(root, content=CONTENT):
        files.write_all({root / name: text for name, text in written.items()}, root, new_only)


def test_a_write_under_the_lock_leaves_no_journal(tmp_path: Path) -> None:
    journaled_write(tmp_path, {"decisions/2020/a.md": "a", "docs/registry/p.yaml": "p"})
    assert sorted(tree(tmp_path)) == [files.LOCK_FILE, "decisions/2020/a.md", "docs/registry/p.yaml"]


def test_a_write_of_site_code_under_the_lock_is_not_journaled(tmp_path: Path) -> None:
    """`dmlog upgrade` writes conf.py and the Makefile holding the lock: a journal
    naming them would be refused by :func:`files.recover`, so there is none."""
    seen: list[bool] = []
    real = files._stage

    def stage(path: Path, tmp: Path, text: str, durable: bool) -> Path:
        seen.append((tmp_path / files.JOURNAL_FILE).exists())
        assert durable == seen[-1]  # on disk before the journal says it is there
        return real(path, tmp, text, durable)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(files, "_stage", stage)
        journaled_write(tmp_path, {"conf.py": "project = 'x'\n", "Makefile": "html:\n"})
        journaled_write(tmp_path, {"decisions/2020/a.md": "a"})
    assert seen == [False, False, True]


def killed_after(root: Path, moves: int, monkeypatch: pytest.MonkeyPatch, new_only: bool) -> None:
    """A write of three files whose process dies after ``moves`` of them are in place
    (the journal and the temporary files are as a killed process leaves them)."""
    real = os.link if new_only else os.replace
    done: list[str] = []

    class Killed(BaseException):
        pass

    def move(source: str | Path, target: str | Path) -> None:
        if files.TMP_SUFFIX in str(source) and files.JOURNAL_FILE not in str(target):
            if len(done) == moves:
                raise Killed
            done.append(str(target))
        real(source, target)

    monkeypatch.setattr(os, "link" if new_only else "replace", move)
    with pytest.raises(Killed):
        journaled_write(root, {"docs/meetings/2020/m.md": "m", "decisions/2020/m.md": "d",
                               "actions/2020/m.md": "a"}, new_only)
    monkeypatch.undo()


@pytest.mark.parametrize("new_only", [True, False], ids=["new files", "replaced files"])
def test_the_next_command_completes_a_write_killed_between_its_moves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_only: bool) -> None:
    (tmp_path / "actions/2020").mkdir(parents=True)
    if not new_only:
        (tmp_path / "actions/2020/m.md").write_text("old", encoding="utf-8")
    killed_after(tmp_path, 1, monkeypatch, new_only)
    left = tree(tmp_path)
    assert files.JOURNAL_FILE in left and len([n for n in left if n.endswith(files.TMP_SUFFIX)]) == 2
    done = files.recover(tmp_path, CONTENT)
    assert done and done.startswith("completed")
    assert tree(tmp_path) == {files.LOCK_FILE: b"", "docs/meetings/2020/m.md": b"m",
                              "decisions/2020/m.md": b"d", "actions/2020/m.md": b"a"}
    assert files.recover(tmp_path, ("docs",)) is None


def test_the_next_command_undoes_a_write_killed_before_every_file_was_staged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = files._stage
    staged: list[Path] = []

    class Killed(BaseException):
        pass

    def stage(path: Path, tmp: Path, text: str, durable: bool) -> Path:
        if len(staged) == 2:
            raise Killed
        staged.append(real(path, tmp, text, durable))
        return staged[-1]

    monkeypatch.setattr(files, "_stage", stage)
    with pytest.raises(Killed):
        journaled_write(tmp_path, {"docs/meetings/2020/m.md": "m", "decisions/2020/m.md": "d",
                                   "actions/2020/m.md": "a"}, new_only=True)
    monkeypatch.undo()
    assert len([p for p in staged if p.exists()]) == 2
    done = files.recover(tmp_path, CONTENT)
    assert done and done.startswith("undid")
    # the temporary files and the folders made for them are gone
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")] == [files.LOCK_FILE]


@pytest.mark.parametrize("journal", [
    {"complete": True, "files": [["conf.py", ".conf.py.ab.dmlog-tmp", False]], "folders": []},
    {"complete": True, "files": [["../x.md", "../.x.md.ab.dmlog-tmp", False]], "folders": []},
    {"complete": True, "files": [["/etc/x.md", "/etc/.x.md.ab.dmlog-tmp", False]], "folders": []},
    {"complete": True, "files": [["decisions/a.md", "docs/index.md", False]], "folders": []},
    {"complete": True, "files": [["docs/meetings/index.md", "docs/meetings/.index.md.ab.dmlog-tmp", False]],
     "folders": []},
    {"complete": False, "files": [], "folders": ["/etc"]},
    {"complete": True, "files": [["decisions/a.md"]], "folders": []},
    "not a journal"], ids=["site code", "outside", "absolute", "not a temporary file", "a site page",
                           "a folder outside", "not a list of files", "unreadable"])
def test_a_journal_dmlog_did_not_write_is_refused(tmp_path: Path, journal: object) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("site page", encoding="utf-8")
    (tmp_path / files.JOURNAL_FILE).write_text(json.dumps(journal), encoding="utf-8")
    before = tree(tmp_path)
    with pytest.raises(LogError) as caught:
        files.recover(tmp_path, CONTENT)
    assert caught.value.path == files.JOURNAL_FILE
    assert tree(tmp_path) == before
