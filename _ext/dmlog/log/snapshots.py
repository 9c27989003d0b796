"""A log as it stands at a git ref, written out to a temporary folder so that the one
reader of the sources (:func:`dmlog.log.sources.load_log`) reads it as it reads the
working tree.

The files are read from the commit's tree (``git ls-tree -z``, then the blobs with one
``git cat-file --batch``), through the ``git`` command the repository needs anyway: it
reads only objects present locally (so a shallow clone works when both refs were
fetched), and no git library has to be installed into every log's CI. ``git archive``
is not used: it leaves out what ``.gitattributes`` marks ``export-ignore``, which the
build still publishes. Only the log's own folders are written out.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from dmlog.log import layout
from dmlog.log.problems import LogError


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], input=stdin, capture_output=True,
                              check=False)
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


#: tree entry modes of files written out: plain and executable files (links and
#: submodules are no log's files; the build does not read them either)
_FILE_MODES = ("100644", "100755")


def export(folder: Path, ref: str, destination: Path, extra: tuple[str, ...] = ()) -> Path:
    """Write the log's files at ``ref`` under ``destination``; returns the log's folder there."""
    commit = resolve(folder, ref)
    prefix = repository_prefix(folder)
    root = destination / prefix
    root.mkdir(parents=True, exist_ok=True)
    wanted = [f"{prefix}{name}" for name in ("conf.py", *layout.record_dirs(), *extra)]
    files = tree_files(folder, commit, wanted)
    for (path, _), content in zip(files, read_blobs(folder, [blob for _, blob in files]),
                                  strict=True):
        target = destination.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return root  # with no files: the log did not exist yet at that ref, every record is new


def tree_files(folder: Path, commit: str, paths: list[str]) -> list[tuple[str, str]]:
    """(path from the repository's top, blob ID) of every file under ``paths`` at ``commit``."""
    listed = _git(folder, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths)
    if listed.returncode != 0:
        raise LogError("", 0, f"git ls-tree {commit[:12]} failed: {listed.stderr.decode().strip()}")
    files = []
    for entry in listed.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        path = name.decode("utf-8", errors="surrogateescape")
        parts = PurePosixPath(path).parts
        if kind != "blob" or mode not in _FILE_MODES or ".." in parts or path.startswith("/"):
            continue
        files.append((path, blob))
    return files


def read_blobs(folder: Path, blobs: list[str]) -> list[bytes]:
    """The contents of blobs, in one ``git cat-file --batch``."""
    if not blobs:
        return []
    result = _git(folder, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in blobs).encode())
    if result.returncode != 0:
        raise LogError("", 0, f"git cat-file failed: {result.stderr.decode().strip()}")
    out, position, contents = result.stdout, 0, []
    for blob in blobs:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode().split()
        if len(header) != 3:  # "<blob> missing": an object this clone does not have
            raise LogError("", 0, f"git object {blob} is missing from this clone: fetch the ref again")
        size = int(header[2])
        contents.append(out[header_end + 1:header_end + 1 + size])
        position = header_end + 1 + size + 1  # the content, then a newline
    return contents
