"""The log's folders as input: which files the reader and the build read, and which
files may not be there at all.

A pull request can add any file git stores, and the folders the site is built from
are read by a build that has the machine's files around it. So, in every folder the
site is built from (decisions/, actions/, docs/):

- no symbolic link (a link to /etc/passwd or /proc/self/environ would be read or
  published as the log's own file) and nothing but plain files and folders (a FIFO
  would hang the build, a device would be read);
- no hidden file or folder (``.draft.md`` is not checked by anyone who lists the
  folder, yet Sphinx reads it), except the placeholders tools leave
  (:data:`layout.HARMLESS_HIDDEN`), which nothing reads;
- no record in a file the build does not read as Markdown (``x.MD``, ``x.markdown``,
  ``x.md.txt``, ``.. decision::`` in a ``.rst`` file): it would be lost without a word;
- in the folders of routine pull requests (:func:`layout.record_folders`), only
  records (``.md``) and the files records show or offer for download.

`dmlog check` and the build both take the files to read, and these problems, from
:func:`scan`; the build also leaves the refused files out of what Sphinx reads.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dmlog import schema
from dmlog.log import layout
from dmlog.log.problems import Problem

#: The one suffix of the pages the reader and the build read.
PAGE_SUFFIX = ".md"
#: A line that opens a record directive, wherever it stands (even where MyST would not
#: read it as one): it must become a record, or the reader says why it does not.
RECORD_LINE = re.compile(
    r"^[ \t>*+\-0-9.)]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{(" + "|".join(schema.TYPES) + r")\}")
#: The same record written as a reStructuredText directive.
RST_RECORD_LINE = re.compile(r"^[ \t]*\.\.[ \t]+(" + "|".join(schema.TYPES) + r")::")
#: Files whose content no reader takes for text (not searched for records).
_BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf")
#: Files larger than this are not searched for records (no records file is near it).
_SEARCH_LIMIT = 5_000_000


@dataclass
class Tree:
    """What :func:`scan` found in the log's folders."""

    #: the Markdown pages the reader reads (as Sphinx does), in reading order
    pages: list[Path] = field(default_factory=list)
    #: files no one may read (links, special and hidden files), relative to the root:
    #: the build leaves them out of the site
    refused: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def scan(root: Path) -> Tree:
    """The pages of the log's folders, and every file that may not be there."""
    tree = Tree()
    for folder in layout.record_dirs():
        top = root / folder
        if top.is_symlink() or (top.exists() and not top.is_dir()):
            _refuse(tree, folder, _special(top))
        elif top.is_dir():
            _walk(root, top, tree)
    # in the order Sphinx reads them (by document name), so that a duplicate ID is
    # blamed on the same record by both
    tree.pages.sort(key=lambda p: p.relative_to(root).with_suffix("").as_posix())
    return tree


def _walk(root: Path, top: Path, tree: Tree) -> None:
    generated = set(layout.GENERATED_PAGE_DIRS.values())
    for current, folders, files in os.walk(top):  # links to folders are not followed
        here = Path(current)
        relative = here.relative_to(root).as_posix()
        folders[:] = _folders_to_walk(tree, here, relative, sorted(folders))
        for name in sorted(files):
            _file(tree, here / name, f"{relative}/{name}", generated)


def _folders_to_walk(tree: Tree, here: Path, relative: str, names: list[str]) -> list[str]:
    """The folders of ``here`` to read; a link or a hidden folder is a problem."""
    kept = []
    for name in names:
        path = here / name
        if path.is_symlink():
            _refuse(tree, f"{relative}/{name}", _special(path))
        elif name.startswith("."):
            _refuse_folder(tree, path, f"{relative}/{name}")
        elif name != layout.BUILD_DIR:
            kept.append(name)
    return kept


