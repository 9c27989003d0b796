"""The filter language of ``{dmlog-table} :filter:`` and ``dmlog list --filter``.

One small language, parsed (never evaluated as Python) and checked against the
schema before any record is read::

    query    := or
    or       := and ("or" and)*
    and      := unary ("and" unary)*
    unary    := "not" unary | "(" query ")" | test
    test     := FLAG                                 open, overdue, or a gap (no-due, …)
              | "due-within" [":"] DAYS | "due" "within" DAYS    open, due in the next N days
              | FIELD OP VALUE                        status == open, due < 2019-07-01
              | FIELD ["not"] "in" "(" VALUE, … ")"   status in (open, in-progress)
    OP       := "==" | "!=" | "<" | "<=" | ">" | ">=" | "~"      (~: contains, any case)
    VALUE    := a word (open, LDM-503-10a, 2019-03) | "a quoted string" | today
    DAYS     := 14d | 2w

A list field (owner, milestone, tags, gap, …) matches when any of its values does;
``owner`` also matches the members of a group that owns the record. ``field == ""``
matches records where the field is empty. Dates compare as dates; ``date == 2019-03``
matches any day of that month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from dmlog import schema
from dmlog.log.gaps import GAPS
from dmlog.log.model import Record

#: Fields a filter may name besides the schema's options and links.
CORE_FIELDS = ("type", "id", "title", "status", "tags")
#: Computed fields: the record's gaps (see :mod:`dmlog.log.gaps`).
COMPUTED_FIELDS = ("gap",)
FLAGS = {"open": "an action not done or cancelled",
         "overdue": "an open action past its due date",
         **{name: gap.description for name, gap in GAPS.items() if name not in ("overdue",)}}


def _is_list(name: str) -> bool:
    return name in schema.LINKS or name in ("tags", "gap") or name in schema.fields_of_kind("list")


def _date_fields() -> frozenset[str]:
    return schema.fields_of_kind("date")


_ORDERING = ("<", "<=", ">", ">=")
_OPERATORS = ("==", "!=", *_ORDERING, "~")


def fields() -> tuple[str, ...]:
    """Every field a filter may name, in a stable order."""
    names = [*CORE_FIELDS, *schema.FIELDS, *schema.LINKS, *COMPUTED_FIELDS]
    return tuple(dict.fromkeys(names))


class QueryError(ValueError):
    """A filter that cannot be read: what is wrong, where (column), what is expected."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} (at column {column})")
        self.column = column


# -- tokens -------------------------------------------------------------------
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<op>==|!=|<=|>=|<|>|~|=)
  | (?P<punct>[(),:])
  | (?P<word>[A-Za-z0-9_][A-Za-z0-9_.+/-]*)
