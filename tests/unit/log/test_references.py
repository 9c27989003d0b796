"""References in plain text: which, and where they point."""

from __future__ import annotations

from dmlog.log.references import DEFAULT_PATTERNS, find_references

JIRA = "https://jira/"


def found(text: str) -> list[tuple[str, str | None]]:
    return [(text[start:stop], url) for start, stop, url in find_references(text, DEFAULT_PATTERNS, JIRA)]


def test_documents_tickets_and_record_ids() -> None:
    assert found("See DMTN-085, RFC-243 and DM-12345; DEC-2019-003 applies.") == [
        ("DMTN-085", "https://dmtn-085.lsst.io/"), ("RFC-243", "https://jira/RFC-243"),
        ("DM-12345", "https://jira/DM-12345"), ("DEC-2019-003", None)]


def test_codes_end_where_no_further_part_follows() -> None:
    assert found("LDM-503-10a is a milestone, DM-AP-1 not a ticket") == []
    assert found("QAWG-REC-20") == [("QAWG-REC-20", "https://dmtn-085.lsst.io/")]


def test_patterns_are_configurable_and_the_longest_overlapping_match_wins() -> None:
    patterns = [*DEFAULT_PATTERNS, (r"\bGH-\d+", "https://gh/{0}"), (r"\bGH-\d+-x", "https://x/{lower}")]
    spans = find_references("see GH-7-x", patterns, JIRA)
    assert spans == [(4, 10, "https://x/gh-7-x")]
