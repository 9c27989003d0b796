"""Names in minutes resolved to the registry's people and groups."""

from __future__ import annotations

from dmlog.log.names import NameIndex
from dmlog.log.registries import Entry


def entry(kind: str, entry_id: str, title: str, *aliases: str) -> Entry:
    values = {"name": title, **({"aliases": list(aliases)} if aliases else {})}
    return Entry(kind, entry_id, "docs/registry/people.yaml", 1, values)


INDEX = NameIndex([entry("person", "ann", "Ann Author", "Annie"), entry("person", "bb", "Bob Builder"),
                   entry("person", "bt", "Bob Tables"), entry("group", "dmlt", "DM Leadership Team",
                                                                   "DMLT")])


def test_full_names_aliases_surnames_and_ids() -> None:
    assert INDEX.resolve("Ann Author") == "ann"
    assert INDEX.resolve("Annie") == "ann"
    assert INDEX.resolve("Author") == "ann"
    assert INDEX.resolve("DMLT") == "dmlt"
    assert INDEX.resolve("  ann, ") == "ann"


def test_an_ambiguous_or_unknown_name_resolves_to_nothing() -> None:
    assert INDEX.resolve("Nobody") is None
    assert INDEX.resolve("Bob") is None  # Bob Builder or Bob Tables?
    assert INDEX.resolve("Bob", meeting_people={"bb"}) == "bb"  # the one at the meeting
    assert INDEX.resolve("") is None
    assert INDEX.title("ann") == "Ann Author" and INDEX.title("zed") == "zed"
