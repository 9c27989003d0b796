"""What the build takes from the file system, decided before Sphinx reads anything.

The files :func:`dmlog.log.tree.scan` refuses (symbolic links, special and hidden
files in the log's folders) are left out of the site: Sphinx would follow a link to
/etc or read a FIFO forever. So are pages that are not UTF-8, on which Sphinx stops
with a traceback naming no file. The reader reports each of them, at its file and
line, as `dmlog check` does (:mod:`dmlog.sphinxext.reconcile`).

Build state is never read unless this machine wrote it. Sphinx's environment, its
doctrees and dmlog's caches are pickles, and reading a pickle runs whatever code it
names. So the state folder (``-d``) is refused when git tracks anything in it (a pull
request can commit ``_build/doctrees/environment.pickle``; a fresh clone would load
it) and when it is inside the output folder (which is published, and whose content
a pull request could also commit). Either way the build warns (which fails a ``-W``
build) and runs from a fresh temporary folder, leaving the refused one untouched.

Why not sign the state (an HMAC with a key kept outside the repository)? Every file a
pull request can put on the build machine comes with the checkout, so it is tracked;
the files a build writes are not (``_build/`` is git-ignored, and a forced ``git
add`` makes them tracked again). Asking git is one command, needs no key to create,
keep and share between a container and its host, and also covers Sphinx's own
pickles, which dmlog does not write. State from anywhere else (a CI cache restored
from a pull request's run, a copied folder) is not covered: the workflows keep none.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from dmlog.log import tree
from dmlog.sphinxext import state

logger = logging.getLogger(__name__)


def glob_literal(path: str) -> str:
    """A path as a Sphinx exclude pattern matching just that path."""
    return re.sub(r"([*?\[])", r"[\1]", path)


def _leave_out_refused_files(app: Sphinx, config: Any) -> None:
    """``config-inited``: the refused files are no part of the site."""
    srcdir = Path(app.srcdir)
    found = tree.scan(srcdir)
    refused = found.refused + [page.relative_to(srcdir).as_posix() for page in found.pages
                               if not _is_utf8(page)]
    if refused:
        config.exclude_patterns = [*config.exclude_patterns, *map(glob_literal, refused)]


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    except OSError:
        pass  # reported by the reader
    return True


def untrusted_state(doctreedir: Path, outdir: Path) -> str | None:
    """Why the state in ``doctreedir`` may not be read, or None."""
    doctrees, output = doctreedir.resolve(), outdir.resolve()
    if doctrees.is_relative_to(output):
        return (f"the build state folder {doctreedir} is inside the output folder {outdir}, "
                "which is published (and could come with the sources): keep it outside, "
                "with -d _build/doctrees as `make html` does")
    if tracked := tree.tracked_files(doctrees):
        return (f"git tracks files in the build state folder {doctreedir} ({tracked[0]}"
                + (f" and {len(tracked) - 1} more" if len(tracked) > 1 else "")
                + "): state that comes with the sources is never read (reading a pickle runs "
                f"the code it names); remove it from git: git rm -r --cached {doctreedir}")
    return None


def _refuse_untrusted_state(app: Sphinx, _config: Any) -> None:
    """``config-inited`` (before Sphinx loads its environment): state this machine did
    not write is left alone, and the build keeps its state in a temporary folder. Files
    git tracks in the log's build folder or in this build's output and state folders
    are the problems `dmlog check` reports too (:func:`dmlog.log.tree.tracked_build_state`),
    at the first file of each folder."""
    outdir, doctreedir = Path(app.outdir), Path(app.doctreedir)
    for problem in tree.tracked_build_state(Path(app.srcdir), (outdir, doctreedir)):
        logger.warning(problem.message, location=f"{problem.path}:{problem.line}",
                       type="dmlog", subtype="state")
    why = untrusted_state(doctreedir, outdir)
    if why is None:
        return
    fresh = Path(tempfile.mkdtemp(prefix="dmlog-state-"))
    # tracked state was reported above, with its file; a state folder inside the output
    # is the command's mistake, which no source shows
    if doctreedir.resolve().is_relative_to(outdir.resolve()):
        logger.warning(f"{why}; this build starts afresh in {fresh}", type="dmlog", subtype="state")
    else:
        logger.info(f"dmlog: {why}; this build starts afresh in {fresh}")
    state.of(app).temporary_state = fresh
    app.doctreedir = type(app.doctreedir)(fresh)


def _remove_temporary_state(app: Sphinx, _exception: Exception | None) -> None:
    if (fresh := state.of(app).temporary_state) is not None:
        shutil.rmtree(fresh, ignore_errors=True)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _refuse_untrusted_state, priority=0)
    app.connect("config-inited", _leave_out_refused_files)
    app.connect("build-finished", _remove_temporary_state, priority=1000)
