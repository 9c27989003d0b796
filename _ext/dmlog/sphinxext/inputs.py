"""What the build takes from the file system, decided before Sphinx reads anything.

The files :func:`dmlog.log.tree.scan` refuses (symbolic links, special and hidden
files in the log's folders) are left out of the site: Sphinx would follow a link to
/etc or read a FIFO forever. They are reported with the reader's other problems, at
their file and line, as `dmlog check` reports them (:mod:`dmlog.sphinxext.reconcile`).
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
    refused = tree.scan(Path(app.srcdir)).refused
    if refused:
        config.exclude_patterns = [*config.exclude_patterns, *map(_glob_literal, refused)]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _leave_out_refused_files)
