"""The one boundary between dmlog and sphinx-needs (and Sphinx's own internals).

Public API first: :func:`sphinx_needs.api.get_needs_view`, sphinx-needs' documented
configuration and events. Every other touch of internals is named here with what it
relies on, so that an upgrade is checked in one place; the canary tests
(``tests/unit/sphinxext/test_needs.py``, ``tests/build/test_needs_adapter.py``) fail
when one of these assumptions no longer holds.

Upgrades: on 2026-11-26 the newest sphinx-needs on PyPI was 9.1.0, the version pinned
(``<9.2``); there was no newer release to try, so the pin stays until the canaries
pass on one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx_needs.api import get_needs_view

# INTERNAL: where sphinx-needs keeps its per-build tables (the needs, their nodes, the
# pages of each type, needextend and needuml entries); no public API purges a page.
from sphinx_needs.data import SphinxNeedsData

# INTERNAL: its per-page purge handler (a scan of every record per page), replaced.
from sphinx_needs.directives.need import purge_needs

# INTERNAL: the doctree flag its needtable sets, which makes sphinx-needs add the
# table's script and stylesheet to that page (``environment.install_needtable_assets``).
from sphinx_needs.directives.needtable import HAS_INTERACTIVE_TABLE

# INTERNAL: the node classes sphinx-needs fills in at ``doctree-resolved``, with the
# function that fills each; a new directive or role in an upgrade appears here.
from sphinx_needs.needs import NODE_TYPES, NODE_TYPES_PRIO

# INTERNAL: the node of one record, and the roles that name one record.
from sphinx_needs.nodes import Need as NeedNode
from sphinx_needs.roles.need_incoming import NeedIncoming
from sphinx_needs.roles.need_outgoing import NeedOutgoing
from sphinx_needs.roles.need_part import NeedPart
from sphinx_needs.roles.need_ref import NeedRef

#: A record as sphinx-needs holds it. ``NeedItem`` implements the read side of a
#: mapping (``[]``, ``get``, ``in``, ``keys``) without being registered as a
#: ``Mapping``; dmlog only reads it that way.
Need = Mapping[str, Any]

__all__ = [
    "FILTER_NODES", "NEEDS_PAGE_ASSETS", "PURGED_TABLES", "RECORD_NODE", "ROLE_NODES", "ROLE_TEXT_NODES",
    "Need", "drop_node_copies", "has_interactive_table", "is_table_asset", "json_exclude_fields",
    "mark_interactive_table", "permalink_page", "purge_pages", "raw_records",
    "remove_page", "replace_purge_handler", "resolved_needs", "resolved_records",
    "sphinx_needs_content",
]

RECORD_NODE: type[nodes.Element] = NeedNode
#: roles that show one record, named by the node's ``reftarget`` (``ID`` or ``ID.part``)
ROLE_NODES: tuple[type[nodes.Element], ...] = (NeedRef, NeedIncoming, NeedOutgoing, NeedPart)
#: inline nodes of sphinx-needs' roles ({need}`ID`, need_count, need_func...): their
#: text is sphinx-needs', not the author's
ROLE_TEXT_NODES: tuple[type[nodes.Element], ...] = tuple(
    kind for kind in (*NODE_TYPES_PRIO, *NODE_TYPES) if issubclass(kind, nodes.Inline))
#: nodes whose content sphinx-needs computes from the whole log (tables, lists, flows,
#: counts, charts, extracts, dynamic functions): every node it fills in, but the roles
FILTER_NODES: frozenset[type[nodes.Element]] = frozenset(
    kind for kind in (*NODE_TYPES_PRIO, *NODE_TYPES) if kind not in ROLE_NODES)

#: sphinx-needs' page assets for its own rendering: card styles, jQuery, its data
#: viewer. dmlog draws records itself, so a page needs them only where it shows
#: sphinx-needs' own content.
NEEDS_PAGE_ASSETS = ("sphinx-needs/", "sphinx-data-viewer/", "jquery.js",
                     "_sphinx_javascript_frameworks_compat.js", "graphviz.css")


def is_table_asset(name: str) -> bool:
    """An asset an interactive table needs: sphinx-needs' ``needstable.*`` files (in
    9.1 the script and stylesheet of ``libs/html/``, and ``common_css/needstable.css``
    that sizes the table and maps the theme's colours)."""
    return "sphinx-needs/" in name and name.rsplit("/", 1)[-1].startswith("needstable")

#: the per-page tables :func:`purge_pages` clears: those ``SphinxNeedsData.remove_doc``
#: clears in sphinx-needs 9.1 (the canary compares the two on a real environment)
PURGED_TABLES = ("_needs_all_needs", "_needs_all_nodes", "_needs_all_docs",
                 "_need_all_needextend", "_needs_all_needumls")

#: the fields of a record sphinx-needs itself provides that needs.json keeps
_KEPT_CORE_FIELDS = frozenset({"id", "title", "type", "status", "tags", "docname", "lineno",
                               "content"})


def _as_mappings(needs: Iterable[object]) -> Iterable[Need]:
    return cast("Iterable[Need]", needs)


