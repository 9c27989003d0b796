"""Generated views of the whole log: ``{dmlog-view} <name>`` in a page, and the one
table of them (:data:`VIEWS`) from which the directive and the build draw them.

Views are computed when the page is written, from every record of the build, so
they are never written by hand per item.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.directives.other import TocTree
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import patfilter
from sphinx.util.typing import OptionSpec

from dmlog.sphinxext import attention, charts, overviews, traceability
from dmlog.sphinxext.html import Renderer

ViewFunction = Callable[[Renderer, nodes.Element, nodes.document], list[nodes.Node]]
#: view name -> function. The record types a view depends on are not declared: the
#: page records the types the view reads (Renderer.reading).
VIEWS: dict[str, ViewFunction] = {
    "summary": overviews.summary,
    "latest-decisions": overviews.latest_decisions,
    "open-actions": overviews.open_actions,
    "latest-meeting": overviews.latest_meeting,
    "decision-log": overviews.decision_log,
    "action-tracker": overviews.action_tracker,
    "meetings": overviews.meetings,
    "people": overviews.people,
    "milestones": overviews.milestones,
    "documents": overviews.documents,
    "schema": overviews.schema_reference,
    "needs-attention": attention.needs_attention,
    "traceability": traceability.traceability,  # it reads the whole log (Renderer.facts)
    "chart-actions": charts.chart_actions,
    "chart-decisions": charts.chart_decisions,
}


class view_node(nodes.General, nodes.Element):
    """Where a view goes; replaced by the view when the page is written."""


class ViewDirective(SphinxDirective):
    required_arguments = 1
    option_spec: ClassVar[OptionSpec] = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in VIEWS:
            raise self.error(f"unknown dmlog view {name!r}; use one of {', '.join(VIEWS)}")
        node = view_node(view=name, limit=self.options.get("limit", 0))
        self.set_source_info(node)
        return [node]


class RecordsToctree(TocTree):
    """``{dmlog-toctree}``: a hidden toctree of the pages matching its patterns, such
    as ``/decisions/*/*``, quiet while they match nothing yet (a new log)."""

    option_spec: OptionSpec = {}  # noqa: RUF012  (TocTree declares it per instance)
    content: StringList

    def run(self) -> list[nodes.Node]:
        self.options = {"hidden": None, "glob": None}
        current = self.env.current_document.docname
        others = self.env.found_docs - {current}
        self.content = StringList([pattern for pattern in self.content if pattern.strip()
                                   and patfilter(others, docname_join(current, pattern.strip()))])
        return super().run()


def draw(r: Renderer, doctree: nodes.document) -> set[str]:
    """Every view of the page drawn; returns the record types they read."""
    kinds: set[str] = set()
    for node in list(doctree.findall(view_node)):
        with r.reading() as read:
            node.replace_self(VIEWS[node["view"]](r, node, doctree) or [])
        kinds |= read
    return kinds