def _file(tree: Tree, path: Path, relpath: str, generated: set[str]) -> None:
    """A page to read (but the pages generated from the registries), a file dmlog leaves
    there, or a problem: a special or hidden file, or one that is not a page."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:  # gone since the folder was listed
        return
    if not stat.S_ISREG(mode):
        _refuse(tree, relpath, _special(path))
    elif path.name.startswith("."):
        # dmlog's own temporary files are there while a command writes
        if path.name not in layout.HARMLESS_HIDDEN and not path.name.endswith(layout.TMP_SUFFIX):
            _refuse(tree, relpath, _HIDDEN_FILE, path)
    elif path.name.endswith(PAGE_SUFFIX):
        parts = relpath.split("/")
        if not (parts[0] == layout.PAGES and len(parts) > 2 and parts[1] in generated
                and _is_generated(path)):  # generated pages: read from the registries
            tree.pages.append(path)
    else:
        tree.problems += _not_read(path, relpath)


_HIDDEN_FOLDER = ("is a hidden folder (its name starts with '.'); the log's folders hold no "
                  "hidden files: rename it without the '.', or remove it")
_HIDDEN_FILE = ("is a hidden file (its name starts with '.'), which listings of the folder "
                "leave out; rename it without the '.', or remove it")


def _special(path: Path) -> str:
    """Why a link or a file that is not a plain file or folder may not be in the log."""
    if path.is_symlink():
        target = os.readlink(path)
        return (f"is a symbolic link (to {target}); the log's folders hold only real files, "
                "as a link could publish a file of the machine that builds the site: put the "
                "file itself here (`git rm` the link), or remove it")
    kind = "a named pipe (FIFO)" if path.is_fifo() else \
        "a device" if path.is_block_device() or path.is_char_device() else \
        "a socket" if path.is_socket() else "not a plain file"
    return f"is {kind}, not a plain file; the log's folders hold only plain files: remove it"


def _refuse(tree: Tree, relpath: str, why: str, path: Path | None = None) -> None:
    """A file or folder no one may read; a hidden file's records are reported at their lines."""
    tree.refused.append(relpath)
    name = relpath.rsplit("/", 1)[-1]
    lines = _record_lines(path) if path is not None else []
    if lines:
        tree.problems += [Problem(relpath, number, f"this {{{kind}}} would be lost: '{name}' {why}")
                          for number, kind in lines]
    else:
        tree.problems.append(Problem(relpath, 1, f"'{name}' {why}"))


def _refuse_folder(tree: Tree, path: Path, relpath: str) -> None:
    """A hidden folder: the records in it are reported at their lines (else the folder)."""
    tree.refused.append(relpath)
    before = len(tree.problems)
    name = relpath.rsplit("/", 1)[-1]
    for current, _, files in os.walk(path):
        for file in sorted(files):
            inner = Path(current, file)
            if inner.is_symlink():
                continue
            where = inner.relative_to(path.parent).as_posix()
            tree.problems += [Problem(f"{relpath.rsplit('/', 1)[0]}/{where}", number, (
                f"this {{{kind}}} would be lost: '{name}' {_HIDDEN_FOLDER}"))
                for number, kind in _record_lines(inner)]
    if len(tree.problems) == before:
        tree.problems.append(Problem(relpath, 1, f"'{name}' {_HIDDEN_FOLDER}"))


def _not_read(path: Path, relpath: str) -> list[Problem]:
    """A plain file that is not a page: its records would be lost; in a folder of
    records, only the files records show or offer may be there."""
    suggestion = path.name.split(".", 1)[0] + PAGE_SUFFIX
    if lines := _record_lines(path):
        return [Problem(relpath, number, (
            f"this {{{kind}}} is in a file the build does not read: records are read from "
            f"Markdown files ending in '{PAGE_SUFFIX}' (in lower case) only; rename the file "
            f"to {suggestion} (in MyST Markdown)")) for number, kind in lines]
    folder = next((f for f in layout.record_folders() if relpath.startswith(f + "/")), None)
    if folder is not None and path.suffix.lower() not in layout.ASSET_SUFFIXES:
        return [Problem(relpath, 1, (
            f"'{path.name}': the build does not read '{path.suffix or path.name}' files, and "
            f"{folder}/ holds records ({PAGE_SUFFIX}) and the files they show or "
            f"offer ({', '.join(layout.ASSET_SUFFIXES)}) only: rename it to {suggestion} if it "
            "holds records, or move it out of the log's folders"))]
    return []


