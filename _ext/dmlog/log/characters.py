"""What characters the log's text may hold.

- **Control characters** (ESC, VT, FF, NUL, DEL, the C1 controls, and the Unicode
  line and paragraph separators) are refused anywhere in a records file or a page:
  they are invisible in review, terminals act on them, XML (the Atom feeds) cannot
  hold them, and the line separators make Python count lines differently from
  Markdown. Tab, line feed and carriage return are text.
- **Bidirectional controls and zero-width characters** (U+202E RIGHT-TO-LEFT
  OVERRIDE, U+200B ZERO WIDTH SPACE ...) are refused in a record's title and in
  every option value: they make a title read differently from what it is (or two
  titles look alike) without a visible trace. IDs hold them neither: IDs are ASCII
  by the patterns of :mod:`dmlog.schema`. A record's text may hold them (a quotation
  in Arabic or Hebrew needs them), where they change nothing a reader relies on.

The reader (:mod:`dmlog.log.sources`), the rules (:mod:`dmlog.log.validation`) and
the commands that write records apply these, so `dmlog check`, the build and
`dmlog new` refuse the same characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TypeVar

from dmlog import schema

_Value = TypeVar("_Value")

#: Characters no text of the log may hold.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
#: Characters no title or option value may hold: bidirectional controls and marks,
#: and zero-width characters.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def shown(name: str, value: _Value) -> _Value:
    """A record's value as the site, its feeds and needs.json show it: its title and its
    fields' text without the control characters the reader reports (XML cannot hold
    them); links are IDs, ASCII by the schema's patterns, and other values are as they are."""
    if isinstance(value, str) and (name == "title" or name in schema.FIELDS):
        return CONTROL.sub("", value)  # type: ignore[return-value]  # a str for a str
    return value


def describe(char: str) -> str:
    """``U+001B (ESCAPE)``: a character as a reader can find it in an editor."""
    name = unicodedata.name(char, "") or {
        "\x1b": "ESCAPE", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\x00": "NULL",
        "\x7f": "DELETE"}.get(char, "a control character")
    return f"U+{ord(char):04X} ({name})"


def control_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line, character) of the first control character of each line that has one,
    lines counted as Markdown counts them (LF, CR LF or CR end a line)."""
    if CONTROL.search(text) is None:
        return
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        if match := CONTROL.search(line):
            yield number, match[0]


def line_problem(char: str) -> str:
    """What the reader says of a line holding the control character ``char``."""
    return (f"this line holds the control character {describe(char)}, which is invisible in "
            "review and breaks the site's feeds: delete it (retype the line if your editor "
            "does not show it)")


def invisible_problem(value: str) -> str | None:
    """Why a title or an option value of a record may not be published as it is, or
    None (the reader reports control characters at their lines)."""
    match = INVISIBLE.search(value)
    return _refused("an invisible character", match[0]) if match else None


def control_problem(value: str) -> str | None:
    """Why a value read from YAML (which writes them as escapes) may not be published."""
    match = CONTROL.search(value)
    return _refused("a control character", match[0]) if match else None


def field_problem(value: str) -> str | None:
    """Why a title or a value given to a command may not be written into the log, or None."""
    return control_problem(value) or invisible_problem(value)


def _refused(kind: str, char: str) -> str:
    return (f"holds {kind}, {describe(char)}, which makes it read differently from what it "
            "is: retype it without that character")
