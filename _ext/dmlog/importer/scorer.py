"""A learned line scorer beside the rules: how likely a line holds a decision or an action.

The rules (``vocabulary``) name what they recognise; minutes of a community nobody wrote a
rule for say the same things in other words ("Accepted.", "#action nick to …", "Poll
passes", a table of action items). Each logical line is described by generic features —
markers, modal verbs, a person's name at its start, a vote tally, its list depth, its
section's role, which rule fired on it — and two logistic regressions (decision, action)
trained on the labelled corpus (``bench/train_line_scorer.py``, numpy) give each a
probability. The model is plain data, ``line_model.json``: weights by feature name, no
code, read the same way on every run.

Combined with the rules (``review``): a line no rule read but the scorer rates at least
``write`` becomes a record; between ``queue`` and ``write``, or below with a word that
marks records ("will", "agreed", "action": ``vocabulary.LOOKS_LIKE_RECORD``), it goes to
the review queue; a rule's record the scorer rates below ``queue`` goes to the queue
instead of the log.
Nothing is lost: the queue is in the plan, on the meeting page and accepted with
``dmlog import --accept LINE,…``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from dmlog import schema
from dmlog.importer import structure, vocabulary
from dmlog.importer.finder import MARKDOWN_LINK, NOT_RECORD_ROLES, UNASSIGNED, Finder, Item, subject_of, title
from dmlog.importer.owners import Owner
from dmlog.importer.structure import Line

MODEL = Path(__file__).with_name("line_model.json")
KINDS = (schema.DECISION, schema.ACTION)

_DECISION_WORDS = re.compile(
    r"\b(?:agreed|agree|agreement|decided|decision|resolved|resolution|approved|approval|accepted"
    r"|adopted|consensus|concluded|conclusion|carried|passed|passes|ratified|elected|endorsed"
    r"|objections?|objected|stage\s+\d)\b", re.I)
_RESULT = vocabulary.RESULT
_TALLY = vocabulary.TALLY
_MOTION = vocabulary.MOTION
_ACTION_MARK = re.compile(r"(?:^|[\s(])#?(?:action(?:\s+items?)?|todo|to-?do)\b|(?:^|\s)AI\b", re.I)
_WILL = re.compile(r"\b(?:will|'ll|shall|is going to|are going to)\s+(?!be\b)[a-z]")
_NAME_TO = re.compile(rf"^(?:{vocabulary.NAMES}|[a-z][\w.-]{{1,24}})\s+(?:to|will|'ll)\s+[a-z]")
_FIRST_PERSON = re.compile(r"\bI(?:'ll|\s+will|\s+can|\s+am going to)\b")
_PRONOUN_WILL = re.compile(r"\b(?:he|she|they)\s+(?:will|'ll|would)\b", re.I)
_VOLUNTEER = re.compile(r"\b(?:volunteer\w*|offered|vowed|promised|agreed to|take (?:this|it) on)\b", re.I)
_REPORT = re.compile(r"\b(?:presented|reported|summari[sz]ed|discussed|asked|explained|raised|mentioned"
                     r"|noted|notes?|showed|walked through|relayed|observed|highlighted)\b", re.I)
_STATUS = re.compile(r"\b(?:done|completed|carried forward|still pending|in progress|released|is out"
                     r"|is live)\b\W*$", re.I)
#: What will or will not be, said of a thing ("is placed on a waiting list", "will not be part of
#: 3.6", "would be retained"): how minutes state an outcome without a marker word.
_OUTCOME = re.compile(r"\b(?:will|would|shall)\s+(?:not\s+)?be\s+(?:\w+ly\s+)?"
                      r"(?:\w+ed|kept|part of|made|done)\b"
                      r"|\b(?:is|are)\s+(?:now\s+)?(?:placed|moved|dropped|kept|retained|removed|added|deferred"
                      r"|postponed|closed|merged|deprecated)\b|\bmoves? from\b", re.I)
_NEED = re.compile(r"\b(?:need(?:s)? to|should|must|have to|has to)\b", re.I)
_SECTION_DECIDED = vocabulary.SECTION_DECIDED
_SECTION_ACTIONS = re.compile(r"\b(?:actions?|todos?|to-?dos?|next steps|follow[- ]?ups?|tasks)\b", re.I)
_NOT_RECORD_ROLES = NOT_RECORD_ROLES


# -- the model ----------------------------------------------------------------------
@dataclass
class Model:
    """Two logistic regressions over named features, and the bars that use them."""

    weights: dict[str, dict[str, float]]  # kind -> feature -> weight ("bias" included)
    write: float = 0.5
    queue: float = 0.15
    trained_on: list[str] = field(default_factory=list)  # the communities it was trained with

    def probability(self, kind: str, features: dict[str, float]) -> float:
        weights = self.weights[kind]
        z = weights.get("bias", 0.0) + sum(weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, object]:
        return {"write": self.write, "queue": self.queue, "trained_on": self.trained_on,
                "weights": {k: dict(sorted(w.items())) for k, w in self.weights.items()}}


def load_model(path: Path = MODEL) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model({k: {n: float(v) for n, v in data["weights"][k].items()} for k in KINDS},
                 float(data["write"]), float(data["queue"]), list(data.get("trained_on", [])))


# -- features -----------------------------------------------------------------------
@dataclass
class Context:
    """What a line's features need beyond the line: its neighbours and section."""

    previous: Line | None
    following: Line | None
    heading: str  # the nearest heading or section line above it


