"""`dmlog list --filter`, `--gaps` and `--format json`, run as a user runs them."""

from __future__ import annotations

import json

from helpers import PROJECT, dmlog


def test_filter_with_group_members_as_json_gives_ids_names_text_and_url() -> None:
    result = dmlog(PROJECT, "list", "actions", "--filter", "owner == limk and open",
                   "--format", "json")
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in json.loads(result.stdout)}
    # ACT-2019-002 is owed by "All DMLT", of which Kian-Tat Lim is a member
    assert sorted(records) == ["ACT-2019-002", "ACT-2019-010"]
    action = records["ACT-2019-010"]
    assert action["owners"] == [{"id": "limk", "name": "Kian-Tat Lim"}]
    assert action["links"]["meeting"][0]["id"] == "MTG-2019-03-dmlt-f2f"
    assert action["text"].startswith("Kian-Tat Lim — produce a DMTN")
    assert action["url"] == "https://dmlog.lsst.io/actions/2019/2019-03-dmlt-f2f.html#ACT-2019-010"
    assert action["type"] == "action" and action["status"] == "open"
    assert "no-due" in action["gaps"]


def test_gaps_on_the_seed_log_match_the_issue() -> None:
    """9 of 12 decisions without an implementing action, 10 of 10 actions without a due
    date, 6 of 12 decisions without an owner."""
    result = dmlog(PROJECT, "list", "all", "--gaps", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    count = {gap: sum(gap in r["gaps"] for r in records)
             for gap in ("no-action", "no-due", "no-owner")}
    assert count == {"no-action": 9, "no-due": 10, "no-owner": 6}
    assert all(r["gaps"] for r in records)


def test_a_bad_filter_is_one_line_with_what_is_expected() -> None:
    result = dmlog(PROJECT, "list", "decisions", "--filter", "staus == adopted")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        result.stderr.strip()]  # one line
    assert "unknown field 'staus'" in result.stderr and "status" in result.stderr
    assert "Traceback" not in result.stderr


def test_filter_on_dates_in_a_table() -> None:
    result = dmlog(PROJECT, "list", "decisions", "--filter",
                   "date == 2019-03 and status == adopted and owner == duboisfelsmanngp")
    assert result.returncode == 0, result.stderr
    ids = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert ids == ["DEC-2019-002", "DEC-2019-003", "DEC-2019-004", "DEC-2019-005", "DEC-2019-006"]


def test_a_filter_nested_3000_deep_is_one_line_not_a_traceback() -> None:
    result = dmlog(PROJECT, "list", "actions", "--filter", "not " * 3000 + "open")
    assert result.returncode == 1
    assert "more than 50 deep" in result.stderr and "Traceback" not in result.stderr


def test_json_says_what_links_to_each_record_as_its_card_does() -> None:
    """The command knows the back-links the site shows (dmlog.log.graph): the actions
    implementing a decision, the decisions and actions of a meeting."""
    result = dmlog(PROJECT, "list", "all", "--filter", "id in (DEC-2019-008, DEC-2019-001)",
                   "--format", "json")
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert records["DEC-2019-008"]["linked_from"] == {"implemented by": [
        {"id": "ACT-2019-004", "name": "Revisit RFC-243 for QAWG-REC-20 and capture what is now being done"},
        {"id": "ACT-2019-005", "name": "Talk about the development path for metrics (QAWG-REC-34)"}]}
    assert records["DEC-2019-001"]["linked_from"] == {}  # one of the 9 without an action
