"""The build reads every page through the gate (:mod:`dmlog.log.gate`), as `dmlog check` does.

At ``source-read`` the page's file is read again as the reader reads it (the same bytes
`dmlog check` reads), the gate's problems are warnings at their file and line (fatal
under ``-W``), and the engine parses the gate's text, in which everything refused is
inert: a refused directive, role, front-matter key or substitution never reaches MyST,
sphinx-needs or any other extension.

Under the gate, docutils runs with a fixed configuration: raw output and file insertion
(``raw``, ``include``, ``csv-table :file:``) are off whatever a ``docutils.conf`` beside
conf.py or in the working folder says (a pull request could add one), and no other
docutils configuration file is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from dmlog.log import gate, sources
from dmlog.log.problems import LogError
from dmlog.log.sources import read_text
from dmlog.sphinxext import state

logger = logging.getLogger(__name__)


def read_through_gate(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: the page as the gate leaves it, and the gate's problems."""
    # its file, and its place in the site (the list page of a log's own type is read from
    # the build state folder: :mod:`dmlog.sphinxext.typepages`)
    path = Path(app.env.doc2path(docname))
    relpath = Path(app.env.doc2path(docname, base=False)).as_posix()
    try:
        text = read_text(path, relpath)
    except LogError:
        return  # the reader reports a file it cannot read, with its line
    engine = gate.Engine.of(app.config.myst_enable_extensions or (),
                            {name: app.config[name] for name in gate.Engine.SETTINGS}, app.env.found_docs)
    # the reader reads the page now, with the parse the gate reads too (one parse for
    # both); reconcile finds the reading kept when writing starts
    sources.keep_reading(state.of(app).kept.sources, text, path, relpath, engine.extensions,
                         gate.parser(text, engine))
    verdict = gate.read(text, relpath, state.of(app).settings.policy, engine, Path(app.srcdir))
    sources.forget_parsed()  # read by both: no other page has the same text
    for problem in verdict.problems:
        logger.warning(problem.message, location=f"{problem.path}:{problem.line}",
                       type="dmlog", subtype="content")
    source[0] = verdict.text


def _fixed_docutils_settings(app: Sphinx) -> None:
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


def setup(app: Sphinx) -> None:
    # docutils reads the files DOCUTILSCONFIG names (Sphinx sets it to conf.py's folder's
    # docutils.conf for the build, and restores it after); settings read from a file
    # override the build's own
    os.environ["DOCUTILSCONFIG"] = os.devnull
    app.connect("builder-inited", _fixed_docutils_settings)
    app.connect("source-read", read_through_gate, priority=100)  # first: the file as it is