def _record_lines(path: Path) -> list[tuple[int, str]]:
    """(line, type) of each line of a file that opens a record, in MyST or in
    reStructuredText; none in images and very large files."""
    if path.suffix.lower() in _BINARY_SUFFIXES:
        return []
    try:
        if path.stat().st_size > _SEARCH_LIMIT:
            return []
        data = path.read_bytes()
    except OSError:
        return []
    if not any(f"{kind}".encode() in data for kind in schema.TYPES):
        return []
    text = data.decode("utf-8", errors="replace")
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        if match := RECORD_LINE.match(line) or RST_RECORD_LINE.match(line):
            found.append((number, match[1]))
    return found


def _is_generated(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return layout.GENERATED_MARK in handle.read(300)
    except OSError:
        return False


def target_problem(root: Path, relpath: str, target: str, link: bool = False) -> str | None:
    """Why a file of the log that a page shows or offers (``relpath``, already known
    to be under the log's folders as written) may not be published: it must be there,
    be a plain file and be reached without a symbolic link (which could lead out of
    the log whatever the path says). A name ending in ``.*`` (an image in the formats
    there are) stands for each file it matches. A ``link`` to nothing there may be a
    page (it offers a file only if there is one)."""
    path = root / relpath
    candidates = sorted(path.parent.glob(path.name)) if path.name.endswith(".*") else [path]
    if not candidates or not os.path.lexists(candidates[0]):
        if link:
            return None
        return (f"the file {target!r} is not in the log (there is no {relpath}): add the file, "
                "or correct the path (relative to the page's folder)")
    real_root = Path(os.path.realpath(root))
    for candidate in candidates:
        relative = candidate.relative_to(root)
        if Path(os.path.realpath(candidate)) != real_root / relative:
            return (f"the file {target!r} is reached through a symbolic link, which could "
                    "publish a file of the machine that builds the site: put the file itself "
                    "in the log")
        if not candidate.is_file():
            return f"{target!r} is not a plain file: link a file of the log"
    return None


def tracked_files(folder: Path, cwd: Path | None = None) -> list[str]:
    """The files under ``folder`` that git tracks, relative to ``cwd`` (the repository's
    root when None); none outside a repository or without git."""
    base = cwd or next(p for p in (folder, *folder.parents) if p.is_dir())
    naming = [] if cwd else ["--full-name"]
    try:
        listed = subprocess.run(["git", "-C", str(base), "ls-files", "-z", *naming, "--",
                                 str(folder)], capture_output=True, check=False)
    except OSError:  # no git: nothing can be tracked
        return []
    if listed.returncode != 0:  # not in a repository
        return []
    return [name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name]


def tracked_build_state(root: Path, folders: Iterable[Path] = ()) -> list[Problem]:
    """Files git tracks in the log's build folder (``_build/``, where `make html` keeps
    its output and its state) and in ``folders`` (a build's own output and state
    folders): state that comes with the sources would be read by the build (a pickle
    runs the code it names), output would be published though no source makes it.
    One problem per folder, at its first tracked file; `dmlog check` and the build
    report the same."""
    found: list[Problem] = []
    covered: list[Path] = []
    for folder in (root / layout.BUILD_DIR, *folders):
        folder = folder.resolve()
        if any(folder.is_relative_to(done) for done in covered):
            continue
        covered.append(folder)
        if not (tracked := tracked_files(folder, root)):
            continue
        name = os.path.relpath(folder, root)
        more = f" and {len(tracked) - 1} more" if len(tracked) > 1 else ""
        found.append(Problem(tracked[0], 1, (
            f"git tracks files in the build folder {name} ({tracked[0]}{more}): build state "
            "that comes with the sources is never read (reading a pickle runs the code it "
            "names) and output would be published though no source makes it; remove them "
            f"from git (the files stay): git rm -r --cached {name}")))
    return found
