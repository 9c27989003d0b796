"""The characters the log's text may hold: control characters nowhere, bidirectional
and zero-width characters not in titles or option values; IDs in ASCII."""

from __future__ import annotations

import pytest

from dmlog import schema
from dmlog.log import characters


def test_control_characters_are_found_at_their_lines_as_markdown_counts_them() -> None:
    text = "one\r\ntwo\x1b[31m\rthree\nfour\x0b\x0c\nfive\u2028six\n"
    assert list(characters.control_lines(text)) == [(2, "\x1b"), (4, "\x0b"), (5, "\u2028")]
    assert list(characters.control_lines("tab\there\r\nand CR\rlines\n")) == []


@pytest.mark.parametrize(("value", "named"), [
    ("Colour \x1b[31mred", "U+001B (ESCAPE)"), ("a\x00b", "U+0000 (NULL)"),
    ("a\x85b", "U+0085"), ("Adopt \u202egnp.exe", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("Ze\u200bd", "U+200B (ZERO WIDTH SPACE)"), ("a\u2066b\u2069", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("\ufeffTitle", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)")])
def test_titles_and_values_refuse_control_and_invisible_characters(value: str, named: str) -> None:
    problem = characters.field_problem(value)
    assert problem is not None and named in problem and "retype it" in problem


@pytest.mark.parametrize("value", ["Étude of α Cen", "Željko Ivezić", "tab\tseparated", "日本語"])
def test_text_in_any_script_is_allowed(value: str) -> None:
    assert characters.field_problem(value) is None


@pytest.mark.parametrize(("kind", "record_id"), [
    ("decision", "DEC-２０１９-９２６"), ("decision", "DEC-2019-926\n"), ("action", "ACT-٢٠١٩-001"),
    ("meeting", "MTG-2019-0３-x"), ("decision", "DEC-2019-00\u200b1")])
def test_ids_are_ascii_by_rule(kind: str, record_id: str) -> None:
    assert not schema.TYPES[kind].id_pattern.fullmatch(record_id)
    assert schema.parse_date("２０１９-03-01") is None
