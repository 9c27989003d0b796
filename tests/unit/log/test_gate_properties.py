"""Properties of the gate on random pages mixing allowed and refused content (seeded)."""

from __future__ import annotations

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from content_markdown import ALLOWED, page
from dmlog.log import gate

RECORDS = "decisions/2022/2022-01-01-x.md"


@seed(15)
@settings(max_examples=150, deadline=None)
@given(page(1))
def test_what_the_engine_reads_keeps_the_lines_and_passes_the_gate(text: str) -> None:
    verdict = gate.read(text, RECORDS)
    assert verdict.text.count("\n") == text.count("\n")
    assert all(1 <= p.line <= text.count("\n") + 1 for p in verdict.problems)
    assert gate.read(verdict.text, RECORDS).problems == []


@seed(15)
@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(ALLOWED), min_size=1, max_size=8))
def test_a_page_of_allowed_blocks_is_read_as_it_is(blocks: list[str]) -> None:
    text = "# A page\n\n" + "\n\n".join(blocks) + "\n"
    assert gate.read(text, RECORDS) == gate.Verdict([], text)
