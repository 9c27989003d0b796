"""Names in minutes resolved to the registry's people and groups."""

from __future__ import annotations

import pytest

from dmlog.log import query
from dmlog.log.names import Match, NameIndex, UnknownName, filter_with_ids
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


def test_one_resolver_for_every_command() -> None:
    """Outside a meeting a first name unique in the registry resolves, and says how."""
    assert INDEX.lookup("Author") == Match("Author", "ann", "surname")
    carol = NameIndex([entry("person", "cc", "Carol Coder")])
    assert carol.lookup("Carol") == Match("Carol", "cc", "first name")
    assert INDEX.lookup("@ann").how == "id" and INDEX.lookup("Annie").how == "name"
    assert INDEX.lookup("AA") == Match("AA", "ann", "initials") and INDEX.lookup("AA").guessed
    assert not INDEX.lookup("Ann Author").guessed
    bob = INDEX.lookup("Bob")
    assert bob.id is None and bob.candidates == ("bb", "bt")
    assert INDEX.explain(bob) == "'Bob' could be bb (Bob Builder) or bt (Bob Tables): give the ID"
    assert INDEX.explain(INDEX.lookup("Bob Tabels")).endswith("did you mean bt (Bob Tables)?")
    assert INDEX.explain(INDEX.lookup("Zed")) == "'Zed' is not a person or group of the registry"
    assert INDEX.lookup("ann") == Match("ann", "ann", "id")  # lower case: no first-name guess


def test_a_filter_on_a_name_compares_its_id_or_says_why_not() -> None:
    selection, notes = filter_with_ids(query.parse('owner == "Ann Author" and not chair in (bb, "")'),
                                       INDEX)
    assert selection.tree == query.BoolOp("and", (query.Compare("owner", "==", ("ann",)),
                                                  query.Not(query.Compare("chair", "in", ("bb", "")))))
    assert notes == ["owner 'Ann Author' is not an ID: read as ann (Ann Author)"]
    assert filter_with_ids(query.parse("owner ~ Auth"), INDEX)[0].tree == \
        query.Compare("owner", "~", ("Auth",))  # "contains" reads the text as written
    with pytest.raises(UnknownName, match="'Bob' could be bb"):
        filter_with_ids(query.parse("owner == Bob"), INDEX)
