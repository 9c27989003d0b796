"""Whatever text `dmlog new` is given, what it writes reads back as the one record it
planned, with the same options and text (property tests, seeded and short)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given, seed, settings
from hypothesis import strategies as st

from dmlog import schema
from dmlog.log import edits, untrusted
from dmlog.log.sources import parse_text

LINES = st.sampled_from(["```", "````", "`````python", "~~~", ":::", "::::{note}", "```{note}",
                         ":id: DEC-2019-999", ":status: withdrawn", "<script>x</script>", "# x",
                         "  ```", "text", "", "- item", "> quote", "{download}`x <y>`"])
BODY = st.lists(st.one_of(LINES, st.text(alphabet=" `:~{}<>#-ab\t", max_size=12)), max_size=12)
TITLE = st.text(alphabet="abc <>#*_[]():{}&\"'", min_size=1, max_size=30)


@seed(6)
@settings(max_examples=150, deadline=None)
@given(BODY, TITLE)
def test_a_new_decision_reads_back_as_planned(lines: list[str], title: str) -> None:
    body = "\n".join(lines)
    assume(untrusted.directive_in(body, schema.TYPES) is None and title.strip())  # refused by `new`
    options = {"status": "adopted", "date": "2019-03-01", "meeting": "MTG-2019-03-01-x"}
    text = "# Decisions\n\n" + edits.record_text("decision", "DEC-2019-001", title, options, body)
    text += "\n" + edits.record_text("decision", "DEC-2019-002", "Next", options)
    source, _ = parse_text(text, Path("d.md"), "d.md")
    records = [r.record for r in source.records]
    assert [r.id for r in records] == ["DEC-2019-001", "DEC-2019-002"]  # nothing swallowed
    first = records[0]
    assert first.title == " ".join(title.split())
    assert {k: first.options[k] for k in options} == options
    assert source.records[0].body.strip() == body.strip()
