"""Which changed files of a log's repository are site code rather than content
(:func:`dmlog.log.layout.is_content`): the pull request's summary names them, so that a
reviewer knows the change needs a maintainer (as the repository's CODEOWNERS says)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dmlog.log import snapshots
from dmlog.log.layout import is_content


def changed_paths(root: Path, base: str, head: str) -> list[str]:
    """The files changed from the common ancestor of ``base`` and ``head`` to ``head`` (what
    a pull request shows), relative to the repository's top; a rename is both its paths."""
    commits = [snapshots.resolve(root, ref) for ref in (base, head)]
    listed = subprocess.run(["git", "-C", str(root), "diff", "--name-only", "--no-renames", "-z",
                             f"{commits[0]}...{commits[1]}"], capture_output=True, check=True)
    return [name for name in listed.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def site_code_changes(root: Path, base: str, head: str) -> list[str]:
    """The changed files that are not content, relative to the repository's top: every
    file outside the log's folder, and those inside it but outside the content zones."""
    prefix = snapshots.repository_prefix(root)
    return [path for path in changed_paths(root, base, head)
            if not (path.startswith(prefix) and is_content(path.removeprefix(prefix)))]