""", re.VERBOSE)


@dataclass(frozen=True)
class Token:
    kind: str  # string | op | punct | word | end
    text: str
    column: int  # 1-based


def tokenize(text: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise QueryError(f"unexpected character {text[position]!r}", position + 1)
        kind = match.lastgroup or ""
        if kind == "string":
            raw = match.group()
            tokens.append(Token("string", re.sub(r"\\(.)", r"\1", raw[1:-1]), position + 1))
        elif kind == "op" and match.group() == "=":
            tokens.append(Token("op", "==", position + 1))
        elif kind != "space":
            tokens.append(Token(kind, match.group(), position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


# -- the tree -----------------------------------------------------------------
@dataclass(frozen=True)
class Compare:
    field: str
    op: str  # one of _OPERATORS, "in" or "not in"
    values: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    name: str


@dataclass(frozen=True)
class DueWithin:
    days: int


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class BoolOp:
    op: str  # and | or
    operands: tuple[Node, ...]


Node = Compare | Flag | DueWithin | Not | BoolOp


@dataclass(frozen=True)
class Query:
    """A parsed filter: its text, its tree, and what it reads (for incremental builds)."""

    text: str
    tree: Node | None  # None: every record

    @property
    def fields(self) -> set[str]:
        """The fields the filter reads; flags read status and due (and gaps)."""
        found: set[str] = set()

        def walk(node: Node | None) -> None:
            if isinstance(node, Compare):
                found.add(node.field)
            elif isinstance(node, (Flag, DueWithin)):
                found.update(("type", "status", "due"))
                if isinstance(node, Flag) and node.name in GAPS:
                    found.add("gap")
            elif isinstance(node, Not):
                walk(node.operand)
            elif isinstance(node, BoolOp):
                for operand in node.operands:
                    walk(operand)
        walk(self.tree)
        return found

    @property
    def reads_today(self) -> bool:
        """Whether the records it selects can change with the date alone, beyond the
        date marks a record carries (overdue, due soon, stale): ``due-within``, or a
        comparison with ``today``."""

        def walk(node: Node | None) -> bool:
            if isinstance(node, DueWithin):
                return True
            if isinstance(node, Compare):
                return any(value.lower() == "today" for value in node.values)
            if isinstance(node, Not):
                return walk(node.operand)
            if isinstance(node, BoolOp):
                return any(walk(operand) for operand in node.operands)
            return False
        return walk(self.tree)


#: How deep ``not`` and parentheses may nest: far beyond any real filter, and far below
#: the depth at which parsing, checking or evaluating one would exhaust Python's stack.
MAX_DEPTH = 50


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at_word(self, *words: str) -> bool:
        return self.token.kind == "word" and self.token.text.lower() in words

    def expect(self, kind: str, text: str, what: str) -> Token:
        if self.token.kind != kind or self.token.text != text:
            self.fail(f"expected {what}")
        return self.take()

    def fail(self, expected: str) -> None:
        found = "the end of the filter" if self.token.kind == "end" else repr(self.token.text)
        raise QueryError(f"{expected}, found {found}", self.token.column)

    def parse(self) -> Node:
        node = self.parse_or()
        if self.token.kind != "end":
            self.fail("expected 'and', 'or' or the end of the filter")
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while self.at_word("or"):
            self.take()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_unary()]
        while self.at_word("and"):
            self.take()
            operands.append(self.parse_unary())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def parse_unary(self) -> Node:
        opening = self.at_word("not") or (self.token.kind == "punct" and self.token.text == "(")
        if not opening:
            return self.parse_test()
        if self.depth == MAX_DEPTH:
            raise QueryError(f"the filter nests 'not' and parentheses more than {MAX_DEPTH} "
                             "deep; write it more simply", self.token.column)
        self.depth += 1
        if self.take().text != "(":
            node: Node = Not(self.parse_unary())
        else:
            node = self.parse_or()
            self.expect("punct", ")", "')'")
        self.depth -= 1
        return node

    def parse_test(self) -> Node:
        token = self.token
        if token.kind != "word":
            self.fail(f"expected a field ({', '.join(fields())}) or a flag "
                      f"({', '.join(FLAGS)}, due-within: 14d)")
        name = token.text.lower()
        self.take()
        if name == "due-within" or (name == "due" and self.at_word("within")):
            if name == "due":
                self.take()
            if self.token.kind == "punct" and self.token.text == ":":
                self.take()
            return DueWithin(self.parse_days())
        following = self.token
        is_comparison = following.kind == "op" or self.at_word("in") or (
            self.at_word("not") and self.tokens[self.index + 1].text.lower() == "in")
        if not is_comparison:
            if name in FLAGS:
                return Flag(name)
            if name in fields():
                self.fail(f"expected an operator ({', '.join(_OPERATORS)}, in, not in) "
                          f"after {name!r}")
            raise QueryError(f"unknown flag {token.text!r}; expected a comparison such as "
                             f"'status == open' or one of the flags {', '.join(FLAGS)}, "
                             "due-within: 14d", token.column)
        if name not in fields():
            raise QueryError(f"unknown field {token.text!r}; expected one of "
                             f"{', '.join(fields())}", token.column)
        if following.kind == "op":
            op = self.take().text
            value = self.parse_value()
            node = Compare(name, op, (value.text,))
            self.check(node, [value])
            return node
        op = "in"
        if self.at_word("not"):
            self.take()
            op = "not in"
        self.take()  # in
        self.expect("punct", "(", "'(' and a list of values after 'in'")
        values = [self.parse_value()]
        while self.token.kind == "punct" and self.token.text == ",":
            self.take()
            values.append(self.parse_value())
        self.expect("punct", ")", "',' or ')' in the list of values")
        node = Compare(name, op, tuple(v.text for v in values))
        self.check(node, values)
        return node

    def parse_value(self) -> Token:
        if self.token.kind not in ("word", "string"):
            self.fail("expected a value (a word, a date or a \"quoted string\")")
        return self.take()

    def parse_days(self) -> int:
        token = self.token
        match = re.fullmatch(r"(\d+)([dw]?)", token.text) if token.kind == "word" else None
        if match is None:
            self.fail("expected a number of days such as 14d or 2w")
            raise AssertionError  # unreachable: fail raises
        self.take()
        return int(match.group(1)) * (7 if match.group(2) == "w" else 1)

    def check(self, node: Compare, tokens: list[Token]) -> None:
        """Values and operators the schema can never match are mistakes: say so now."""
        if node.op in _ORDERING and node.field not in _date_fields():
            raise QueryError(f"{node.op!r} compares dates; {node.field!r} is not a date field "
                             f"(dates: {', '.join(sorted(_date_fields()))})", tokens[0].column - 2)
        for value, token in zip(node.values, tokens, strict=True):
            expected = _accepted(node.field)
            if value == "" or node.op == "~":
                continue
            if node.field in _date_fields():
                if value.lower() != "today" and schema.parse_date(value) is None:
                    raise QueryError(f"{value!r} is not a date; write YYYY-MM-DD, YYYY-MM or "
                                     "today", token.column)
            elif expected is not None and value not in expected:
                raise QueryError(f"{value!r} is not a {node.field} of any record; expected one "
                                 f"of {', '.join(expected)}", token.column)


def _accepted(name: str) -> tuple[str, ...] | None:
    if name == "type":
        return tuple(schema.TYPES)
    if name == "status":
        return tuple(dict.fromkeys(s for t in schema.TYPES.values() for s in t.statuses))
    if name == "gap":
        return tuple(GAPS)
    return None


def parse(text: str | None) -> Query:
    """The filter, checked; an empty filter selects every record."""
    text = (text or "").strip()
    return Query(text, _Parser(text).parse() if text else None)


# -- evaluation ---------------------------------------------------------------
@dataclass
class Context:
    """What a filter needs beyond the record: the date, groups and gaps."""

    today: dt.date
    members: Mapping[str, Iterable[str]] = field(default_factory=dict)  # group -> people
    gaps: Callable[[Record], set[str]] | None = None


def values(record: Record, name: str) -> list[str]:
    """A field's values as a list of strings (links, tags and lists as their items)."""
    if _is_list(name):
        return list(record.links(name))
    value = record.get(name)
    return [value] if value else []


