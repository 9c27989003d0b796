"""The schema owns what the site shows: every field is shown or said hidden, every
field and link has a label, back-link sections name real links and columns."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from dmlog import schema


def test_every_field_is_shown_or_listed_as_hidden_with_a_reason() -> None:
    for field in schema.FIELDS.values():
        assert field.display in schema.DISPLAYS, field.name
        assert field.label, f"{field.name} has no label"
        assert (field.display == "hidden") == bool(field.hidden_because), field.name


def test_every_link_and_column_has_a_label() -> None:
    for link in schema.LINKS.values():
        assert link.label and schema.LABELS[link.name] == link.label
    for sections in schema.BACKLINKS.values():
        for section in sections:
            assert set(section.columns) <= set(schema.LABELS), section.title


def test_back_link_sections_name_links_that_can_point_at_the_type() -> None:
    for kind, sections in schema.BACKLINKS.items():
        for section in sections:
            for link in section.links:
                # a section reached through another record (``via``: a person's groups)
                # lists that record's back-links
                listed = schema.link_sources(section.via) if section.via else (kind,)
                assert set(listed) & set(schema.LINKS[link].targets), (kind, section.title)
            if section.record_type:
                assert section.record_type in {
                    t for link in section.links for t in schema.link_sources(link)}
            assert section.state in ("", "open", "finished")


def test_link_sources_are_the_types_with_the_link() -> None:
    assert schema.link_sources("meeting") == ("decision", "action")
    assert schema.link_sources("members") == ("group",)
    assert schema.link_sources("supersedes") == ("decision",)


def test_the_lifecycle_declares_statuses_the_types_have() -> None:
    for kind, table in schema.LIFECYCLE.transitions.items():
        statuses = schema.TYPES[kind].statuses
        assert set(table) <= set(statuses) and all(set(t) <= set(statuses) for t in table.values())
    assert schema.LIFECYCLE.allows("decision", "adopted", "superseded")
    assert not schema.LIFECYCLE.allows("decision", "superseded", "adopted")  # no way back


def test_a_log_relaxes_or_tightens_the_lifecycle_and_mistakes_are_named() -> None:
    relaxed = schema.LIFECYCLE.with_overrides({"transitions": {"decision": {"superseded": ["adopted"]}},
                                               "off": ["minutes-edited"]})
    assert relaxed.allows("decision", "superseded", "adopted") and relaxed.off == ("minutes-edited",)
    assert relaxed.allows("action", "open", "done")  # the other type's rules are kept
    tight = schema.LIFECYCLE.with_overrides({"protected": ["title", "text", "tags"]})
    assert tight.protected == ("title", "text", "tags")
    for overrides, message in (({"settled": {"decision": ["final"]}}, "unknown decision: final"),
                               ({"off": ["no-such-rule"]}, "unknown no-such-rule"),
                               ({"protected": ["colour"]}, "unknown colour"),
                               ({"settled": {"meeting": ["x"]}}, "'meeting' is not a record type"),
                               ({"strict": True}, "unknown key 'strict'")):
        with pytest.raises(ValueError, match=message):
            schema.LIFECYCLE.with_overrides(overrides)


def test_amendment_entries() -> None:
    found, malformed = schema.amendments(
        "2024-05-02 limk: the dataset is HSC PDR2, not DR2;2024-06-01 ann : typo; last week, because")
    assert [(a.date, a.who, a.why) for a in found] == [
        ("2024-05-02", "limk", "the dataset is HSC PDR2, not DR2"), ("2024-06-01", "ann", "typo")]
    assert malformed == ["last week, because"]
    assert schema.amendments("2024-13-02 limk: a month that is not") == (
        [], ["2024-13-02 limk: a month that is not"])


RFC = {"prefix": "RFCX", "statuses": ["draft", "accepted", "rejected"], "closed": ["rejected"],
       "required": ["owner"], "optional": ["decision", "venue"]}


@pytest.fixture
def dmlogs_own_schema() -> Iterator[None]:
    """The schema as dmlog declares it again after a test that declared a log's types."""
    yield
    schema.declare({}, {}, {})


@pytest.mark.usefixtures("dmlogs_own_schema")
def test_a_logs_own_type_joins_the_schema_with_its_fields_links_and_back_links() -> None:
    schema.declare({"rfc": RFC}, {"venue": {"description": "Where it is discussed."}},
                   {"answers": {"description": "The RFCs it answers.", "targets": ["rfc"]}})
    rfc = schema.TYPES["rfc"]
    assert (rfc.plural, rfc.home, rfc.heading, rfc.numbered, rfc.custom) == (
        "rfcs", "rfcs", "Rfcs", True, True)
    assert rfc.required == ("title", "status", schema.MEETING, "owner")
    assert rfc.id_pattern.fullmatch("RFCX-2024-001") and not rfc.id_pattern.fullmatch("RFC-2024-001")
    assert rfc.is_open("draft") and not rfc.is_open("rejected")
    assert rfc in schema.numbered_types() and "rfc" in schema.logged_types()
    assert schema.LOGGED_ID.findall("see RFCX-2024-002 and DEC-2019-003") == ["RFCX-2024-002", "DEC-2019-003"]
    assert schema.LABELS["venue"] == "Venue" and "answers" in schema.LINKS
    # the decision an RFC names lists it on its card, apart from its implementing actions
    assert [s.title for s in schema.BACKLINKS[schema.DECISION]][-1] == "Rfcs"
    schema.declare({}, {}, {})
    assert "rfc" not in schema.TYPES and "venue" not in schema.FIELDS and "venue" not in schema.LABELS


@pytest.mark.usefixtures("dmlogs_own_schema")
@pytest.mark.parametrize(("types", "fields", "message"), [
    ({"decision": RFC}, {}, "'decision' is taken"),
    ({"rfc": {**RFC, "prefix": "rfc"}}, {}, "must be 2-8 capital letters"),
    ({"rfc": {**RFC, "plural": "decisions"}}, {}, "'decisions' is taken"),
    ({"rfc": {**RFC, "closed": ["gone"]}}, {}, "'gone' is not one of its statuses"),
    ({"rfc": {**RFC, "optional": ["venue"]}}, {}, "'venue' is not a field or link"),
    ({"rfc": {**RFC, "optional": []}}, {"venue": {"kind": "number"}}, "is not one of text, date"),
    ({"rfc": {**RFC, "optional": []}}, {"title": {}}, "'title' is dmlog's own"),
    ({"rfc": "RFCX"}, {}, "must be a dict of its settings"),
])
def test_a_declaration_that_cannot_be_used_says_what_to_write(types: dict, fields: dict,
                                                              message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        schema.declare(types, fields, {})


def test_a_count_of_records_reads_as_prose() -> None:
    decision = schema.TYPES[schema.DECISION]
    assert [decision.counted(n) for n in (0, 1, 2)] == ["0 decisions", "1 decision", "2 decisions"]
    rfc = schema.RecordType("rfc", "RFC", re.compile("^RFC-[0-9]+$"), "RFC-1", (), (), plural="rfcs")
    assert rfc.counted(1) == "1 RFC" and rfc.counted(3) == "3 rfcs"
