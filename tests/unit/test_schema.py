"""The schema owns what the site shows: every field is shown or said hidden, every
field and link has a label, back-link sections name real links and columns."""

from __future__ import annotations

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
