"""The importer finds records of a log's own types (conf.py's ``dmlog_types``) by the
hooks their declaration gives: a line that starts with one of its markers, and every
line of a section its section names open. A log without its own types reads as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dmlog import schema
from dmlog.importer import finder, style, vocabulary
from dmlog.log.registries import Entry

FIELDS = {"likelihood": {"values": ["low", "medium", "high"]},
          "impact": {"values": ["minor", "major", "severe"]}}
RISK = {"prefix": "RSK", "statuses": ["open", "retired"], "closed": ["retired"],
        "required": ["owner", "likelihood", "impact"]}
PEOPLE = [Entry(schema.PERSON, "bob", "docs/registry/people.yaml", 2, {"name": "Bob Builder"}),
          Entry(schema.PERSON, "ann", "docs/registry/people.yaml", 4, {"name": "Ann Author"})]
MINUTES = """\
# Review

- Risk: the hotel may be booked out (Bob)
- RISK #2 - the road may close, likelihood: high, major impact - Ann Author
- Risk of delay is low this quarter.
- Agreed: we keep the venue.

## Risks

- Snow on the summit
"""


@pytest.fixture
def risk_schema() -> Iterator[None]:
    yield
    schema.declare({}, {}, {})


def found(text: str) -> list[finder.Item]:
    with vocabulary.using(style.with_own_types(vocabulary.DEFAULT_TABLES)):
        _, lines = finder.read(text, True, PEOPLE, "2020-06-01")
    return [item for _, items in lines for item in items]


@pytest.mark.usefixtures("risk_schema")
def test_markers_and_sections_of_a_logs_own_type_find_its_records() -> None:
    schema.declare({"risk": RISK}, FIELDS, {})
    assert (schema.TYPES["risk"].markers, schema.TYPES["risk"].sections) == (("Risk",), ("Risks",))
    items = {item.lines[0]: item for item in found(MINUTES)}
    hotel, road, snow = items[3], items[4], items[10]
    assert (hotel.type, hotel.title, hotel.owners, hotel.rule) == (
        "risk", "The hotel may be booked out", ["bob"], "type:risk")
    # the values of its fields the line gives; its owner at the end, after a dash
    assert (road.type, road.owners) == ("risk", ["ann"])
    assert road.fields == {"likelihood": "high", "impact": "major"}
    assert (snow.type, snow.owners, snow.fields, snow.rule) == ("risk", [], {}, "section:risk")
    assert 5 not in items  # "Risk of delay is low": said of a risk, no record of one
    assert items[6].type == schema.DECISION


@pytest.mark.usefixtures("risk_schema")
def test_declared_markers_replace_the_title_and_a_log_without_own_types_reads_as_before() -> None:
    without = [(i.type, i.title) for i in found(MINUTES)]
    assert style.with_own_types(vocabulary.DEFAULT_TABLES) is vocabulary.DEFAULT_TABLES
    assert all(kind in (schema.DECISION, schema.ACTION) for kind, _ in without)
    schema.declare({"risk": {**RISK, "markers": ["Hazard"], "sections": ["Risk register"]}}, FIELDS, {})
    items = found("- Hazard: the road may close (Bob)\n- Risk: the hotel\n\n## Risk register\n\n- Snow\n")
    assert [(i.type, i.title) for i in items if i.type == "risk"] == [
        ("risk", "The road may close"), ("risk", "Snow")]


@pytest.mark.usefixtures("risk_schema")
@pytest.mark.parametrize(("declared", "message"), [
    ({"markers": ["Decision"]}, "'Decision' names the records of decision"),
    ({"sections": ["actions"]}, "'actions' names the records of action"),
    ({"markers": []}, "give at least one, like ['Risk']"),
    ({"markers": ["--"]}, "'--' is not a word or phrase"),
    ({"markers": "Risk"}, "must be a list of names"),
])
def test_markers_that_cannot_be_used_are_refused_saying_why(declared: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        schema.declare({"risk": {**RISK, **declared}}, FIELDS, {})
