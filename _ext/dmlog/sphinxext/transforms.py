"""Make references in the text of pages links, as pages are read (the patterns
and their targets are in :mod:`dmlog.log.references`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from dmlog import schema
from dmlog.log.references import find_references
from dmlog.sphinxext import state
from dmlog.sphinxext.needs import ROLE_TEXT_NODES


class record_ref(nodes.inline):
    """A mention of a record ID, resolved to a link when the page is written."""


def link_text(text: str, patterns: Sequence[tuple[str, str]], jira: str) -> list[nodes.Node]:
    """The text as nodes, with each reference in it made a link."""
    result: list[nodes.Node] = []
    position = 0
    for start, stop, url in find_references(text, patterns, jira):
        if start > position:
            result.append(nodes.Text(text[position:start]))
        matched = text[start:stop]
        if url is None:
            result.append(record_ref("", matched, target=matched))
        else:
            result.append(nodes.reference("", matched, refuri=url, classes=["dmlog-ref"]))
        position = stop
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result


_SKIP = (nodes.literal, nodes.literal_block, nodes.reference, nodes.raw, nodes.comment,
         nodes.title, nodes.target, nodes.system_message, nodes.substitution_definition,
         addnodes.pending_xref, nodes.image, record_ref)
# and the text of sphinx-needs' roles ({need}`ID`)
_SKIP_PARENTS = (*_SKIP, *ROLE_TEXT_NODES)


class LinkReferences(SphinxTransform):
    """Make references in a page's text links, as it is read (with the patterns of
    the build's settings: :func:`for_build` gives each build its own)."""

    default_priority = 850  # after MyST and Sphinx have built the page's nodes
    build: ClassVar[state.BuildState]

    def apply(self, **kwargs: object) -> None:
        settings = self.build.settings
        patterns, jira = settings.reference_patterns, settings.jira_url
        prefilter = re.compile("|".join([schema.LOGGED_ID.pattern] + [p for p, _ in patterns]))
        for text in list(self.document.findall(nodes.Text)):
            if not prefilter.search(text) or _inside_skipped(text):
                continue
            new = link_text(str(text), patterns, jira)
            text.parent.replace(text, new)


def for_build(build: state.BuildState) -> type[LinkReferences]:
    """The transform of one build, reading its settings (a transform is given no
    application: ``SphinxTransform.app`` is deprecated)."""
    return type("LinkReferences", (LinkReferences,), {"build": build})


def _inside_skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        # code, links, titles, and the text of sphinx-needs' roles ({need}`ID`)
        if isinstance(parent, _SKIP_PARENTS):
            return True
        parent = parent.parent
    return False


def drop_unshown_messages(_app: object, doctree: nodes.document) -> None:
    """``doctree-read``: forget the page's messages below the warning level that no
    one sees. docutils keeps one ``Hyperlink target "ID" is not referenced`` per
    record on its page (each record has a target), and Sphinx neither shows nor
    drops them: 5,686 message nodes held in memory and pickled in a 5,000-record log."""
    doctree.transform_messages[:] = [message for message in doctree.transform_messages
                                     if message["level"] >= doctree.reporter.WARNING_LEVEL]