def said(line: Line) -> tuple[str, re.Match[str] | None]:
    """What a line says (links as their text, no enumerator) and who says it, if it starts
    with a speaker ("Bob: …"; "Motion:" is no one speaking)."""
    text = MARKDOWN_LINK.sub(r"\1", structure.strip_enumerator(line.clean))
    speaker = vocabulary.SPEAKER.match(text)
    if speaker and speaker["speaker"] not in vocabulary.NOT_NAMES:
        return text[speaker.end():], speaker
    return text, None


def features(line: Line, items: list[Item], context: Context, finder: Finder) -> dict[str, float]:
    """The generic features of a logical line: no word of any one community's minutes."""
    text, speaker = said(line)  # who speaks is a feature; what they say is the text
    words = text.split()
    out: dict[str, float] = {}

    def flag(name: str, on: object) -> None:
        if on:
            out[name] = 1.0

    flag("decision-words", _DECISION_WORDS.search(text))
    flag("result", _RESULT.search(text))
    flag("tally", _TALLY.search(text))
    flag("motion", _MOTION.search(text))
    flag("action-marker", _ACTION_MARK.search(line.text))
    flag("will", _WILL.search(text))
    flag("name-to", _NAME_TO.match(re.sub(r"^\W*(?:#?action|AI|TODO)\b\W*", "", text, flags=re.I)))
    flag("first-person", _FIRST_PERSON.search(text))
    flag("pronoun-will", _PRONOUN_WILL.search(text))
    flag("volunteer", _VOLUNTEER.search(text))
    flag("report-verb", _REPORT.search(" ".join(words[:4])))
    flag("status-tail", _STATUS.search(text))
    flag("need", _NEED.search(text))
    flag("outcome", _OUTCOME.search(text))
    flag("question", text.rstrip().endswith("?"))
    flag("negated", vocabulary.negated(text))  # "No consensus that …": a decision not taken
    flag("imperative", vocabulary.is_task(text, line_start=True))
    flag("speaker", line.speaker or speaker)
    first = words[0].lower().strip(",.;:*_") if words else ""
    flag("gerund-first", first.endswith("ing"))
    flag("past-first", first.endswith("ed"))
    flag("short-result", len(words) <= 6 and _RESULT.search(text))
    start = re.match(rf"^(?:{vocabulary.NAME}|[a-z][\w.-]{{1,24}})", text)
    flag("known-person-first", start and finder.people.known(start.group(0)))
    flag("short", len(words) <= 4)
    flag("long", len(words) > 30)
    flag("table-row", line.text.lstrip().startswith("|") and line.text.count("|") >= 3)
    flag("list-item", line.prefix.strip() or structure._GLYPH_START.match(line.text))
    flag("nested", line.depth >= 2 and (line.prefix or structure._GLYPH_START.match(line.text)))
    flag(f"role:{line.role or 'none'}", True)
    flag("section-decided", _SECTION_DECIDED.search(context.heading))
    flag("section-actions", _SECTION_ACTIONS.search(context.heading))
    flag("after-motion", context.previous is not None and _MOTION.search(context.previous.clean))
    flag("before-result", context.following is not None and _RESULT.search(context.following.clean)
         and len(context.following.clean.split()) <= 12)
    for item in items:
        rule = item.rule.split(":")[-1].split("/")[0] or "line"
        out[f"rule-{item.type}"] = 1.0
        out[f"rule:{rule}"] = 1.0
        flag("rule-unassigned", item.type == schema.ACTION and UNASSIGNED in item.unresolved)
    return out


def contexts(found: list[tuple[Line, list[Item]]]) -> list[Context]:
    """Each line's neighbours (text lines only) and the heading it is under."""
    texts = [line for line, _ in found if line.kind == "text"]
    out: list[Context] = []
    heading = ""
    position = -1
    for line, _ in found:
        if line.kind == "heading" or line.role == "heading":
            heading = line.clean
        if line.kind == "text":
            position += 1
        previous = texts[position - 1] if line.kind == "text" and position > 0 else None
        following = texts[position + 1] if line.kind == "text" and position + 1 < len(texts) else None
        out.append(Context(previous, following, heading))
    return out


def candidate(line: Line) -> bool:
    """Whether a line can hold a record at all (not a heading, a name list or blank)."""
    return line.kind == "text" and line.role not in _NOT_RECORD_ROLES and line.part_of is None \
        and bool(line.clean.strip())


# -- the review queue ----------------------------------------------------------------
@dataclass
class Possible:
    """A line that looks like a record but is below the bar: for a person to decide."""

    item: Item
    score: float
    why: str


