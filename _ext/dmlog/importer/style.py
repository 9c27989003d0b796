"""A team's own style of minutes, taught without code: ``docs/registry/import.yaml``.

The file adds rows to the importer's tables (``vocabulary.Tables``), ahead of the
defaults, so they are applied the same way and reported by name (``style:NAME`` in
``dmlog import --format json``)::

    decision-markers:          # "Ruling: we keep the old mirror" is a decision
      - name: ruling
        words: [Ruling, Board ruling]
    action-markers:            # "=> Ana: send the invoice" is an action; its owner as after "ACTION:"
      - name: arrow
        words: ["=>", "Homework"]
    owner-forms:               # where this team writes an action's owner
      - name: owner-in-brackets
        form: "{task} [{owner}]"
      - name: action-initials
        form: "Action {owner} to {task}"
    sections:                  # headings or labels, by the role they give what is under them
      actions: [Homework, Next actions]
      decisions: [Rulings]
      attendees: [On the call]
      risks: [Risk register]   # a log's own type (conf.py's dmlog_types), by its plural
    risk-markers:              # "Hazard: the road may close (Bob)" is a risk: <type>-markers
      - name: hazard
        words: [Hazard]

A log's own record types are found without the file too: a line that starts with one of
its declared ``markers`` (by default its title, "Risk: …") and every line of a section
named as its ``sections`` say (by default its plural, "Risks") is a record of it.

Everything is text the team writes: words and labels are matched literally (never as
regular expressions, so the file cannot make an import slow), and a form has exactly one
``{owner}`` and one ``{task}``. A mistake is an error naming the file and line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dmlog import schema
from dmlog.importer import vocabulary
from dmlog.importer.vocabulary import NAMES, Rule, Tables
from dmlog.log import layout, safeyaml
from dmlog.log.problems import LogError

STYLE_FILE = f"{layout.REGISTRY_DIR}/import.yaml"
ROLES = ("actions", "decisions", "attendees", "regrets", "chair", "roles", "notes")
_KEYS = {"decision-markers", "action-markers", "owner-forms", "sections"}
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


def load(root: Path) -> Tables:
    """The tables for an import into the log at ``root``: the defaults, with the rows of
    its style file and the hooks of its own record types first."""
    path = root / STYLE_FILE
    if not path.is_file():
        return with_own_types(vocabulary.DEFAULT_TABLES)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LogError(STYLE_FILE, 0, f"cannot be read ({err}): save it as UTF-8 text") from None
    node, _ = safeyaml.compose(text, STYLE_FILE)
    if node is None:
        return with_own_types(vocabulary.DEFAULT_TABLES)
    return with_own_types(read(node))


def _own_types() -> list[schema.RecordType]:
    return [t for t in schema.numbered_types() if t.custom]


def with_own_types(tables: Tables) -> Tables:
    """The tables with the markers and section names of the log's own record types, as
    their declarations say (conf.py's ``dmlog_types``): a log without any reads as before."""
    own = _own_types()
    if not own:
        return tables
    markers = tuple(_own_marker(f"type:{t.name}", t.name, t.markers) for t in own)
    sections = tuple(_label(t.plural, words) for t in own for words in t.sections)
    return dataclasses.replace(tables, own_rules=tables.own_rules + markers,
                               sections=sections + tables.sections)


def read(node: Node) -> Tables:
    if not isinstance(node, MappingNode):
        raise LogError(STYLE_FILE, _line(node), f"must be a mapping with the keys {_keys()}")
    decisions: list[Rule] = []
    actions: list[Rule] = []
    own: list[Rule] = []
    sections: list[tuple[str, re.Pattern[str]]] = []
    names: dict[str, int] = {}
    own_keys = {f"{t.name}-markers": t.name for t in _own_types()}
    for key, value in node.value:
        if key.value not in (*_KEYS, *own_keys):
            raise LogError(STYLE_FILE, _line(key), f"unknown key {key.value!r}; expected one of {_keys()}")
        if key.value == "sections":
            sections += _sections(value)
            continue
        for entry in _sequence(value, key.value):
            fields = _fields(entry, ("name", "words") if key.value.endswith("markers") else ("name", "form"))
            name = _text(fields["name"], "name")
            if not _NAME.match(name):
                raise LogError(STYLE_FILE, _line(fields["name"]), f"name {name!r}: use lower-case "
                               "letters, digits and hyphens (it names the rule)")
            if name in names:
                raise LogError(STYLE_FILE, _line(fields["name"]),
                               f"the rule {name!r} is named twice (first on line {names[name]}): rename one")
            names[name] = _line(fields["name"])
            if key.value == "decision-markers":
                decisions.append(_marker(name, schema.DECISION, fields["words"]))
            elif key.value == "action-markers":
                actions.append(_marker(name, schema.ACTION, fields["words"]))
            elif key.value in own_keys:
                own.append(_own_marker(f"style:{name}", own_keys[key.value], _words(fields["words"])))
            else:
                actions.append(_form(name, fields["form"]))
    defaults = vocabulary.DEFAULT_TABLES
    return Tables(tuple(decisions) + defaults.decision_rules, tuple(actions) + defaults.action_rules,
                  defaults.marked_forms, tuple(sections) + defaults.sections,
                  tuple(decisions + actions + own), tuple(own))


def _words(node: Node) -> list[str]:
    words = [_text(word, "words") for word in _sequence(node, "words")]
    if not words:
        raise LogError(STYLE_FILE, _line(node), "words: give at least one word or phrase")
    return words


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _own_marker(name: str, kind: str, words: Sequence[str]) -> Rule:
    """"WORD: …", "WORD #3 - …": a record of a log's own type. Only with a colon or a
    dash after the word: "Risk of delay is low" says something of a risk, it records none."""
    return Rule(name, kind, re.compile(rf"^(?:{_alternatives(words)})(?:\s*#?\s*\d+)?\s*(?::|\s[-–—]\s)"
                                       r"\s*(?P<rest>\S.*)$", re.I), f"{words[0]}: …", owner="parse")


def _marker(name: str, kind: str, node: Node) -> Rule:
    """"WORD: …" (or "WORD - …") starts a record; an action's owner is read after it as
    after "ACTION:"."""
    words = _words(node)
    marker = _alternatives(words)
    tail = r"\s*(?::|\s[-–—]\s|\s?[-–—]>|\s)\s*"
    if kind == schema.DECISION:
        return Rule(f"style:{name}", kind, re.compile(rf"^(?:{marker}){tail}(?P<text>\S.*)$", re.I),
                    f"{words[0]}: …", owner="none")
    return Rule(f"style:{name}", kind, re.compile(rf"^(?:{marker}){tail}(?P<rest>\S.*)$", re.I),
                f"{words[0]}: …", owner="parse", strict=False)


def _form(name: str, node: Node) -> Rule:
    """"Action {owner} to {task}": the literal words around the owner and the task."""
    form = _text(node, "form")
    if form.count("{owner}") != 1 or form.count("{task}") != 1:
        raise LogError(STYLE_FILE, _line(node), f"form {form!r} must hold {{owner}} once and {{task}} "
                       "once, e.g. 'Action {owner} to {task}'")
    pattern = ""
    for part in re.split(r"(\{owner\}|\{task\})", form.strip()):
        if part == "{owner}":
            pattern += rf"(?P<names>{NAMES}|[a-z][\w.-]{{1,24}})"
        elif part == "{task}":
            pattern += r"(?P<task>\S.*?)"
        else:
            pattern += r"\s+".join(re.escape(word) for word in part.split(" "))
    return Rule(f"style:{name}", schema.ACTION, re.compile(rf"^{pattern}\.?$", re.I), form, owner="names",
                strict=False)


def _sections(node: Node) -> list[tuple[str, re.Pattern[str]]]:
    if not isinstance(node, MappingNode):
        raise LogError(STYLE_FILE, _line(node), f"sections: map a role ({', '.join(ROLES)}) to its labels")
    out = []
    for role, labels in node.value:
        roles = (*ROLES, *(t.plural for t in _own_types()))
        if role.value not in roles:
            raise LogError(STYLE_FILE, _line(role),
                           f"unknown role {role.value!r}; expected one of {', '.join(roles)}")
        for label in _sequence(labels, role.value):
            words = _text(label, role.value).strip().strip(":")
            if not words:
                raise LogError(STYLE_FILE, _line(label), "an empty section label")
            out.append(_label(role.value, words))
    return out


def _label(role: str, words: str) -> tuple[str, re.Pattern[str]]:
    return role, re.compile(rf"^{re.escape(words)}$", re.I)


def _fields(node: Node, wanted: tuple[str, ...]) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        raise LogError(STYLE_FILE, _line(node), f"each entry is a mapping with {' and '.join(wanted)}")
    fields: dict[str, Node] = {}
    for key, value in node.value:
        if key.value not in (*wanted, "example"):
            raise LogError(STYLE_FILE, _line(key),
                           f"unknown field {key.value!r}; expected {', '.join(wanted)}")
        fields[key.value] = value
    for name in wanted:
        if name not in fields:
            raise LogError(STYLE_FILE, _line(node), f"this entry has no {name!r}")
    return fields


def _sequence(node: Node, what: str) -> list[Node]:
    if isinstance(node, ScalarNode) and node.value == "":
        return []
    if not isinstance(node, SequenceNode):
        raise LogError(STYLE_FILE, _line(node), f"{what}: expected a list (- item, or [a, b])")
    return list(node.value)


def _text(node: Node, what: str) -> str:
    if not isinstance(node, ScalarNode) or not str(node.value).strip():
        raise LogError(STYLE_FILE, _line(node), f"{what}: expected text")
    return str(node.value)


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _keys() -> str:
    return ", ".join(sorted({*_KEYS, *(f"{t.name}-markers" for t in _own_types())}))
