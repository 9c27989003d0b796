"""YAML as the log reads it: untrusted text, read with limits.

The registries are edited by anyone who can open a pull request, so their YAML is
read by a loader that refuses what a registry never needs and an attacker would use:
anchors and aliases (an "alias bomb" of a few KB expands to gigabytes), keys that are
not text (``12345:`` or ``yes:``, read by YAML as a number and a boolean), the same key
twice (YAML keeps the last silently), and files or nesting beyond any real registry.
Dates stay text, so that ``due: 2019-13-01`` is a bad date of the log, with its line,
rather than an error of the YAML library.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from dmlog.log.problems import LogError

#: The largest registry file read (the DM registries are a few tens of KB).
MAX_BYTES = 1_000_000
_STR = "tag:yaml.org,2002:str"
#: PyYAML built with libyaml (its wheels are); without it, the Python loader alone.
_FAST = yaml.__with_libyaml__


#: Nesting the fast path leaves to the checked one (libyaml's composer recurses in C,
#: unguarded); real registries nest three or four levels.
_FAST_DEPTH = 32


class _Rules:
    """What both loaders share: no timestamps, and keys that are text, each once."""

    path: str

    # Without the timestamp resolver, 2019-06-30 is read as the text the log expects.
    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a list or mapping"
                raise LogError(self.path, line,
                               f"the key {shown!r} is not text: registry keys are IDs and field "
                               f"names; quote it ('{shown}') or use a name starting with a letter")
            if key_node.value in seen:
                raise LogError(self.path, line,
                               f"{key_node.value!r} is given twice (first on line "
                               f"{seen[key_node.value]}): keep one")
            seen[key_node.value] = line
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


class _Loader(_Rules, yaml.SafeLoader):
    """PyYAML's safe loader in Python, refusing anchors and aliases with their line: the
    reader of record, whose messages the log gives."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text)
        self.path = path

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise LogError(self.path, event.start_mark.line + 1,
                           "YAML anchors and aliases (&name, *name) are not allowed in a "
                           "registry: write each value out in full")
        return super().compose_node(parent, index)


class _FastLoader(_Rules, yaml.CSafeLoader):
    """The same rules over libyaml's parser and composer (C, some 20 times faster: every
    command reads the registries), for text :func:`_plain` has cleared."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text)
        self.path = path


def _plain(text: str) -> bool:
    """Whether libyaml may compose the text: it parses (its events never expand an
    alias), holds no anchor or alias, no tab (libyaml allows some that PyYAML refuses)
    and no character PyYAML's reader refuses, and nests less than _FAST_DEPTH. Anything
    else goes to the Python loader, which says what is wrong."""
    if "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return False
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth >= _FAST_DEPTH:
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return False
    return True


def compose(text: str, path: str) -> tuple[Node | None, Any]:
    """The document's node tree (for line numbers) and its data; ``(None, None)`` for
    an empty or comment-only file. Every problem is a :class:`LogError` at its line."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise LogError(path, 1, f"is larger than {MAX_BYTES // 1000} KB: a registry that big "
                       "is not a registry; split it or remove what does not belong")
    try:  # PyYAML's reader refuses control characters as it starts, comments included
        loader = (_FastLoader if _FAST and _plain(text) else _Loader)(text, path)
    except yaml.reader.ReaderError as err:
        raise LogError(path, text.count("\n", 0, err.position) + 1,
                       f"holds the character U+{err.character:04X}, which YAML does not allow "
                       "anywhere (comments included): remove it") from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise LogError(path, line, f"is not valid YAML: {getattr(err, 'problem', None) or err}") from None
    except RecursionError:
        raise LogError(path, 1, "is nested too deeply to be a registry") from None
    except (ValueError, TypeError, OverflowError) as err:  # a value PyYAML cannot construct
        raise LogError(path, 1, f"holds a value YAML cannot read ({err}); quote it") from None
    finally:
        loader.dispose()
    return node, data


@functools.lru_cache(maxsize=8)
def compose_kept(text: str, path: str) -> tuple[Node | None, Any]:
    """:func:`compose`, kept for the next reading of the same text in this process, for
    callers that only read the result (never change it): a command that adds to a
    registry reads it, checks the edited text, then reads the registries again. Keyed
    by the text, so any change is read again."""
    return compose(text, path)


def load(text: str, path: str) -> Any:
    """The data of a YAML text read as :func:`compose` does (``None`` if empty)."""
    return compose(text, path)[1]
