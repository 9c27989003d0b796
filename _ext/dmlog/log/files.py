"""Jinja2 templates of generated pages and scaffolded records, and safe file writes:
one writer at a time (a lock on the log), unique temporary files beside their target,
and several files written all together or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import filelock
import jinja2

from dmlog.log import safety
from dmlog.log.problems import LogError

#: Temporary files are ".<name>.<random>.dmlog-tmp" beside their target (ignored by git).
TMP_SUFFIX = ".dmlog-tmp"
#: The log's lock, at its root (ignored by git: see .gitignore and `dmlog init`'s).
LOCK_FILE = ".dmlog.lock"
#: How long a command waits for another one changing the same log.
LOCK_TIMEOUT = 60.0


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("dmlog", "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # Untrusted text (names, titles) written where Markdown is read shows as that text.
    environment.filters["markdown_text"] = safety.markdown_text
    environment.filters["option_value"] = safety.option_value
    environment.globals["fence_for"] = safety.fence_for
    return environment


def render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


@contextlib.contextmanager
def log_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the log's lock: commands that change the log run one at a time, each
    reading the log after the previous one wrote (so two `dmlog new` never take the
    same ID). The lock is a file at the log's root (ignored by git), not in the
    temporary folder: a container and the host sharing one checkout do not share
    their temporary folders, and each took its own lock."""
    lock = filelock.FileLock(lock_path(root), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LogError("", 0, f"another dmlog command has been changing the log for "
                       f"{timeout:.0f} s; try again when it has finished") from None
    except OSError as err:
        raise LogError("", 0, f"cannot lock the log ({err.strerror}): is its folder "
                       "writable?") from None
    try:
        yield
    finally:
        lock.release()


def lock_path(root: Path) -> Path:
    return root / LOCK_FILE


def _stage(path: Path, text: str) -> Path:
    """The text in a new temporary file of a unique name beside ``path``."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        # mkstemp makes the file private (0600): give it the mode the target has or
        # a new file would get
        os.chmod(name, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file renamed over the target."""
    write_all({path: text})


def write_all(files: dict[Path, str], root: Path | None = None, new_only: bool = False) -> None:
    """Write every file or none: all are first written to temporary files, then moved
    into place; if anything fails, the files and folders are as they were before and
    a :class:`LogError` names the file that could not be written. With ``new_only``,
    no existing file is ever replaced."""
    made_dirs: list[Path] = []
    staged: dict[Path, Path] = {}
    replaced: dict[Path, bytes | None] = {}  # target -> its bytes before (None: it was new)
    current = next(iter(files), None)
    try:
        for path, text in files.items():
            current = path
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                made_dirs.append(folder)
            staged[path] = _stage(path, text)
        for path, tmp in staged.items():
            current = path
            if new_only:
                os.link(tmp, path)  # fails if the file exists: never overwrites
                replaced[path] = None
                os.unlink(tmp)
            else:
                replaced[path] = path.read_bytes() if path.exists() else None
                os.replace(tmp, path)
    except OSError as err:
        for path, before in replaced.items():
            with contextlib.suppress(OSError):
                if before is None:
                    path.unlink()
                else:
                    path.write_bytes(before)
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        for folder in reversed(made_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        shown = current.relative_to(root).as_posix() if root and current else str(current)
        reason = "it already exists" if isinstance(err, FileExistsError) else err.strerror
        raise LogError(shown, 0, f"cannot be written ({reason}); nothing was changed") from None
