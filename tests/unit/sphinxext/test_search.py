"""What the search index keeps of a record: words, what a result shows, filters; and
Pagefind run as a program that is stopped, and named, when it hangs or fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docutils.core import publish_doctree

from dmlog.sphinxext import search
from dmlog.sphinxext.search import (
    commonest_word,
    discussion_text,
    filter_table,
    fragment_urls,
    index_entry,
    page_entry,
    plain_text,
    stub_page,
    stub_path,
)
from helpers import facts_of, model_records

#: the records the records indexed name
NAMED = [{"id": "limk", "type": "person", "title": "Kian-Tat Lim"},
         {"id": "dmlt", "type": "group", "title": "DM Leadership Team"},
         {"id": "MTG-2019-03-dmlt-f2f", "type": "meeting", "title": "DMLT face-to-face, March 2019"}]


def entry_of(record: dict[str, Any], url: str, text: str = "") -> dict[str, Any]:
    """What the index keeps of the record, in a log of it and the records it names."""
    facts = facts_of([*NAMED, record])
    return index_entry(facts.records[record["id"]], url, facts, text)


def test_myst_markup_is_not_indexed() -> None:
    assert plain_text("Use **Gaia** DR2, see {doc}`the plan <plan>` and [DMTN-085](https://x/y).\n\n"
                      "Next  line") == "Use Gaia DR2, see the plan <plan> and DMTN-085. Next line"


def test_underscores_are_kept_but_those_of_emphasis() -> None:
    assert plain_text("obs_subaru, _dax_ and __strong__ or snake_case_name_") == (
        "obs_subaru, dax and strong or snake_case_name")


def test_a_meeting_page_gives_its_discussion_and_its_minutes_as_results_of_their_own() -> None:
    doctree = publish_doctree("Meeting page\n============\n\n.. class:: need\n\nThe record's text.\n\n"
                              "After the record.\n\n"
                              "Discussion\n----------\n\n- A session in Tucson on obs_subaru.\n\n"
                              "Later\n-----\n\n::\n\n    kept as written\n",
                              settings_overrides={"doctitle_xform": False})
    anchor, text = discussion_text(doctree)
    assert anchor == "discussion"
    assert text == "After the record. Discussion A session in Tucson on obs_subaru. Later kept as written"
    meeting, = model_records([{"id": "MTG-2019-03-dmlt-f2f", "type": "meeting", "title": "DMLT face-to-face",
                               "date": "2019-03"}])
    entry = page_entry(search.DISCUSSION, meeting, "docs/m.html#discussion", text)
    assert entry["meta"] == {"title": "DMLT face-to-face: meeting discussion", "id": "MTG-2019-03-dmlt-f2f",
                             "type": "Meeting discussion", "date": "2019-03"}
    assert entry["filters"] == {"type": ["Meeting discussion"], "meeting": ["DMLT face-to-face"],
                                "year": ["2019"]}
    minutes = page_entry(search.MINUTES, meeting, "_downloads/ab/m.txt", "Minutes\n\n  <b>as</b>  pasted")
    assert minutes["text"] == "Minutes <b>as</b> pasted"  # escaped in its page, as every text
    assert "&lt;b&gt;as&lt;/b&gt;" in stub_page(minutes)
    assert [stub_path(e) for e in (entry, minutes)] == ["r/MTG-2019-03-dmlt-f2f/discussion.html",
                                                        "r/MTG-2019-03-dmlt-f2f/minutes.html"]


def test_a_record_is_a_result_of_its_own_with_its_facts_and_filters() -> None:
    need = {"id": "ACT-2019-011", "type": "action", "title": "Produce a DMTN", "status": "open",
            "owner": ["limk", "dmlt"], "meeting": ["MTG-2019-03-dmlt-f2f"], "milestone": ["LDM-503-10a"],
            "due": "2019-06-30"}
    entry = entry_of(need, "actions/2019/f2f.html#ACT-2019-011", "Kian-Tat Lim — produce a *DMTN*.")
    assert entry["url"] == "actions/2019/f2f.html#ACT-2019-011"
    # owners as the site lists them (sorted by ID)
    assert entry["meta"] == {"title": "Produce a DMTN", "id": "ACT-2019-011", "type": "Action",
                             "status": "open", "owners": "DM Leadership Team, Kian-Tat Lim",
                             "date": "2019-06-30"}
    assert entry["filters"] == {"type": ["Action"], "status": ["open"],
                                "owner": ["DM Leadership Team", "Kian-Tat Lim"],
                                "meeting": ["DMLT face-to-face, March 2019"],
                                "milestone": ["LDM-503-10a"], "year": ["2019"]}
    assert entry["title"] == "Produce a DMTN"
    assert entry["text"] == "Kian-Tat Lim — produce a DMTN. DM Leadership Team, Kian-Tat Lim. ACT-2019-011."


def test_a_record_without_status_owner_or_date_has_only_its_type() -> None:
    entry = entry_of({"id": "ann", "type": "person", "title": "Ann Author"}, "p.html#ann")
    assert entry["filters"] == {"type": ["Person"]}
    assert entry["text"] == "ann."


def test_the_page_indexed_for_a_record_marks_what_a_result_shows_and_escapes_its_text() -> None:
    need = {"id": "DEC-2019-001", "type": "decision", "title": "Use <b>Gaia</b>", "status": "adopted",
            "owner": ["limk"]}
    page = stub_page(entry_of(need, "decisions/x.html#DEC-2019-001", "<script>alert(1)</script> & more"))
    assert '<h1 data-pagefind-meta="title">Use &lt;b&gt;Gaia&lt;/b&gt;</h1>' in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert '<span data-pagefind-meta="target">decisions/x.html#DEC-2019-001</span>' in page
    assert '<span data-pagefind-meta="owners">Kian-Tat Lim</span>' in page
    assert "data-pagefind-filter" not in page  # the filters are in the filter table
    assert '<div data-pagefind-ignore>' in page  # the facts are shown, not searched


def test_the_filter_table_gives_each_result_the_positions_of_its_values() -> None:
    filters = {"r/DEC-2020-001.html": {"type": ["Decision"], "status": ["adopted"],
                                       "owner": ["Bob Builder", "Ann Author"], "year": ["2020"]},
               "r/ACT-2020-001.html": {"type": ["Action"], "owner": ["Bob Builder"],
                                       "meeting": ["Review"], "year": ["2020"]}}
    results = [("en_1a", "/r/DEC-2020-001.html"), ("en_2b", "/r/ACT-2020-001.html"),
               ("en_3c", "/docs/help.html")]
    table = filter_table(filters, results)
    assert table["names"] == ["type", "status", "owner", "meeting", "milestone", "year"]
    assert table["values"] == {"type": ["Action", "Decision"], "status": ["adopted"],
                               "owner": ["Ann Author", "Bob Builder"], "meeting": ["Review"],
                               "milestone": [], "year": ["2020"]}
    assert table["pages"] == {"en_1a": [[1], [0], [1, 0], [], [], [0]],
                              "en_2b": [[0], [], [1], [0], [], [0]]}  # not the page of prose


def test_the_warm_up_word_is_the_one_in_most_records_counted_once_each() -> None:
    texts = ["Plan the plan, plan again.", "Gaia DR2 and the plan.", "Gaia data, Gaia DR3.", "Gaia 2019."]
    assert commonest_word(texts) == "gaia"  # in three records; "plan" is in two, thrice in one
    assert commonest_word(["Use it, do it.", "Do use."]) == "use"  # "do" is too short; ties by name
    assert commonest_word(["42 7", ""]) == ""


def test_the_results_of_a_bundle_are_read_from_its_fragments(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "r").mkdir(parents=True)
    for record_id in ("DEC-2020-001", "ACT-2020-001"):
        (site / search.stub_path({"meta": {"id": record_id, "type": "Decision"}})).write_text(
            f'<html lang="en"><body><article><h1>{record_id}</h1><p>Gaia</p></article></body></html>',
            encoding="utf-8")
    search._write_index(tmp_path / "bundle", site)
    found = dict(fragment_urls(tmp_path / "bundle"))
    assert sorted(found.values()) == ["/r/ACT-2020-001.html", "/r/DEC-2020-001.html"]
    assert all((tmp_path / "bundle" / "fragment" / f"{key}.pf_fragment").exists() for key in found)


def _fake_pagefind(tmp_path: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    program = tmp_path / "pagefind"
    program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    site = tmp_path / "work" / "site"
    site.mkdir(parents=True)
    return site


def test_a_pagefind_that_hangs_is_stopped_and_named(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    site = _fake_pagefind(tmp_path, "sleep 30", monkeypatch)
    monkeypatch.setattr(search, "INDEX_TIMEOUT", 0.2)
    with pytest.raises(RuntimeError, match=r"did not finish within 0\.2 s"):
        search._write_index(tmp_path / "bundle", site)


def test_a_pagefind_that_fails_says_what_it_printed(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    site = _fake_pagefind(tmp_path, "echo 'Error: no pages found' >&2; exit 3", monkeypatch)
    with pytest.raises(RuntimeError, match="exit status 3: Error: no pages found"):
        search._write_index(tmp_path / "bundle", site)


def test_pagefind_indexes_the_folder_into_the_bundle(tmp_path: Path) -> None:
    site = tmp_path / "work" / "site"
    (site / "r").mkdir(parents=True)
    (site / "r" / "DEC-2020-001.html").write_text(
        '<html lang="en"><body><article><h1>Adopt the plan</h1><p>Gaia DR2</p></article></body></html>',
        encoding="utf-8")
    search._write_index(tmp_path / "bundle", site)
    assert (tmp_path / "bundle" / "pagefind.js").exists()
    assert list((tmp_path / "bundle").glob("fragment/*.pf_fragment"))
