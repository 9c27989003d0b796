"""Jinja2 templates of generated pages and scaffolded records, and safe file writes:
one writer at a time (a lock on the log), unique temporary files beside their target,
and several files written all together or not at all, even if the process is killed
halfway (a journal at the log's root that the next command completes or undoes)."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dmlog.log import escaping, layout
from dmlog.log.problems import LogError

if TYPE_CHECKING:
    import jinja2

# jinja2 and filelock are imported by the functions that use them: a command that only
# reads the log (`dmlog check` in a pre-commit hook) starts without them.

#: Temporary files are ".<name>.<random>.dmlog-tmp" beside their target (ignored by git).
TMP_SUFFIX = layout.TMP_SUFFIX
#: The log's lock, at its root (ignored by git: see .gitignore and `dmlog init`'s).
LOCK_FILE = ".dmlog.lock"
#: The edit under way, at the log's root (ignored by git): its files, temporary files
#: and new folders, and whether every file was staged (then it is completed, else undone).
JOURNAL_FILE = ".dmlog-journal.json"
#: How long a command waits for another one changing the same log.
LOCK_TIMEOUT = 60.0


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("dmlog", "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # Untrusted text (names, titles) written where Markdown is read shows as that text.
    environment.filters["markdown_text"] = escaping.markdown_text
    environment.filters["option_value"] = escaping.option_value
    environment.globals["fence_for"] = escaping.fence_for
    return environment


def render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


#: The log whose lock this process holds, and its content folders: writes into those
#: go through the journal.
_locked: tuple[Path, tuple[Path, ...]] | None = None


@contextlib.contextmanager
def log_lock(root: Path, timeout: float = LOCK_TIMEOUT, content: Iterable[str] = ()) -> Iterator[None]:
    """Hold the log's lock: commands that change the log run one at a time, each
    reading the log after the previous one wrote (so two `dmlog new` never take the
    same ID). The lock is a file at the log's root (ignored by git), not in the
    temporary folder: a container and the host sharing one checkout do not share
    their temporary folders, and each took its own lock. While it is held, every
    :func:`write_all` into the ``content`` folders is journaled."""
    import filelock

    global _locked
    lock = filelock.FileLock(lock_path(root), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LogError("", 0, f"another dmlog command has been changing the log for "
                       f"{timeout:.0f} s; try again when it has finished") from None
    except OSError as err:
        raise LogError("", 0, f"cannot lock the log ({err.strerror}): is its folder "
                       "writable?") from None
    _locked = (root, tuple(root / folder for folder in content))
    try:
        yield
    finally:
        _locked = None
        lock.release()


def lock_path(root: Path) -> Path:
    return root / LOCK_FILE


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file renamed over the target."""
    write_all({path: text})


def write_all(files: dict[Path, str], root: Path | None = None, new_only: bool = False,
              replaced: Mapping[Path, str] | None = None) -> None:
    """Write every file or none: all are first written to temporary files, then moved
    into place; if anything fails, the files and folders are as they were before and
    a :class:`LogError` names the file that could not be written. With ``new_only``,
    none of ``files`` replaces an existing file; ``replaced``: files written in the
    same go that may replace one (a ledger that new files add to).

    Under the log's lock, a journal at its root lists the files first: if the process
    is killed before every temporary file is written, the next command removes them;
    after, it moves the rest into place (:func:`recover`)."""
    writes = {**files, **(replaced or {})}
    writing = _Writing(writes, {path for path in files if new_only and path not in (replaced or {})},
                       _journal_of(writes))
    try:
        writing.stage()
        writing.move_into_place()
    except OSError as err:
        writing.undo()
        where = writing.current or writing.journal or Path()
        shown = where.relative_to(root).as_posix() if root and where.is_relative_to(root) else str(where)
        reason = "it already exists" if isinstance(err, FileExistsError) else err.strerror
        raise LogError(shown, 0, f"cannot be written ({reason}); nothing was changed") from None


