"""The reader finds records as MyST reads them: fences, nesting, both option forms."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.parsers.options import TokenizeError, options_to_tokens

from dmlog.log import edits, sources
from dmlog.log.problems import Problem

OPTIONS = ":id: DEC-2020-001\n:status: adopted\n:date: 2020-05-01\n:meeting: MTG-2020-05-01-review\n"


def read(text: str, relpath: str = "decisions/2020/2020-05-01-x.md"
         ) -> tuple[sources.SourceFile, list[Problem]]:
    return sources.parse_text(textwrap.dedent(text).lstrip("\n"), Path(relpath), relpath)


def ids(text: str) -> list[str]:
    return [r.record.id for r in read(text)[0].records]


def messages(text: str) -> list[str]:
    return [f"{p.line}: {p.message}" for p in read(text)[1]]


def test_a_record_with_its_options_and_their_lines() -> None:
    source, problems = read("# T\n\n```{decision} Adopt it\n" + OPTIONS + "\nThe text.\n```\n")
    assert problems == []
    (record,) = source.records
    assert record.record.title == "Adopt it" and record.record.line == 3
    assert record.record.options["status"] == "adopted"
    assert record.option_lines == {"id": 4, "status": 5, "date": 6, "meeting": 7}
    assert record.body == "The text."


def test_records_share_their_repeated_names_and_values() -> None:
    # two files read apart (as the build reads them): each name and value held once
    first, second = (read(f"```{{decision}} {title}\n" + OPTIONS.replace("DEC-2020-001", record_id)
                          + "```\n", f"decisions/2020/{record_id}.md")[0].records[0]
                     for title, record_id in (("One", "DEC-2020-001"), ("Two", "DEC-2020-002")))
    assert first.record.type is second.record.type
    for (name, value), (other_name, other_value) in zip(first.record.options.items(),
                                                        second.record.options.items(), strict=True):
        assert name is other_name and value is other_value
    assert first.record.id != second.record.id


def test_yaml_block_options_are_read_with_their_lines() -> None:
    source, problems = read("""
        ```{decision} Adopt it
        ---
        id: DEC-2020-001
        status: adopted
        date: 2020-05-01
        meeting: MTG-2020-05-01-review
        ---
        Text.
        ```
    """)
    assert problems == []
    (record,) = source.records
    assert record.record.id == "DEC-2020-001" and record.option_lines["status"] == 4
    assert record.body == "Text."


def test_quoted_values_are_read_as_myst_reads_them() -> None:
    source, problems = read("```{decision} T\n" + OPTIONS.replace("adopted", "'adopted'") + "```\n")
    assert problems == [] and source.records[0].record.options["status"] == "adopted"


def test_a_code_sample_that_closes_the_fence_early_is_reported_where_the_next_record_is_lost() -> None:
    text = ("```{decision} First\n" + OPTIONS + "\nRun:\n```sh\nmake html\n```\n```\n\n"
            "```{decision} Second\n" + OPTIONS.replace("001", "002") + "```\n")
    assert ids(text) == ["DEC-2020-001"]
    lost = [m for m in messages(text) if "not read as a record" in m]
    assert lost and lost[0].startswith("13: ") and "code block opened on line 11" in lost[0]


def test_a_longer_fence_keeps_a_code_sample_inside_the_record() -> None:
    text = ("````{decision} First\n" + OPTIONS + "\n```\nmake html\n```\n````\n\n"
            "```{decision} Second\n" + OPTIONS.replace("001", "002") + "```\n")
    assert ids(text) == ["DEC-2020-001", "DEC-2020-002"]
    assert messages(text) == []


def test_records_in_comments_are_not_records_and_are_reported() -> None:
    text = "<!--\n```{decision} Hidden\n" + OPTIONS + "```\n-->\n"
    assert ids(text) == []
    assert any(m.startswith("2: ") and "HTML block" in m for m in messages(text))


def test_examples_in_code_blocks_with_a_language_are_not_records() -> None:
    text = "````markdown\n```{decision} Example\n" + OPTIONS + "```\n````\n"
    assert ids(text) == [] and messages(text) == []


@pytest.mark.parametrize("text", [
    "- item\n\n  ```{decision} In a list\n  " + OPTIONS.replace("\n:", "\n  :") + "  ```\n",
    "````{decision} Outer\n" + OPTIONS + "\n```{decision} Inner\n"
    + OPTIONS.replace("001", "002") + "```\n````\n",
    "> ```{decision} Quoted\n> " + OPTIONS.replace("\n:", "\n> :") + "> ```\n",
])
def test_nested_records_are_found_and_reported(text: str) -> None:
    found = read(text)[0].records
    assert found and any(r.depth for r in found)
    assert any("inside another block" in m for m in messages(text))


def test_repeated_unknown_and_commented_options() -> None:
    text = "```{decision} T\n" + OPTIONS + ":status: flagged\n:colour: blue\n:owner: #x\n```\n"
    found = messages(text)
    assert any(m.startswith("6: option :status: is given twice (first on line 3)") for m in found)
    assert any(m.startswith("1: unknown option :colour: (line 7)") for m in found)
    assert any(m.startswith("8: '#' starts a comment") for m in found)
    assert read(text)[0].records[0].record.options["status"] == "flagged"  # as MyST: the last


def test_options_myst_cannot_read() -> None:
    text = "```{decision} T\n" + OPTIONS + ':owner: "ann" and bob\n```\n'
    assert any(m.startswith("6: the options of this decision cannot be read") for m in messages(text))


def test_a_backtick_in_a_title_and_a_missing_id() -> None:
    assert any(m.startswith("1: ") and "backtick" in m
               for m in messages("```{decision} Use `x`\n" + OPTIONS + "```\n"))
    assert any(m.startswith("1: ") and "backtick" in m
               for m in messages(":::{decision} Use `x`\n" + OPTIONS + ":::\n"))
    assert any(m.startswith("1: this decision has no :id:")
               for m in messages("```{decision} T\n:status: adopted\n```\n"))


def test_where_records_are_written(tmp_path: Path) -> None:
    record = "```{decision} T\n" + OPTIONS + "```\n"
    for name in ("decisions/2020/_draft.md", "decisions/loose.md", "docs/people/x.md",
                 "decisions/2020/a.rst", "decisions/2020/ok.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record.replace("001", str(len(name))), encoding="utf-8")
    (tmp_path / "docs/index.md").write_text("```{toctree}\n:glob:\n\n/decisions/*/*\n```\n")
    problems = sources.read_sources(tmp_path)[1]
    where = {p.path: p.message for p in problems}
    assert "draft file" in where["decisions/2020/_draft.md"]
    assert "decisions/YYYY/<meeting>.md" in where["decisions/loose.md"]
    assert "decisions/YYYY/<meeting>.md" in where["docs/people/x.md"]
    assert "rename the file to a.md" in where["decisions/2020/a.rst"]
    assert "decisions/2020/ok.md" not in where


def test_pages_no_toctree_includes(tmp_path: Path) -> None:
    (tmp_path / "decisions/2020").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "decisions/2020/a.md").write_text("```{decision} T\n" + OPTIONS + "```\n")
    (tmp_path / "docs/index.md").write_text("# Home\n")
    problems = sources.read_sources(tmp_path)[1]
    assert [(p.path, p.line) for p in problems] == [("decisions/2020/a.md", 1)]
    assert "no toctree includes" in problems[0].message
    (tmp_path / "docs/index.md").write_text("```{dmlog-toctree}\n/decisions/*/*\n```\n")
    assert sources.read_sources(tmp_path)[1] == []


@settings(derandomize=True, max_examples=300)
@given(st.from_regex(r"[a-z-]{1,8}: [ -~]{0,20}", fullmatch=True))
def test_the_fast_option_path_reads_what_myst_reads(line: str) -> None:
    fast = sources.plain_option(line)
    if fast is None:
        return
    try:
        tokens, state = options_to_tokens(line)
    except TokenizeError:
        pytest.fail(f"the fast path read {line!r}, which MyST refuses")
    assert not state.has_comments
    assert [(k.value, v.value if v else "") for k, v in tokens] == [fast]


@settings(derandomize=True, max_examples=200)
@given(st.lists(st.sampled_from([
    "```{decision} T", "````{decision} T", ":::{action} A", "```", "````", ":::", "```python",
    ":id: DEC-2020-001", ":status: adopted", "---", "<!--", "-->", "- item", "> quote",
    "    indented", "text DEC-2020-001", ":owner: 'x", "", "\t:tab:", "~~~"]), max_size=25))
def test_the_reader_never_crashes(lines: list[str]) -> None:
    problems = read("\n".join(lines) + "\n")[1]
    for problem in problems:
        assert problem.line >= 1 and problem.message


TEXT = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)
                | st.sampled_from(["`", "```", ":::", "\n", ":", "#", "'", '"', "{decision}", "- ",
                                   "> ", "<!--", "DEC-2020-001"]), max_size=12).map("".join)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(title=TEXT.filter(lambda t: t.strip() and "`" not in t), body=TEXT,
       owner=st.sampled_from(["ann", "ann, bob", "team"]), number=st.integers(1, 20000))
def test_what_dmlog_new_writes_reads_back_as_the_planned_record(title: str, body: str, owner: str,
                                                                number: int) -> None:
    record_id = f"DEC-2020-{number:03d}"
    options = {"status": "adopted", "date": "2020-05-01", "meeting": "MTG-2020-05-01-review",
               "owner": owner}
    text = "# Decisions\n\n" + edits.record_text("decision", record_id, title, options, body)
    source, problems = read(text)
    if any(line.lstrip(" >").startswith(("```", "~~~")) for line in body.splitlines()):
        return  # text that would break the fence: rel-safe's fence-safe edits own it
    assert problems == [], problems
    (found,) = source.records
    assert found.record.id == record_id
    assert found.record.title == " ".join(title.split())
    assert found.record.options == options


def test_a_cache_reuses_readings_of_unchanged_files_only(tmp_path: Path) -> None:
    folder = tmp_path / "decisions/2020"
    folder.mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("```{dmlog-toctree}\n/decisions/*/*\n```\n")
    (folder / "a.md").write_text("```{decision} T\n" + OPTIONS + "```\n")
    (folder / "b.md").write_text("```{decision} U\n" + OPTIONS.replace("001", "002") + "```\n")
    cache: sources.ReadCache = {}
    first = {f.relpath: f for f in sources.read_sources(tmp_path, cache=cache)[0]}
    (folder / "b.md").write_text("```{decision} U\n" + OPTIONS.replace("001", "003") + "```\n")
    (folder / "gone.md").write_text("# Nothing\n")
    second = {f.relpath: f for f in sources.read_sources(tmp_path, cache=cache)[0]}
    reused = second["decisions/2020/a.md"]
    assert reused is first["decisions/2020/a.md"] is cache["decisions/2020/a.md"][1]  # not parsed again
    fresh, _ = sources.parse_file(folder / "a.md", tmp_path)
    # the cache keeps a slim reading: records, their lines and IDs, not the text ...
    assert reused._lines is None
    assert [i.record for i in reused.records] == [i.record for i in fresh.records]
    assert reused.ids == fresh.ids == {"DEC-2020-001", "MTG-2020-05-01-review"}
    # ... which is read again from the unchanged file when asked for
    assert reused.lines == fresh.lines
    index = second["docs/index.md"]
    assert [d.name for d in index.directives] == ["dmlog-toctree"]
    assert second["decisions/2020/b.md"].records[0].record.id == "DEC-2020-003"
    (folder / "gone.md").unlink()
    sources.read_sources(tmp_path, cache=cache)
    assert "decisions/2020/gone.md" not in cache


def test_a_slim_reading_still_finds_mentions_of_records_that_are_gone(tmp_path: Path) -> None:
    """The build keeps slim readings (no text) of unchanged files: a mention in such a
    file of a record removed elsewhere is still found, at its line, from the file."""
    folder = tmp_path / "decisions/2020"
    folder.mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("```{dmlog-toctree}\n/decisions/*/*\n```\n")
    (folder / "a.md").write_text("# A\n\nAs agreed in DEC-2020-009 and DEC-2020-001.\n\n"
                                 "```{decision} T\n" + OPTIONS + "```\n")
    cache: sources.ReadCache = {}
    files, _ = sources.read_sources(tmp_path, cache=cache)
    slim = {f.relpath: f for f in files}["decisions/2020/a.md"]
    assert slim._lines is None and "DEC-2020-009" in slim.ids
    known = {"DEC-2020-001", "DEC-2020-009", "MTG-2020-05-01-review"}
    assert sources.mention_problems(files, known) == []
    problems = sources.mention_problems(files, known - {"DEC-2020-009"})
    assert [(p.path, p.line, p.record_id) for p in problems] == [
        ("decisions/2020/a.md", 3, "DEC-2020-009")]


def test_the_page_of_each_record(tmp_path: Path) -> None:
    # a record of a file is on the file's page; an entry of a registry on its generated
    # page, titled as that page is (spaces collapsed); the first record of an ID counts
    (tmp_path / "decisions/2020").mkdir(parents=True)
    record = "```{decision} T\n" + OPTIONS + "```\n"
    (tmp_path / "decisions/2020/a.md").write_text(record, encoding="utf-8")
    (tmp_path / "decisions/2020/b.md").write_text(record, encoding="utf-8")
    (tmp_path / "docs/registry").mkdir(parents=True)
    (tmp_path / "docs/registry/people.yaml").write_text(
        "people:\n  ann:\n    name: Ann   Author\n", encoding="utf-8")
    log = sources.load_log(tmp_path)
    assert log.pages() == {"DEC-2020-001": "decisions/2020/a", "ann": "docs/people/ann"}
    assert [r.title for r in log.records if r.id == "ann"] == ["Ann Author"]
