"""The one rule set: every problem of a log, as ``dmlog check`` and the build report it.

Both read the log with the same reader (:mod:`dmlog.log.sources`: the files' form,
records lost in comments or fences, drafts, pages no toctree includes, the registries,
mentions of unknown IDs), and both call :func:`check`, which adds the content gate's
verdicts (:mod:`dmlog.log.gate`) and the rules every record follows
(:mod:`dmlog.log.validation`). What only a build can see (a record sphinx-needs refused,
a page Sphinx did not read) is the build's own cross-check, on top of these.
"""

from __future__ import annotations

from collections.abc import Iterable

from dmlog.log import gate
from dmlog.log.problems import Problem
from dmlog.log.sources import Log
from dmlog.log.validation import validate
from dmlog.settings import Settings


def check(log: Log, settings: Settings, engine: gate.Engine | None = None,
          refused: Iterable[Problem] | None = None) -> list[Problem]:
    """Every problem of the log, sorted by file and line; none: it may be published.

    ``engine``: how the site's engine reads a page (conf.py's MyST settings);
    ``refused``: the gate's verdicts on the log's pages when they are known already (the
    build applies the gate as Sphinx reads each page, where it must make refused
    content inert, and reports them there); None: the gate reads the pages now.
    """
    if refused is None:
        refused = gate.problems(log.files, settings.policy, engine or gate.Engine())
    return sorted({*log.problems, *refused, *validate(log.records)})