def review(found: list[tuple[Line, list[Item]]], finder: Finder, model: Model,
           accept: set[int] | frozenset[int] = frozenset()) -> list[Possible]:
    """Combine the rules' records with the scorer's: add the lines it rates highly, queue
    the doubtful ones (a rule's record it rates low included). ``accept``: line numbers
    whose queued record is written after all (``--accept``). Changes ``found`` in place."""
    queue: list[Possible] = []
    for index, ((line, items), context) in enumerate(zip(found, contexts(found), strict=True)):
        if not candidate(line):
            continue
        feats = features(line, items, context, finder)
        scores = {kind: model.probability(kind, feats) for kind in KINDS}
        kept: list[Item] = []
        for item in items:
            if item.type not in scores:  # a record of the log's own type, found by its marker
                kept.append(item)
                continue
            score = scores[item.type]
            if score < model.queue and not set(item.lines) & accept:
                queue.append(Possible(item, score, f"rule {item.rule} fired, but the scorer rates it "
                                                   f"{score:.2f}, below {model.queue}"))
            else:
                kept.append(item)
        if not items:
            kind = max(KINDS, key=lambda k: scores[k])
            score = scores[kind]
            marked = vocabulary.LOOKS_LIKE_RECORD.search(line.clean)
            marked = None if vocabulary.negated(line.clean) else marked
            if score >= model.queue or marked:
                item = learned_item(kind, line, finder, found[:index])
                doubt = _doubt(item, line, feats)
                if (score >= model.write and not doubt) or set(line.numbers) & accept:
                    kept.append(item)
                    _take_subject(item, found[:index], queue)
                elif score >= model.queue:
                    bar = doubt if score >= model.write else f"below {model.write}"
                    queue.append(Possible(item, score, f"no rule fired; the scorer rates it a {kind} "
                                                       f"at {score:.2f}, {bar}"))
                elif marked:  # a marker word ("will", "agreed", "action") no rule could read
                    why = f"it has the word {marked.group(0)!r} but no rule read it"
                    queue.append(Possible(item, score, f"{why}; the scorer rates it a {kind} at {score:.2f}"))
        found[index] = (line, kept)
    return queue


def _doubt(item: Item, line: Line, feats: dict[str, float]) -> str:
    """Why a line the scorer rates high is queued, not written (empty: it is not): what
    the rules refuse in general, a decision not taken ("No consensus that …"), and an
    action with nobody named on a line that starts with a person of the meeting
    ("Gregory Dubois-Felsmann Also note that …": someone speaking)."""
    if item.type == schema.DECISION and vocabulary.negated(line.clean):
        return "but it says what was not decided"
    if item.type == schema.ACTION and UNASSIGNED in item.unresolved and feats.get("known-person-first"):
        return "but it names no owner and starts with someone who may be speaking"
    return ""


def _take_subject(item: Item, before: list[tuple[Line, list[Item]]], queue: list[Possible]) -> None:
    """The lines of a decision's subject are part of it: not queued on their own."""
    for line, items in before:
        if not items and set(line.numbers) <= set(item.lines) and line.kind == "text":
            line.part_of = item
    queue[:] = [p for p in queue if not set(p.item.lines) <= set(item.lines)]


_LEADING_MARKER = re.compile(r"^\W*#?(?:action(?:\s+items?)?|AI|TODO|to-?do)\b\s*[:.-]?\s*", re.I)
_MARKED = vocabulary.Rule("scorer", schema.ACTION, re.compile("$"), "", owner="parse", strict=False)


def learned_item(kind: str, line: Line, finder: Finder, before: list[tuple[Line, list[Item]]]) -> Item:
    """The record a line holds by the scorer's reading: an action with the owner written
    where owners are written; a decision with the subject it answers."""
    text = MARKDOWN_LINK.sub(r"\1", structure.strip_enumerator(line.clean))
    if kind == schema.ACTION:
        if line.text.lstrip().startswith("|"):  # a table row: one cell names people, one the task
            cells = [c.strip() for c in line.clean.strip().strip("|").split("|") if c.strip()]
            for cell in cells:
                owners = finder.owners(cell, strict=True) if len(cell.split()) <= 4 else None
                if owners:
                    task = max((c for c in cells if c != cell), key=len, default=cell)
                    return finder._item(schema.ACTION, task, line, owners, "scorer/table")
        item = finder._marked_action(_MARKED, {"rest": _LEADING_MARKER.sub("", text)}, line)
        if item is not None:
            item.rule = item.rule.replace("scorer", "scorer/marked")
            return item
        return finder._item(schema.ACTION, text, line, [Owner(UNASSIGNED, None, UNASSIGNED)], "scorer")
    item = finder._item(schema.DECISION, text, line, [], "scorer")
    if subject := subject_of(line, before):
        item.title = title(f"{structure.strip_enumerator(subject.clean)}: {text}") or item.title
        item.lines = sorted({*subject.numbers, *item.lines})
        item.text = f"{subject.text}\n\n{line.text}"
    return item
