"""Edits keep a file's line endings, and `dmlog new` reads back what it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmlog.log import edits
from dmlog.log.problems import LogError
from dmlog.log.sources import parse_file

OPTIONS = {"status": "adopted", "date": "2020-05-01", "meeting": "MTG-2020-05-01-review"}
RECORDS = ("# Decisions\n\n```{decision} First\n:id: DEC-2020-001\n:status: adopted\n"
           ":date: 2020-05-01\n:meeting: MTG-2020-05-01-review\n```\n")


def block(record_id: str, body: str = "") -> dict[str, str]:
    return {record_id: edits.record_text("decision", record_id, "Added", OPTIONS, body)}


@pytest.mark.parametrize("text, newline", [("a\r\nb\n", "\r\n"), ("a\rb\r", "\r"), ("a\nb\r\n", "\n"),
                                           ("", "\n"), ("one line", "\n")])
def test_newline_of_a_file_is_that_of_its_first_line(text: str, newline: str) -> None:
    assert edits.newline_of(text) == newline


@pytest.mark.parametrize("ending", [b"\r\n", b"\r", b"\n"])
def test_appended_records_take_the_line_ending_of_the_file(tmp_path: Path, ending: bytes) -> None:
    path = tmp_path / "decisions" / "x.md"
    path.parent.mkdir()
    before = RECORDS.encode().replace(b"\n", ending)
    path.write_bytes(before)
    edits.append_records(tmp_path, path, "# unused\n", block("DEC-2020-002", "one\ntwo\r\nthree"),
                         ("colon_fence",))
    after = path.read_bytes()
    assert after.startswith(before)
    assert after.replace(ending, b"").count(b"\r") == after.replace(ending, b"").count(b"\n") == 0
    source, problems = parse_file(path, tmp_path)
    assert [r.record.id for r in source.records] == ["DEC-2020-001", "DEC-2020-002"] and not problems
    assert source.records[1].body.splitlines() == ["one", "two", "three"]


def test_set_option_writes_the_line_ending_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(RECORDS.replace("\n", "\r").encode())
    source, _ = parse_file(path, tmp_path)
    edits.set_option(source, source.records[0], "status", "superseded")
    edits.set_option(source, source.records[0], "note", "replaced")
    edits.save(source)
    expected = RECORDS.replace(":status: adopted\n", ":status: superseded\n:note: replaced\n")
    assert path.read_bytes() == expected.replace("\n", "\r").encode()


@pytest.mark.parametrize("tail", ["<!-- a note not closed\n", "```\nan open fence\n"])
def test_a_record_the_file_would_hide_is_not_added(tmp_path: Path, tail: str) -> None:
    """An unclosed comment (or fence) at the end swallows what is appended: the file
    is put back byte for byte and the error says what hid the record."""
    path = tmp_path / "x.md"
    path.write_bytes((RECORDS + "\n" + tail).encode())
    before = path.read_bytes()
    with pytest.raises(LogError) as caught:
        edits.append_records(tmp_path, path, "", block("DEC-2020-002"), ())
    assert caught.value.path == "x.md"
    assert "DEC-2020-002 would not be read back" in caught.value.message
    assert "the file is as it was" in caught.value.message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md"]


def test_a_folder_where_the_records_file_goes_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "decisions" / "x.md").mkdir(parents=True)
    with pytest.raises(LogError, match="is a folder, where dmlog must write a file") as caught:
        edits.append_records(tmp_path, tmp_path / "decisions" / "x.md", "# D\n", block("DEC-2020-001"), ())
    assert caught.value.path == "decisions/x.md"
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")] == \
        ["decisions", "decisions/x.md"]


def test_registry_entries_take_the_line_ending_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "people.yaml"
    path.write_bytes(b"people:\r\n  ann:\r\n    name: Ann\r\n")
    edits.add_registry_entry(tmp_path, path, "people", "bob", {"name": "Bob"})
    edits.set_registry_value(path, "ann", "affiliation", "Somewhere")
    assert path.read_bytes() == (b"people:\r\n  ann:\r\n    affiliation: Somewhere\r\n    name: Ann\r\n"
                                 b"  bob:\r\n    name: Bob\r\n")


@pytest.mark.parametrize("text", ["people: {ann: {name: Ann}}\n", "people: [ann]\n"],
                         ids=["flow mapping", "a list"])
def test_a_registry_entry_that_would_not_be_read_is_not_added(tmp_path: Path, text: str) -> None:
    path = tmp_path / "people.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LogError, match="bob would not be read back from the file") as caught:
        edits.add_registry_entry(tmp_path, path, "people", "bob", {"name": "Bob"})
    assert caught.value.path == "people.yaml" and "the file is as it was" in caught.value.message
    assert path.read_text(encoding="utf-8") == text


def test_a_new_file_whose_record_would_be_hidden_is_not_left_nor_its_folders(tmp_path: Path) -> None:
    (tmp_path / "decisions").mkdir()
    path = tmp_path / "decisions" / "2020" / "x.md"
    with pytest.raises(LogError, match="DEC-2020-001 would not be read back"):
        edits.append_records(tmp_path, path, "# D\n\n<!-- a header left open\n", block("DEC-2020-001"), ())
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")] == ["decisions"]
