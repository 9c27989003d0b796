"""Which pages an incremental build rewrites: a pure decision over two builds' records."""

from __future__ import annotations

import datetime as dt

from dmlog import schema
from dmlog.log.model import Record
from dmlog.sphinxext.incremental import (
    TODAY_KIND,
    fingerprints,
    moved_neighbours,
    pages_to_rewrite,
    updated_fingerprints,
)
from dmlog.sphinxext.state import Pages
from helpers import model_records

TODAY = dt.date(2020, 6, 15)
DECISION = {"id": "DEC-2020-001", "type": "decision", "title": "Adopt", "status": "adopted",
            "docname": "decisions/d"}
ACTION = {"id": "ACT-2020-001", "type": "action", "title": "Write", "status": "open",
          "docname": "actions/a", "owner": ["ann"], "decision": ["DEC-2020-001"], "due": "2020-07-01"}
ANN = {"id": "ann", "type": "person", "title": "Ann", "docname": "docs/people/ann"}


def log(*records: dict) -> tuple[list[Record], dict[str, str]]:
    """The records as the log holds them, and the page of each."""
    return model_records(list(records)), {r["id"]: r["docname"] for r in records}


def state(*records: dict) -> Pages:
    return Pages(records=fingerprints(*log(*records), TODAY),
                 shown={"docs/index": {"ACT-2020-001"}, "decisions/d": {"DEC-2020-001"},
                        "docs/other": {"DEC-2020-001"}},
                 cards={"decisions/d": {"DEC-2020-001"}, "docs/people/ann": {"ann"}},
                 lists={"docs/actions": {"action"}, "docs/needs": {"*"}, "docs/people": {"person"}})


def rewrite(old: tuple[dict, ...], new: tuple[dict, ...]) -> set[str]:
    return pages_to_rewrite(state(*old), fingerprints(*log(*new), TODAY))


def test_nothing_changed_nothing_rewritten() -> None:
    assert rewrite((DECISION, ACTION, ANN), (DECISION, ACTION, ANN)) == set()


def test_a_status_change_rewrites_pages_showing_it_listing_its_type_and_its_targets() -> None:
    done = {**ACTION, "status": "done"}
    assert rewrite((DECISION, ACTION, ANN), (DECISION, done, ANN)) == {
        "docs/index",  # shows the action
        "docs/actions", "docs/needs",  # list actions, or everything
        "decisions/d", "docs/people/ann",  # back-links of the action's decision and owner
    }


def test_a_new_link_rewrites_the_old_and_new_targets_back_links() -> None:
    moved = {**ACTION, "owner": ["bob"]}
    pages = rewrite((DECISION, ACTION, ANN), (DECISION, moved, ANN))
    assert "docs/people/ann" in pages  # ann no longer owns it


def test_overdue_is_part_of_what_a_page_shows() -> None:
    assert fingerprints(*log(ACTION), dt.date(2020, 8, 1)) != fingerprints(*log(ACTION), TODAY)


def test_the_fingerprints_kept_hold_each_link_once() -> None:
    # kept for the next build: a link many records name is one string in all their fingerprints
    # two equal strings that are not one object, as two records' files read them
    records, pages = log({**ACTION, "owner": ["".join(["a", "nn"])]},
                         {**ACTION, "id": "ACT-2020-002", "owner": ["".join(["an", "n"])]})
    assert records[0].links("owner")[0] is not records[1].links("owner")[0]
    first, second = fingerprints(records, pages, TODAY).values()
    owner = list(schema.LINKS).index("owner")
    assert first[2][owner] == ("ann",) and first[2][owner][0] is second[2][owner][0]


def test_a_removed_record_rewrites_the_pages_that_showed_it() -> None:
    assert {"decisions/d", "docs/other"} <= rewrite((DECISION, ACTION, ANN), (ACTION, ANN))


def test_a_new_day_rewrites_the_pages_that_read_the_date_and_those_of_moved_marks() -> None:
    old = state(DECISION, ACTION, ANN)
    old.today = TODAY
    old.lists["docs/ages"] = {"decision", TODAY_KIND}
    tomorrow = TODAY + dt.timedelta(days=1)
    # nothing's marks moved: only the page reading the date
    assert pages_to_rewrite(old, fingerprints(*log(DECISION, ACTION, ANN), tomorrow), tomorrow) == {
        "docs/ages"}
    assert pages_to_rewrite(old, fingerprints(*log(DECISION, ACTION, ANN), TODAY), TODAY) == set()
    # the action is due within 14 days from 2020-06-17: pages showing or listing it too
    later = dt.date(2020, 6, 20)
    assert pages_to_rewrite(old, fingerprints(*log(DECISION, ACTION, ANN), later), later) == {
        "docs/ages", "docs/index", "docs/actions", "docs/needs", "decisions/d", "docs/people/ann"}


def test_pages_whose_neighbours_or_their_titles_changed_are_rewritten() -> None:
    review, extra, later = ("m/review", "Review"), ("m/extra", "Extra"), ("m/later", "Later")
    index = ("m/index", "Meetings")
    before = {"m/review": (index, None, extra), "m/extra": (index, review, later),
              "m/later": (index, extra, None)}
    assert moved_neighbours(before, before) == set()
    # the middle page removed: the pages on either side now point at each other
    assert moved_neighbours(before, {"m/review": (index, None, later),
                                     "m/later": (index, review, None)}) == {"m/review", "m/later"}
    # a neighbour renamed: its link's text changes
    renamed = {**before, "m/review": (index, None, ("m/extra", "Extra (cancelled)"))}
    assert moved_neighbours(before, renamed) == {"m/review"}


def test_only_the_records_of_pages_read_again_are_fingerprinted_again() -> None:
    old = state(DECISION, ACTION, ANN)
    old.today = TODAY
    # a page not read again holds its records as they were: a value seen only here (a
    # title no page was read with) shows that its fingerprint is the last build's
    unread = {**DECISION, "title": "not read again"}
    done = {**ACTION, "status": "done"}
    new = updated_fingerprints(old, *log(unread, done, ANN), {"actions/a"}, TODAY, {})
    assert new == fingerprints(*log(DECISION, done, ANN), TODAY)
    # a record that moved to a page read again, and a new one, are fingerprinted
    moved = {**DECISION, "docname": "actions/a"}
    new = updated_fingerprints(old, *log(moved, ACTION, ANN, {**ANN, "id": "bob"}), {"actions/a"},
                               TODAY, {})
    assert new == fingerprints(*log(moved, ACTION, ANN, {**ANN, "id": "bob"}), TODAY)
    # a removed record is gone
    assert updated_fingerprints(old, *log(ACTION, ANN), set(), TODAY, {}).keys() == {ACTION["id"], "ann"}
    # a new day, or a changed history, moves marks of records of any page: all again
    later = TODAY + dt.timedelta(days=30)
    assert updated_fingerprints(old, *log(unread, ACTION, ANN), set(), later, {}) == \
        fingerprints(*log(unread, ACTION, ANN), later)
    history = {"ACT-2020-001": dt.date(2019, 1, 1)}
    assert updated_fingerprints(old, *log(unread, ACTION, ANN), set(), TODAY, history) == \
        fingerprints(*log(unread, ACTION, ANN), TODAY, history)
