"""Which pages an incremental build rewrites: a pure decision over two builds' records."""

from __future__ import annotations

import datetime as dt

from dmlog.sphinxext.incremental import (
    TODAY_KIND,
    fingerprints,
    moved_neighbours,
    pages_to_rewrite,
    updated_fingerprints,
)
from dmlog.sphinxext.state import Pages

TODAY = dt.date(2020, 6, 15)
DECISION = {"id": "DEC-2020-001", "type": "decision", "title": "Adopt", "status": "adopted",
            "docname": "decisions/d"}
ACTION = {"id": "ACT-2020-001", "type": "action", "title": "Write", "status": "open",
          "docname": "actions/a", "owner": ["ann"], "decision": ["DEC-2020-001"], "due": "2020-07-01"}
ANN = {"id": "ann", "type": "person", "title": "Ann", "docname": "docs/people/ann"}


def state(*records: dict) -> Pages:
    return Pages(records=fingerprints(records, TODAY),
                 shown={"docs/index": {"ACT-2020-001"}, "decisions/d": {"DEC-2020-001"},
                        "docs/other": {"DEC-2020-001"}},
                 cards={"decisions/d": {"DEC-2020-001"}, "docs/people/ann": {"ann"}},
                 lists={"docs/actions": {"action"}, "docs/needs": {"*"}, "docs/people": {"person"}})


def rewrite(old: tuple[dict, ...], new: tuple[dict, ...]) -> set[str]:
    return pages_to_rewrite(state(*old), fingerprints(new, TODAY))


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
    assert fingerprints([ACTION], dt.date(2020, 8, 1)) != fingerprints([ACTION], TODAY)


def test_a_removed_record_rewrites_the_pages_that_showed_it() -> None:
    assert {"decisions/d", "docs/other"} <= rewrite((DECISION, ACTION, ANN), (ACTION, ANN))


def test_a_new_day_rewrites_the_pages_that_read_the_date_and_those_of_moved_marks() -> None:
    old = state(DECISION, ACTION, ANN)
    old.today = TODAY
    old.lists["docs/ages"] = {"decision", TODAY_KIND}
    tomorrow = TODAY + dt.timedelta(days=1)
    # nothing's marks moved: only the page reading the date
    assert pages_to_rewrite(old, fingerprints((DECISION, ACTION, ANN), tomorrow), tomorrow) == {
        "docs/ages"}
    assert pages_to_rewrite(old, fingerprints((DECISION, ACTION, ANN), TODAY), TODAY) == set()
    # the action is due within 14 days from 2020-06-17: pages showing or listing it too
    later = dt.date(2020, 6, 20)
    assert pages_to_rewrite(old, fingerprints((DECISION, ACTION, ANN), later), later) == {
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
    new = updated_fingerprints(old, [unread, done, ANN], {"actions/a"}, TODAY, {})
    assert new == fingerprints([DECISION, done, ANN], TODAY)
    # a record that moved to a page read again, and a new one, are fingerprinted
    moved = {**DECISION, "docname": "actions/a"}
    new = updated_fingerprints(old, [moved, ACTION, ANN, {**ANN, "id": "bob"}], {"actions/a"},
                               TODAY, {})
    assert new == fingerprints([moved, ACTION, ANN, {**ANN, "id": "bob"}], TODAY)
    # a removed record is gone
    assert updated_fingerprints(old, [ACTION, ANN], set(), TODAY, {}).keys() == {ACTION["id"], "ann"}
    # a new day, or a changed history, moves marks of records of any page: all again
    later = TODAY + dt.timedelta(days=30)
    assert updated_fingerprints(old, [unread, ACTION, ANN], set(), later, {}) == \
        fingerprints([unread, ACTION, ANN], later)
    history = {"ACT-2020-001": dt.date(2019, 1, 1)}
    assert updated_fingerprints(old, [unread, ACTION, ANN], set(), TODAY, history) == \
        fingerprints([unread, ACTION, ANN], TODAY, history)
