"""Canaries for the sphinx-needs adapter: what dmlog assumes of sphinx-needs' internals
(fails on an upgrade that changes them, before a page silently goes stale)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import sphinx_needs
from docutils import nodes
from sphinx_needs.config import NeedsSphinxConfig
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.needs import NODE_TYPES, NODE_TYPES_PRIO

from dmlog.sphinxext import needs, permalinks


def test_every_node_sphinx_needs_fills_in_is_classified() -> None:
    filled = {*NODE_TYPES, *NODE_TYPES_PRIO}
    assert filled == needs.FILTER_NODES | set(needs.ROLE_NODES)
    assert not needs.FILTER_NODES & set(needs.ROLE_NODES)
    names = {kind.__name__ for kind in needs.FILTER_NODES}
    # the kinds a log page may hold; a rename would leave such pages stale
    assert {"Needtable", "Needlist", "Needextract", "NeedflowGraphiz", "NeedCount",
            "NeedFunc"} <= names
    for kind in (needs.RECORD_NODE, *needs.ROLE_NODES, *needs.FILTER_NODES):
        assert issubclass(kind, nodes.Element), kind


def test_role_text_nodes_are_the_inline_ones() -> None:
    assert set(needs.ROLE_NODES) <= set(needs.ROLE_TEXT_NODES)
    assert all(issubclass(kind, nodes.Inline) for kind in needs.ROLE_TEXT_NODES)


def test_the_purge_clears_what_remove_doc_clears() -> None:
    """The tables sphinx-needs' own per-page purge reaches, read from its source: a
    table added there must be added to :func:`needs.purge_pages` too (the build
    canary in tests/build/test_needs_adapter.py compares the two on a real env)."""
    source = inspect.getsource(SphinxNeedsData.remove_doc)
    calls = set(re.findall(r"self\.(\w+)\(", source))
    assert calls == {"remove_need_node", "get_or_create_docs", "get_or_create_extends",
                     "get_or_create_umls"}
    ours = inspect.getsource(needs.purge_pages)
    # remove_need removes the record and its node
    assert "remove_need(" in ours
    for call in calls - {"remove_need_node"}:
        assert f"{call}(" in ours


def test_table_assets_are_the_ones_sphinx_needs_ships() -> None:
    static = Path(sphinx_needs.__file__).parent
    shipped = {p.name for p in static.rglob("needstable.*") if p.suffix in (".css", ".js")}
    assert shipped == {"needstable.css", "needstable.js"}
    assert needs.is_table_asset("_static/sphinx-needs/libs/html/needstable.css?v=1")
    assert needs.is_table_asset("_static/sphinx-needs/common_css/needstable.css")
    assert not needs.is_table_asset("_static/sphinx-needs/common_css/need_card.css")
    assert not needs.is_table_asset("_static/dmlog/needstable.css")


def test_the_lookup_page_replaces_sphinx_needs_permalink_page() -> None:
    default = NeedsSphinxConfig.__dataclass_fields__["permalink_file"].default
    assert default == f"{permalinks.LOOKUP_PAGE}.html"


def test_json_keeps_only_dmlog_fields() -> None:
    record = {"id": "DEC-2020-001", "title": "t", "type": "decision", "docname": "d",
              "lineno": 3, "status": "adopted", "owner": ["ann"], "owner_back": [],
              "is_need": True, "layout": "", "parent_needs": [], "type_color": "#fff"}
    excluded = needs.json_exclude_fields(record, ("owner", "owner_back"))
    assert excluded == {"is_need", "layout", "parent_needs", "type_color"}