# -- records -------------------------------------------------------------------------
def resolved_needs(app: Sphinx) -> Mapping[str, Need]:
    """Every record of the build, resolved (back-links computed). Public API; only
    in the write phase: it locks sphinx-needs' data."""
    return cast("Mapping[str, Need]", get_needs_view(app))


def resolved_records(app: Sphinx) -> Iterable[Need]:
    return _as_mappings(get_needs_view(app).values())


def raw_records(env: BuildEnvironment) -> Iterable[Need]:
    """The records as read, before sphinx-needs post-processes them. INTERNAL:
    ``SphinxNeedsData.get_needs_mutable`` (no public API gives the unresolved
    records; resolving them inside ``env-get-updated`` would cost a full pass)."""
    return _as_mappings(SphinxNeedsData(env).get_needs_mutable().values())


# -- purging pages about to be re-read -----------------------------------------------
def purge_pages(env: BuildEnvironment, pages: set[str]) -> None:
    """What ``SphinxNeedsData.remove_doc`` does for one page, for many pages in one
    pass over the records (``remove_doc`` scans every record for each page)."""
    data = SphinxNeedsData(env)
    needs = data.get_needs_mutable()
    for need_id in [i for i, need in needs.items() if need["docname"] in pages]:
        data.remove_need(need_id)  # the record and its node
    docs = data.get_or_create_docs()
    for key, value in docs.items():
        docs[key] = [docname for docname in value if docname not in pages]
    for table in (data.get_or_create_extends(), data.get_or_create_umls()):
        for key in [k for k, v in table.items() if v["docname"] in pages]:
            del table[key]


def drop_node_copies(env: BuildEnvironment) -> bool:
    """Forget sphinx-needs' copy of every record's node, unless a page extracts records
    (``needextract``, which draws its copy of each record from them); return whether
    they were dropped. INTERNAL: ``SphinxNeedsData._needs_all_nodes`` (a deep copy of
    each record's node, kept in the environment: 30 % of its pickle, loaded and saved
    by every build) and the ``needextract`` entry of ``get_or_create_docs`` (the pages
    that hold one). Pages read again in a later build make their copies again, and
    this drops them again."""
    data = SphinxNeedsData(env)
    if data.get_or_create_docs().get("needextract"):
        return False
    data._needs_all_nodes.clear()
    return True


def remove_page(env: BuildEnvironment, docname: str) -> None:
    """sphinx-needs' own purge of one page (a page removed from the project)."""
    SphinxNeedsData(env).remove_doc(docname)


def replace_purge_handler(app: Sphinx, handler: Callable[[Sphinx, BuildEnvironment, str], None]
                          ) -> None:
    """Put ``handler`` in place of sphinx-needs' ``env-purge-doc`` handler. INTERNAL
    to Sphinx: ``app.events.listeners`` (Sphinx disconnects by listener ID only, and
    sphinx-needs does not publish the ID of its handler)."""
    listeners = app.events.listeners["env-purge-doc"]
    listeners[:] = [listener for listener in listeners if listener.handler is not purge_needs]
    app.connect("env-purge-doc", handler)


# -- pages --------------------------------------------------------------------------
def sphinx_needs_content(doctree: nodes.document) -> tuple[bool, set[str]]:
    """(whether the page holds content sphinx-needs computes from the whole log, the
    records its roles name); read before sphinx-needs fills the nodes in."""
    computed, named = False, set()
    for node in doctree.findall(nodes.Element):
        kind = type(node)
        if kind in FILTER_NODES:
            computed = True
        elif kind in ROLE_NODES and node.get("reftarget"):
            named.add(str(node["reftarget"]).split(".")[0])
    return computed, named


def mark_interactive_table(doctree: nodes.document) -> None:
    """Have sphinx-needs add its table script and stylesheet to this page."""
    doctree[HAS_INTERACTIVE_TABLE] = True


def has_interactive_table(doctree: nodes.document | None) -> bool:
    return doctree is not None and bool(doctree.get(HAS_INTERACTIVE_TABLE))


def permalink_page(config: Config) -> str:
    """The page sphinx-needs writes at the root of the output to find a record by ID
    (``needs_permalink_file``; it writes the file under its base name)."""
    return Path(config.needs_permalink_file).name


def json_exclude_fields(record: Need, kept: Iterable[str]) -> set[str]:
    """The fields of ``record`` that needs.json leaves out: every field sphinx-needs
    adds for its own bookkeeping, whatever the version; kept are dmlog's own fields
    (schema fields, links and back-links) and the record's identity and place."""
    return set(record.keys()) - _KEPT_CORE_FIELDS - set(kept)


def warnings_so_far(app: Sphinx) -> int | None:
    """How many warnings this build has logged, or None if unknown. INTERNAL: Sphinx
    counts them in ``app._warncount`` (no public API); the reconciliation treats
    None as "there were some" (costing only a full read of the next build)."""
    count = getattr(app, "_warncount", None)
    return count if isinstance(count, int) else None
