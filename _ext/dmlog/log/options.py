"""The values the engine accepts for the directive options content may use, said without
docutils: the allow-list (:mod:`dmlog.log.allowlist`) gives each option one of these
kinds, and the gate refuses a value the engine would reject later (MyST converts each
option with docutils' or Sphinx's function and warns when it fails, which fails a ``-W``
build, at the option's line).

Each check accepts a subset of what the engine's function accepts (``int()`` also
reads ``٣`` and ``1_000``; docutils makes a class name of ``é``): a value the gate
passes is never rejected later; one it refuses is refused by `dmlog check` and the
build alike. tests/unit/log/test_options.py holds each kind against the function of
every allowed option of the running Sphinx application.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: any text, or none (docutils' ``unchanged``); a flag takes any value too (MyST drops it)
TEXT = "text"
#: some text (``unchanged_required``)
REQUIRED = "required"
#: words each of which can be a class name (``class_option``)
CLASS = "class"
#: a whole number (``int``), one of zero or more (``nonnegative_int``), optional too
#: (``optional_int``)
INTEGER, COUNT, OPTIONAL_COUNT = "integer", "count", "optional count"
#: a length (``length_or_unitless``), or a percentage too (``..._or_percentage_...``),
#: or ``image`` too (a figure's width)
LENGTH, LENGTH_OR_PERCENTAGE, FIGURE_WIDTH = "length", "length or percentage", "figure width"
#: left, center or right (an image's, figure's or table's ``align`` outside substitutions)
ALIGN = "align"
#: column widths: ``auto`` or positive whole numbers (a list-table's), or ``grid`` too (a table's)
WIDTHS, TABLE_WIDTHS = "widths", "table widths"
#: line numbers and ranges of a code block (Sphinx's ``parselinenos``)
LINES = "lines"

_CSS_UNITS = ("em", "ex", "ch", "rem", "vw", "vh", "vmin", "vmax", "cm", "mm", "Q", "in", "pt", "pc", "px")
_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_LENGTH = re.compile(rf"{_NUMBER} *(?:{'|'.join(_CSS_UNITS)})?")
_LENGTH_OR_PERCENTAGE = re.compile(rf"{_NUMBER} *(?:{'|'.join(_CSS_UNITS)}|%)?")
_DIGITS = re.compile(r"[0-9]+")
_ALIGN = ("left", "center", "right")


def problem(kind: str, value: str) -> str | None:
    """Why the engine would reject ``value`` for an option of ``kind`` (what to write), or None."""
    value = value.strip()
    if kind == TEXT:
        return None
    if not value and kind != OPTIONAL_COUNT:
        return "needs a value"
    if kind == REQUIRED:
        return None
    if kind not in _CHECKS:
        raise ValueError(f"unknown kind of option value: {kind}")
    return _CHECKS[kind](kind, value)


def _class_problem(_kind: str, value: str) -> str | None:
    bad = [word for word in value.split() if not re.search("[A-Za-z]", word)]
    return "is not a list of class names (each holds a letter, a-z)" if bad else None


def _integer_problem(_kind: str, value: str) -> str | None:
    return None if re.fullmatch(r"-?[0-9]+", value) else "is not a whole number"


def _count_problem(_kind: str, value: str) -> str | None:
    return None if not value or _DIGITS.fullmatch(value) else "is not a whole number of 0 or more"


def _length_problem(kind: str, value: str) -> str | None:
    pattern = _LENGTH if kind == LENGTH else _LENGTH_OR_PERCENTAGE
    if pattern.fullmatch(value) or (kind == FIGURE_WIDTH and value.lower() == "image"):
        return None
    return (f"is not a length: write a number with one of the units {', '.join(_CSS_UNITS)}"
            + (" or %" if kind != LENGTH else "") + " (or none)")


def _align_problem(_kind: str, value: str) -> str | None:
    return None if value.lower() in _ALIGN else f"is not one of {', '.join(_ALIGN)}"


def _widths_problem(kind: str, value: str) -> str | None:
    words = ("auto", "grid") if kind == TABLE_WIDTHS else ("auto",)
    if value.lower() in words or column_widths(value) is not None:
        return None
    return f"is not {' or '.join(words)} or a list of whole numbers above 0 (one a column)"


def _lines_problem(_kind: str, value: str) -> str | None:
    return None if line_numbers(value) is not None else "is not a list of line numbers and ranges, e.g. 1,3-5"


#: The check of each kind of value that has one (text and required values take any).
_CHECKS: dict[str, Callable[[str, str], str | None]] = {
    CLASS: _class_problem, INTEGER: _integer_problem, COUNT: _count_problem,
    OPTIONAL_COUNT: _count_problem, LENGTH: _length_problem, LENGTH_OR_PERCENTAGE: _length_problem,
    FIGURE_WIDTH: _length_problem, ALIGN: _align_problem, WIDTHS: _widths_problem,
    TABLE_WIDTHS: _widths_problem, LINES: _lines_problem,
}


def column_widths(value: str) -> list[int] | None:
    """The widths a ``:widths:`` of numbers gives (docutils' ``positive_int_list``), or None."""
    entries = value.split(",") if "," in value else value.split()
    if not entries or not all(_DIGITS.fullmatch(entry.strip()) for entry in entries):
        return None
    widths = [int(entry) for entry in entries]
    return widths if all(width > 0 for width in widths) else None


def line_numbers(spec: str, total: int = 0) -> list[int] | None:
    """The lines (from 1) a spec such as ``1,3-5`` or ``2-`` names in a block of ``total``
    lines (Sphinx's ``parselinenos``), or None if Sphinx cannot read it."""
    lines: list[int] = []
    for part in spec.split(","):
        bounds = part.strip().split("-")
        readable = bounds if len(bounds) == 1 else [bound for bound in bounds if bound]
        if len(bounds) > 2 or not readable or not all(_DIGITS.fullmatch(bound) for bound in readable):
            return None
        if len(bounds) == 1:
            lines.append(int(bounds[0]))
            continue
        start = int(bounds[0] or 1)
        end = int(bounds[1] or max(start, total))
        if start > end:
            return None
        lines.extend(range(start, end + 1))
    return lines
