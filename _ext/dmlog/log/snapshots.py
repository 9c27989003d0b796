"""A log as it stands at a git ref, exported to a temporary folder so that the one
reader of the sources (:func:`dmlog.log.sources.load_log`) reads it as it reads the
working tree.

``git archive`` is used through the ``git`` command the repository needs anyway: it
reads only objects present locally (so a shallow clone works when both refs were
fetched), and no git library has to be installed into every log's CI. Only the
log's own folders are exported.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from dmlog.log.problems import LogError
from dmlog.log.sources import RECORD_DIRS


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise LogError("", 0, "git is not installed: install git, or compare two folders") from None


def repository_prefix(folder: Path) -> str:
    """The folder's path inside its git repository ('' at the top, 'log/' below it)."""
    result = _git(folder, "rev-parse", "--show-prefix")
    if result.returncode != 0:
        raise LogError("", 0, f"{folder} is not in a git repository: run dmlog diff inside the "
                       "log's clone, or compare two folders (dmlog diff OLD_FOLDER NEW_FOLDER)")
    return result.stdout.decode().strip()


def resolve(folder: Path, ref: str) -> str:
    """The commit a ref names, or a clear error when it is unknown here."""
    if ref.startswith("-"):
        raise LogError("", 0, f"{ref!r} is not a git ref")
    repository_prefix(folder)  # fails first if this is no repository at all
    result = _git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if result.returncode == 0:
        return result.stdout.decode().strip()
    shallow = _git(folder, "rev-parse", "--is-shallow-repository").stdout.decode().strip() == "true"
    hint = ("this clone is shallow: fetch the ref (git fetch --depth=1 origin <branch>), or "
            "check out with fetch-depth: 0" if shallow else
            "check the name (git branch -a), or fetch it (git fetch origin)")
    raise LogError("", 0, f"unknown git ref {ref!r} in {folder}: {hint}")


def export(folder: Path, ref: str, destination: Path, extra: tuple[str, ...] = ()) -> Path:
    """Write the log's files at ``ref`` under ``destination``; returns the log's folder there."""
    commit = resolve(folder, ref)
    prefix = repository_prefix(folder)
    wanted = [f"{prefix}{name}" for name in ("conf.py", *RECORD_DIRS, *extra)]
    listed = _git(folder, "ls-tree", "--name-only", "--full-tree", commit, "--", *wanted)
    present = [name for name in listed.stdout.decode().splitlines() if name]
    root = destination / prefix
    root.mkdir(parents=True, exist_ok=True)
    if not present:
        return root  # the log did not exist yet at that ref: every record is new
    top = Path(_git(folder, "rev-parse", "--show-toplevel").stdout.decode().strip())
    archive = _git(top, "archive", "--format=tar", commit, "--", *present)  # paths from the top
    if archive.returncode != 0:
        raise LogError("", 0, f"git archive {ref} failed: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")  # no links or paths out of the folder
    return root
