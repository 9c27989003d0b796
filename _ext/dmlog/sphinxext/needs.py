"""The one boundary between dmlog and sphinx-needs (and Sphinx internals).

Public API first: :func:`sphinx_needs.api.get_needs_view` and documented events.
Every other touch of sphinx-needs' internals is named here, with what it relies on,
so an upgrade is checked in one place (and by the canary tests in
``tests/unit/sphinxext/test_needs.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx_needs.api import get_needs_view
from sphinx_needs.data import SphinxNeedsData

#: A record as sphinx-needs holds it. ``NeedItem`` implements the read side of a
#: mapping (``[]``, ``get``, ``in``, iteration) without being registered as a
#: ``Mapping``; dmlog only reads it that way.
Need = Mapping[str, Any]


def _as_mappings(needs: Iterable[object]) -> Iterable[Need]:
    return cast("Iterable[Need]", needs)


def resolved_needs(app: Sphinx) -> Mapping[str, Need]:
    """Every record of the build, resolved (back-links computed). Public API; only
    during the write phase: it locks sphinx-needs' data."""
    return cast("Mapping[str, Need]", get_needs_view(app))


def resolved_records(app: Sphinx) -> Iterable[Need]:
    return _as_mappings(get_needs_view(app).values())


def raw_records(env: BuildEnvironment) -> Iterable[Need]:
    """The records as read, before sphinx-needs post-processes them. INTERNAL:
    ``SphinxNeedsData.get_needs_mutable`` (no public API gives the unresolved
    records; resolving them inside ``env-get-updated`` would cost a full pass)."""
    return _as_mappings(SphinxNeedsData(env).get_needs_mutable().values())
