"""How far two careful people agree on what minutes record: the ceiling of any importer.

    .venv/bin/python bench/label_agreement.py            # the table, per file and overall
    .venv/bin/python bench/label_agreement.py --markdown  # as handbook/import-accuracy.md has it

``tests/corpus/agreement/NAME.labels.yaml`` holds a second person's labels of the corpus
minutes ``NAME``, made blind: without the first labels, the importer or the minutes'
source. They are scored as the importer is scored (``bench/import_accuracy.py``): the
second labeller's records are matched to the first's by kind and a shared line, an
action counts only with the same owner(s) as written. "Recall" is the share of the first
labeller's records the second also recorded, "precision" the share of the second's that
the first also has: what the importer's targets (85 % and 80 % recall at 85 % precision)
ask of a program, asked of a person.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "_ext"))
sys.path.insert(0, str(PROJECT / "bench"))

from dmlog.log.names import normal  # noqa: E402
from import_accuracy import CORPUS, Label, corpus_labels, label_of, names_match, pct  # noqa: E402

SECOND = PROJECT / "tests" / "corpus" / "agreement"
KINDS = ("action", "decision")


@dataclass
class Agreement:
    """The second labeller's records against the first's, per kind."""

    name: str
    first: dict[str, int]  # kind -> records the first labeller made
    second: dict[str, int]  # kind -> records the second made
    matched: dict[str, int]  # kind -> matched (actions: with the same owners)
    matched_any_owner: int  # actions matched whatever their owners


def same_person(first: str, second: str) -> bool:
    """Two owners as written name the same person: equal, one's words within the
    other's ('Alice' and 'Alice Smith'), or one the other's initials ('AS'), as the
    importer's owners are matched (:func:`import_accuracy.names_match`)."""
    a, b = normal(first.lstrip("@")), normal(second.lstrip("@"))
    return names_match(a, b) or names_match(b, a)


def same_owners(first: Label, second: Label) -> bool:
    if not first.owners or not second.owners:
        return not first.owners and not second.owners
    return len(first.owners) == len(second.owners) and \
        all(any(same_person(a, b) for b in second.owners) for a in first.owners)


def agree(name: str, first: list[Label], second: list[Label]) -> Agreement:
    """Match each of the first labeller's records to one of the second's (same kind, a
    shared line; for an action, the one with the same owners if there is one)."""
    result = Agreement(name, {}, {}, {}, 0)
    for kind in KINDS:
        mine = [label for label in first if label.kind == kind]
        theirs = [label for label in second if label.kind == kind]
        result.first[kind], result.second[kind], result.matched[kind] = len(mine), len(theirs), 0
        taken: set[int] = set()
        for label in mine:
            candidates = [index for index, other in enumerate(theirs)
                          if index not in taken and label.lines & other.lines]
            if not candidates:
                continue
            candidates.sort(key=lambda i: (kind == "action" and same_owners(label, theirs[i]),
                                           len(label.lines & theirs[i].lines)))
            index = candidates[-1]
            taken.add(index)
            if kind == "action":
                result.matched_any_owner += 1
                if not same_owners(label, theirs[index]):
                    continue
            result.matched[kind] += 1
    return result


def second_labels() -> dict[str, list[Label]]:
    """The second labels, by the minutes' file name."""
    import yaml

    out = {}
    for path in sorted(SECOND.glob("*.labels.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["minutes"]] = [label_of(record) for record in data["records"]]
    return out


def agreements() -> list[Agreement]:
    second = second_labels()
    return [agree(minutes.path.name, minutes.labels, second[minutes.path.name])
            for minutes in corpus_labels() if minutes.path.name in second]


def _row(name: str, a: Agreement) -> str:
    act, dec = "action", "decision"
    return (f"| {name} | {a.first[act]} | {a.second[act]} | {pct(a.matched[act], a.first[act])} | "
            f"{pct(a.matched[act], a.second[act])} | {pct(a.matched_any_owner, a.first[act])} | "
            f"{a.first[dec]} | {a.second[dec]} | {pct(a.matched[dec], a.first[dec])} | "
            f"{pct(a.matched[dec], a.second[dec])} |")


def total(scores: list[Agreement]) -> Agreement:
    out = Agreement("all", {k: 0 for k in KINDS}, {k: 0 for k in KINDS}, {k: 0 for k in KINDS}, 0)
    for a in scores:
        for kind in KINDS:
            out.first[kind] += a.first[kind]
            out.second[kind] += a.second[kind]
            out.matched[kind] += a.matched[kind]
        out.matched_any_owner += a.matched_any_owner
    return out


def table(scores: list[Agreement]) -> str:
    head = ("| Minutes | Actions (first) | (second) | recall (same owner) | precision | recall (any owner) "
            "| Decisions (first) | (second) | recall | precision |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [_row(f"`{a.name}`", a) for a in scores]
    return "\n".join([head, *rows, _row(f"**all {len(scores)} meetings**", total(scores))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="the table only")
    args = parser.parse_args()
    scores = agreements()
    print(table(scores))
    if not args.markdown:
        overall = total(scores)
        act, dec = "action", "decision"
        actions = f"{pct(overall.matched[act], overall.first[act])} recall / " \
                  f"{pct(overall.matched[act], overall.second[act])} precision"
        decisions = f"{pct(overall.matched[dec], overall.first[dec])} / " \
                    f"{pct(overall.matched[dec], overall.second[dec])}"
        print(f"\nsecond labeller against the first: actions {actions}, decisions {decisions} "
              f"(second labels in {SECOND.relative_to(PROJECT)}, minutes in {CORPUS.relative_to(PROJECT)})")


if __name__ == "__main__":
    main()