class _Writing:
    """One :func:`write_all`, step by step, keeping what it has done so that a failure
    can undo it."""

    def __init__(self, writes: dict[Path, str], new: set[Path], journal: Path | None) -> None:
        self.writes, self.new, self.journal = writes, new, journal
        self.temporary = {path: path.with_name(f".{path.name}.{secrets.token_hex(4)}{TMP_SUFFIX}")
                          for path in writes}
        self.missing = list(dict.fromkeys(folder for path in writes for folder in reversed(
            [p for p in (path.parent, *path.parent.parents) if not p.exists()])))
        self.made_dirs: list[Path] = []
        self.staged: dict[Path, Path] = {}
        self.before: dict[Path, bytes | None] = {}  # target -> its bytes before (None: it was new)
        self.current = next(iter(writes), None)  # the file being written, named if it fails

    def stage(self) -> None:
        """Every text in its temporary file (and the folders they need), journaled."""
        if self.journal:
            _write_journal(self.journal, self.temporary, self.new, self.missing, complete=False)
        for path, text in self.writes.items():
            self.current = path
            for folder in self.missing:
                if folder in path.parents and not folder.exists():
                    folder.mkdir()
                    self.made_dirs.append(folder)
            self.staged[path] = _stage(path, self.temporary[path], text, durable=self.journal is not None)
        self.current = None

    def move_into_place(self) -> None:
        if self.journal:
            _write_journal(self.journal, self.temporary, self.new, self.missing, complete=True)
        for path, tmp in self.staged.items():
            self.current = path
            if path in self.new:
                os.link(tmp, path)  # fails if the file exists: never overwrites
                self.before[path] = None
                os.unlink(tmp)
            else:
                self.before[path] = path.read_bytes() if path.exists() else None
                os.replace(tmp, path)
        if self.journal:
            self.journal.unlink()

    def undo(self) -> None:
        """The files and folders as they were before (as far as the system lets)."""
        for path, old in self.before.items():
            with contextlib.suppress(OSError):
                if old is None:
                    path.unlink()
                else:
                    path.write_bytes(old)
        for tmp in self.staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        for folder in reversed(self.made_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if self.journal:
            with contextlib.suppress(OSError):
                self.journal.unlink()


def _stage(path: Path, tmp: Path, text: str, durable: bool) -> Path:
    """The text in a new temporary file beside ``path``, with the mode the target has
    (or a new file gets); ``durable``: on disk before this returns (a journal's files)."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
    handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            os.fchmod(stream.fileno(), mode)
            stream.write(text)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _journal_of(files: Mapping[Path, str]) -> Path | None:
    """The journal of a write into the content folders of the log whose lock this
    process holds (None: no lock held, or files elsewhere, which :func:`recover`
    would refuse to touch)."""
    if _locked is None:
        return None
    root, content = _locked
    if not all(_journaled(root, path, list(content), is_folder=False) for path in files):
        return None
    return root / JOURNAL_FILE


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(folder in path.parents for folder in folders)


def _journaled(root: Path, path: Path, content: list[Path], is_folder: bool) -> bool:
    """Whether a journal of the log at ``root`` may name ``path``: a file in a content
    folder, or a folder made for one (a content folder, or one above it)."""
    if not path.is_relative_to(root) or path == root or ".." in path.relative_to(root).parts:
        return False
    if not is_folder and path.relative_to(root).as_posix() in layout.SITE_PAGES_IN_CONTENT_DIRS:
        return False
    return _inside(path, content) or (is_folder and any(
        top == path or path in top.parents for top in content))


def _write_journal(journal: Path, temporary: dict[Path, Path], new: set[Path],
                   folders: list[Path], complete: bool) -> None:
    """The journal: each file, its temporary file and whether it must be new; the
    folders made for them; whether every temporary file is written."""
    root = journal.parent
    entry = {"complete": complete,
             "files": [[path.relative_to(root).as_posix(), tmp.relative_to(root).as_posix(),
                        path in new] for path, tmp in temporary.items()],
             "folders": [folder.relative_to(root).as_posix() for folder in folders]}
    tmp = journal.with_name(journal.name + TMP_SUFFIX)
    with open(tmp, "w", encoding="utf-8") as stream:
        json.dump(entry, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(tmp, journal)


def recover(root: Path, content: Iterable[str]) -> str | None:
    """Finish what a killed command left (call it holding the log's lock): an edit
    whose files were all staged is completed, any other is undone. What was done, or
    None if there was nothing to do.

    A journal could come with a pull request (git ignores it, ``git add -f`` does
    not): only one whose files are in the ``content`` folders (which a pull request
    changes anyway, and which are checked), each with its temporary file beside it, is
    acted on; any other is refused."""
    journal = root / JOURNAL_FILE
    left = _read_journal(root)
    if left is None:
        return None
    _refuse_foreign(left, root, [root / folder for folder in content])
    try:
        for path, tmp in left.files:
            if tmp.exists():  # else moved into place already, or never written
                _finish(path, tmp, left, root)
        if not left.complete:
            for folder in reversed(left.folders):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if empty
    except OSError as err:
        raise LogError(JOURNAL_FILE, 0, f"the edit a killed dmlog command left cannot be "
                       f"{'completed' if left.complete else 'undone'} ({err.strerror})") from None
    journal.unlink()
    names = ", ".join(target.relative_to(root).as_posix() for target, _ in left.files)
    return (f"completed an edit a killed command left halfway: {names}" if left.complete
            else f"undid an edit a killed command left unfinished: {names}")


@dataclass(frozen=True)
class _Journal:
    """What a journal says: each file with its temporary file, those that must be new,
    the folders made for them, and whether every temporary file was written."""

    files: list[tuple[Path, Path]]
    new: set[Path]
    folders: list[Path]
    complete: bool


def _read_journal(root: Path) -> _Journal | None:
    try:
        entry = json.loads((root / JOURNAL_FILE).read_text(encoding="utf-8"))
        return _Journal([(root / target, root / tmp) for target, tmp, _ in entry["files"]],
                        {root / target for target, _, must_be_new in entry["files"] if must_be_new is True},
                        [root / folder for folder in entry["folders"]], entry["complete"] is True)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise LogError(JOURNAL_FILE, 0, f"cannot be read ({err}): it is what a killed dmlog "
                       "command left; check `git status`, then remove it") from None


def _refuse_foreign(left: _Journal, root: Path, inside: list[Path]) -> None:
    """A LogError unless every file and folder of the journal is one a dmlog command
    writes, each with its temporary file beside it."""
    journal = root / JOURNAL_FILE
    named = [(target, False) for target, _ in left.files] + [(f, True) for f in left.folders]
    for path, is_folder in named:
        if journal.is_symlink() or not _journaled(root, path, inside, is_folder):
            raise LogError(JOURNAL_FILE, 0, f"names {path}, which no dmlog command writes: "
                           "remove the file")
    for path, tmp in left.files:
        if tmp.parent != path.parent or not tmp.name.startswith(f".{path.name}.") \
                or not tmp.name.endswith(TMP_SUFFIX):
            raise LogError(JOURNAL_FILE, 0, f"names {tmp.relative_to(root).as_posix()}, which "
                           f"is not a temporary file of {path.name}: remove the file")


def _finish(path: Path, tmp: Path, left: _Journal, root: Path) -> None:
    """One file of a journal: its temporary file removed (an unfinished edit) or moved
    into place (a complete one; a file that must be new is never overwritten)."""
    if not left.complete:
        tmp.unlink()
    elif path not in left.new:
        os.replace(tmp, path)
    elif path.exists() and not os.path.samefile(tmp, path):
        raise LogError(path.relative_to(root).as_posix(), 0, "was written by someone else "
                       f"while a dmlog command was interrupted; its text is in {tmp.name}")
    else:
        if not path.exists():
            os.link(tmp, path)
        tmp.unlink()
