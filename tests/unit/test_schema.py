"""The schema owns what the site shows: every field is shown or said hidden, every
field and link has a label, back-link sections name real links and columns."""

from __future__ import annotations

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
