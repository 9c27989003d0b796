"""What the build takes from the file system, decided before Sphinx reads anything.

The files :func:`dmlog.log.tree.scan` refuses (symbolic links, special and hidden
files in the log's folders) are left out of the site: Sphinx would follow a link to
/etc or read a FIFO forever. So are pages that are not UTF-8, on which Sphinx stops
with a traceback naming no file. The reader reports each of them, at its file and
line, as `dmlog check` does (:mod:`dmlog.sphinxext.reconcile`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from dmlog.log import tree


def _glob_literal(path: str) -> str:
    """A path as a Sphinx exclude pattern matching just that path."""
    return re.sub(r"([*?\[])", r"[\1]", path)


def _leave_out_refused_files(app: Sphinx, config: Any) -> None:
    """``config-inited``: the refused files are no part of the site."""
    srcdir = Path(app.srcdir)
    found = tree.scan(srcdir)
    refused = found.refused + [page.relative_to(srcdir).as_posix() for page in found.pages
                               if not _is_utf8(page)]
    if refused:
        config.exclude_patterns = [*config.exclude_patterns, *map(_glob_literal, refused)]


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    except OSError:
        pass  # reported by the reader
    return True


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _leave_out_refused_files)
