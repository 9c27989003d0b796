"""The importer's layers one by one: cleaning and sentences, formats and sections,
the vocabulary's tables, people of the attendee block, due dates."""

from __future__ import annotations

import pytest

from dmlog.importer import dates, structure, vocabulary
from dmlog.importer.owners import parse_people


@pytest.mark.parametrize(("written", "clean"), [
    ("• Jane Doe will renew it", "Jane Doe will renew it"),
    ("> **Action:** Ann to book", "Action: Ann to book"),
    ("***Action #2: update the wiki (jdoe)***", "Action #2: update the wiki (jdoe)"),
    ("- [ ] @jdoe write the notes", "@jdoe write the notes"),
    ("* [x] _Kim_ closes it", "Kim closes it"),
    ("<b>Agreed</b>: yes", "Agreed: yes"),
    ("obs_lsst and `__init__` stay", "obs_lsst and `__init__` stay"),
])
def test_clean_removes_what_hides_the_words(written: str, clean: str) -> None:
    assert structure.clean(written) == clean


def test_sentences_split_paragraphs_and_breaks_but_not_abbreviations() -> None:
    text = structure.clean("We met, e.g. on Zoom. Jane Doe will write it up.<br>Łukasz to review. "
                           "Dr. Who agrees.")
    assert structure.sentences(text) == [
        "We met, e.g. on Zoom.", "Jane Doe will write it up.", "Łukasz to review.", "Dr. Who agrees."]
    assert structure.clauses("Agreed to adopt RFC-1; Jane to file tickets") == [
        "Agreed to adopt RFC-1", "Jane to file tickets"]


def test_formats_are_recognised() -> None:
    irc = "14:00 <ann> hello\n14:01 <bob> ACTION: ann to go\n14:02 <ann> ok\n"
    assert structure.detect_format(irc, markdown=False) == "irc"
    wrapped = ("   The board discussed the budget for the coming year and the way\n"
               "   it is reported to the members of the foundation at the meeting.\n\n"
               "   There was consensus that the treasurer will present it again in\n"
               "   June, with the numbers of the first quarter of the fiscal year.\n\n"
               "   Adjourned.\n")
    assert structure.detect_format(wrapped, markdown=False) == "wrapped"
    assert structure.detect_format("Jane Doe — do it\nAgreed: yes\n", markdown=False) == "text"
    lines = structure.logical_lines(wrapped, markdown=False)
    assert [line.numbers for line in lines] == [[1, 2], [4, 5], [7]]


def test_irc_lines_speak_for_their_nick_or_the_scribes_subject() -> None:
    lines = structure.logical_lines(
        "<ann> scribe: ann\n<ann> bob: I will fix it\n<bob> I'll also test it\n<ann> ACTION: bob to ship\n",
        markdown=False)
    assert [line.clean for line in lines] == [
        "scribe: ann", "bob: I will fix it", "bob: I'll also test it", "ACTION: bob to ship"]
    assert lines[2].speaker == "bob"


def test_sections_and_their_roles() -> None:
    assert vocabulary.section_role("Action items") == "actions"
    assert vocabulary.section_role("Summary of resolutions") == "decisions"
    assert vocabulary.section_role("Board Members Not Attending") == "regrets"
    assert vocabulary.section_role("Steering Committee Attendees") == "attendees"
    assert vocabulary.section_role("Action item review") is None
    lines = structure.logical_lines(
        "# Notes\n\n## Attendees\n\n* Jane Doe (JD)\n\n## Action items\n\n* JD: send it\n\n"
        "## Other\n\ntext\n",
        markdown=True)
    roles = {line.clean: line.role for line in lines if line.kind == "text"}
    assert roles == {"Jane Doe (JD)": "attendees", "JD: send it": "actions", "text": ""}


def test_the_vocabulary_is_a_table_of_named_rules_with_examples() -> None:
    rules = vocabulary.DECISION_RULES + vocabulary.ACTION_RULES + vocabulary.ACTION_SECTION_RULES
    assert len({rule.name for rule in rules}) == len(rules)
    for rule in rules:
        assert rule.kind in ("decision", "action") and rule.example


@pytest.mark.parametrize(("text", "task"), [
    ("renew the certificate", True), ("update the wiki", True), ("Send suggestions", True),
    ("update on the crater run: going well", False), ("Some University", False),
    ("the next cliff is in September", False), ("reviewed the proposal", False),
    ("are the disks in hand?", False), ("approve", False),
    ("do the split into ABC Butler", True), ("do we need a new release?", False), ("do you", False),
])
def test_a_task_starts_with_a_verb(text: str, task: bool) -> None:
    assert vocabulary.is_task(text) is task


def test_attendee_entries_declare_initials_handles_and_absence() -> None:
    people = parse_people("Jane Doe (JD), Ann Lee (@alee) - Some University, ~~Kim Smith~~, plh")
    assert [(p.name, sorted(p.initials), sorted(p.handles), p.present) for p in people] == [
        ("Jane Doe", ["JD"], [], True), ("Ann Lee", ["AL"], ["alee"], True),
        ("Kim Smith", ["KS"], [], False), ("plh", [], [], True)]


@pytest.mark.parametrize(("text", "due"), [
    ("send it by Friday", "2024-05-10"),  # the meeting is on Wednesday 2024-05-08
    ("by Wednesday", "2024-05-15"),
    ("book it next week", "2024-05-15"),
    ("close it by end of month", "2024-05-31"),
    ("by the end of the week", "2024-05-10"),
    ("by May 20", "2024-05-20"),
    ("due 3 June 2024", "2024-06-03"),
    ("by 2 May", "2025-05-02"),  # a day already past: next year's
    ("by June", "2024-06"),
    ("within two weeks", "2024-05-22"),
    ("tomorrow", "2024-05-09"),
    ("by 2024-06-01", "2024-06-01"),
    ("by 2024-13-01", ""),
    ("before the next meeting", ""),
])
def test_due_dates(text: str, due: str) -> None:
    found = dates.find_due(text, "2024-05-08")
    assert found is not None and found.date == due, (text, found)


def test_no_due_date_and_month_only_meetings() -> None:
    assert dates.find_due("for March data", "2024-05-08") is None
    assert dates.find_due("nothing here", "2024-05-08") is None
    unresolved = dates.find_due("by Friday", "2024-05")
    assert unresolved is not None and unresolved.date == "" and unresolved.phrase == "by Friday"


def test_hyphenated_names_and_affiliations() -> None:
    people = parse_people("Kian-Tat Lim (KTL), Jean-Christophe Morin - Freelance, Ann Lee – Some Univ")
    assert [(p.name, sorted(p.initials)) for p in people] == [
        ("Kian-Tat Lim", ["KTL"]), ("Jean-Christophe Morin", ["JCM"]), ("Ann Lee", ["AL"])]


def test_a_due_date_given_alone_is_read_as_the_importer_reads_minutes() -> None:
    """`dmlog new --due` and the importer: one parser."""
    assert [dates.parse_due(text, "2026-12-02") for text in (
        "next week", "Friday", "by end of month", "in 2 weeks", "May 10", "2026-12-24", "tomorrow",
    )] == ["2026-12-09", "2026-12-04", "2026-12-31", "2026-12-16", "2027-05-10", "2026-12-24", "2026-12-03"]
    assert dates.parse_due("soon", "2026-12-02") is None
    assert dates.parse_due("the next meeting", "2026-12-02") is None
    assert dates.parse_due("Friday or so", "2026-12-02") is None