def matches(query: Query, record: Record, context: Context) -> bool:
    return query.tree is None or _evaluate(query.tree, record, context)


def _evaluate(node: Node, record: Record, context: Context) -> bool:
    if isinstance(node, BoolOp):
        if node.op == "and":
            return all(_evaluate(n, record, context) for n in node.operands)
        return any(_evaluate(n, record, context) for n in node.operands)
    if isinstance(node, Not):
        return not _evaluate(node.operand, record, context)
    if isinstance(node, Flag):
        if node.name == "open":
            return schema.is_open(record)
        if node.name == "overdue":
            return schema.is_overdue(record, context.today)
        return node.name in _gaps(record, context)
    if isinstance(node, DueWithin):
        due = schema.due_date(record.get("due") or "")
        return (schema.is_open(record) and due is not None
                and context.today <= due <= context.today + dt.timedelta(days=node.days))
    return _compare(node, record, context)


def _gaps(record: Record, context: Context) -> set[str]:
    return context.gaps(record) if context.gaps is not None else set()


def _compare(node: Compare, record: Record, context: Context) -> bool:
    found = sorted(_gaps(record, context)) if node.field == "gap" else values(record, node.field)
    if node.field == "owner":
        for owner in list(found):
            found += [m for m in context.members.get(owner, ()) if m not in found]
    if node.op in ("in", "==", "not in", "!="):
        hit = any(_equal(node.field, have, want, context)
                  for want in node.values for have in found or [""])
        return hit if node.op in ("in", "==") else not hit
    if node.op == "~":
        want = node.values[0].lower()
        return any(want in have.lower() for have in found)
    want_date = _date(node.values[0], context)
    for have in found:
        have_date = (schema.due_date(have) if node.field == "due" else schema.parse_date(have))
        if have_date is not None and want_date is not None and _ORDER[node.op](have_date, want_date):
            return True
    return False


_ORDER: dict[str, Callable[[dt.date, dt.date], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _date(value: str, context: Context) -> dt.date | None:
    return context.today if value.lower() == "today" else schema.parse_date(value)


def _equal(name: str, have: str, want: str, context: Context) -> bool:
    if want == "" or have == "":
        return want == have
    if name in _date_fields():
        if want.lower() == "today":
            want = context.today.isoformat()
        return have.startswith(want) or want.startswith(have)
    if name in ("status", "type", "gap"):
        return have == want
    return have.lower() == want.lower()
