"""The line scorer beside the rules, with a model written here (not the shipped one)."""

from __future__ import annotations

from dmlog.importer import finder, scorer
from dmlog.log.sources import load_log
from helpers import PROJECT

# A result line with no rule ("5 in favour, 0 against: accepted.") is a decision; an action marker, a name
# followed by "to" or a pronoun with "will" is an action; a line the rules read as an
# action but that starts with a gerund ("Presenting the figures, AL will …") is not.
MODEL = scorer.Model({
    "decision": {"bias": -4.0, "tally": 2.5, "result": 2.5},
    "action": {"bias": -4.0, "rule-action": 4.5, "gerund-first": -6.0, "pronoun-will": 5.0,
               "table-row": 3.0, "role:actions": 2.0, "action-marker": 2.0, "name-to": 2.5},
}, write=0.5, queue=0.15)

MINUTES = """\
# Board call

Present: Ana Lima (AL), Bo Chen (BC)

## Budget

- Moved by AL: approve the 2024 budget as circulated
- 5 in favour, 0 against: accepted.
- Presenting the figures, AL will send them round
- Bo is bisecting the failure, he will report back on Friday

## Action items

| What | Name | When |
|---|---|---|
| Send the minutes to the list | Ana Lima | 2024-03-10 |
"""


def _review(model: scorer.Model = MODEL, accept: frozenset[int] = frozenset()) -> tuple[list, list]:
    entries = load_log(PROJECT).entries
    reader, found = finder.read(MINUTES, True, entries, "2024-03-05")
    queue = scorer.review(found, reader, model, accept)
    return [item for _, items in found for item in items], queue


def test_a_bare_result_becomes_a_decision_with_the_motion_it_answers() -> None:
    items, _ = _review()
    decision = next(i for i in items if i.type == "decision")
    assert decision.lines == [7, 8] and decision.rule == "scorer"
    assert decision.title.startswith("Moved by AL: approve the 2024 budget")


def test_owners_written_as_a_pronoun_or_in_a_table_column() -> None:
    items, _ = _review()
    actions = {i.lines[0]: i for i in items if i.type == "action"}
    assert [o.written for o in actions[10].written] == ["Bo"] and actions[10].rule == "name-pronoun-will"
    assert actions[10].title == "Report back on Friday"
    assert 14 not in actions and 15 not in actions  # the header and the rule under it
    assert [o.written for o in actions[16].written] == ["Ana Lima"] and actions[16].rule == "scorer/table"
    assert actions[16].title == "Send the minutes to the list"


def test_a_rule_record_the_scorer_rates_low_is_queued_not_lost_and_can_be_accepted() -> None:
    items, queue = _review()
    assert 9 not in {n for i in items for n in i.lines}
    queued = [p for p in queue if 9 in p.item.lines]
    assert len(queued) == 1 and queued[0].item.type == "action" and queued[0].score < MODEL.queue
    assert "rule" in queued[0].why
    items, queue = _review(accept=frozenset({9}))
    assert 9 in {n for i in items for n in i.lines} and not [p for p in queue if 9 in p.item.lines]


def test_between_the_bars_a_line_is_queued_and_above_them_written() -> None:
    cautious = scorer.Model(MODEL.weights, write=0.99, queue=0.15)
    items, queue = _review(cautious)
    assert not [i for i in items if i.rule.startswith("scorer")]
    assert {p.item.lines[-1] for p in queue} >= {8, 16}
    assert all(cautious.queue <= p.score < cautious.write for p in queue if "no rule fired" in p.why)


def test_a_line_with_a_marker_word_no_rule_read_is_queued_whatever_its_score() -> None:
    """"Moved by AL: approve …" says "approve": it is shown to the person importing, not dropped."""
    _, queue = _review()
    motion = [p for p in queue if p.item.lines[-1] == 7]
    assert not motion  # it is the subject of the decision below it, written with it
    deaf = scorer.Model({"decision": {"bias": -9.0}, "action": {"bias": -9.0}})
    items, queue = _review(deaf)
    assert not [i for i in items if i.rule.startswith("scorer")]
    queued = {p.item.lines[-1]: p for p in queue}
    assert 7 in queued and "'approve'" in queued[7].why, [(n, p.why) for n, p in queued.items()]


def test_the_model_reads_the_same_from_its_json() -> None:
    text = scorer.MODEL.read_text(encoding="utf-8")
    model = scorer.load_model()
    features = {"rule-action": 1.0, "name-to": 1.0}
    assert model.probability("action", features) == scorer.load_model().probability("action", features)
    assert "pickle" not in text and text.lstrip().startswith("{")
