"""How well `dmlog import` reads minutes: recall and precision on a hand-labelled corpus.

    .venv/bin/python bench/import_accuracy.py             # the table, per file and overall
    .venv/bin/python bench/import_accuracy.py --markdown  # the table as handbook/import-accuracy.md has it
    .venv/bin/python bench/import_accuracy.py --details   # every label and what was found for it
    .venv/bin/python bench/import_accuracy.py --log-run "why"  # append this run to bench/import_runs.jsonl

The corpus is ``tests/corpus/minutes/``: minutes and, beside each, ``NAME.labels.yaml``
with every decision and action a curator would record (lines, kind, owner as written).
The project's seed minutes are scored against the curated log. Each file is planned
(nothing written) in a log holding the project's registries only.

A label is found when an item of its kind shares a line with it (each item counts for
one label); an action counts only with the right owner(s). Precision counts every item
found, so a record found twice counts once right and once wrong.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "_ext"))
sys.path.insert(0, str(PROJECT / "bench"))  # train_line_scorer, beside this script

from dmlog.importer import Item, Plan, PlanOptions, plan_import  # noqa: E402
from dmlog.importer.scorer import Model  # noqa: E402
from dmlog.log.names import normal  # noqa: E402
from dmlog.log.sources import Log, load_log  # noqa: E402

CORPUS = PROJECT / "tests" / "corpus" / "minutes"
RUNS = PROJECT / "bench" / "import_runs.jsonl"
PAGE = PROJECT / "handbook" / "import-accuracy.md"
MARKS = ("<!-- bench/import_accuracy.py --markdown (first table) -->",
         "<!-- bench/import_accuracy.py --markdown (second table) -->")
SEED = PROJECT / "docs" / "meetings" / "2019" / "2019-03-dmlt-f2f.txt"
SEED_MEETING = "MTG-2019-03-dmlt-f2f"


@dataclass
class Label:
    kind: str
    lines: set[int]
    owners: list[str] | None  # as written (None: no owner named); IDs for the seed
    text: str = ""


def label_of(record: dict) -> Label:
    """A record of a labels file (``lines``, ``kind``, ``owner`` as written, ``text``)."""
    owner = record.get("owner")
    owners = None if owner is None else [o.strip() for o in str(owner).split(",")]
    return Label(record["kind"], set(record["lines"]), owners, record.get("text", ""))


@dataclass
class FileScore:
    name: str
    labels: list[Label]
    items: list[Item]
    community: str = ""
    found: dict[str, int] = field(default_factory=dict)  # kind -> labels found (actions: right owner)
    found_any_owner: int = 0  # actions found, whatever their owner
    correct: dict[str, int] = field(default_factory=dict)  # kind -> items that match a label
    seen: int = 0  # labels written (of their kind, whatever the owner) or queued for review
    lines_total: int = 0
    lines_accounted: int = 0
    unresolved_kept: int = 0
    written_records: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(label.kind == kind for label in self.labels)

    def items_of(self, kind: str) -> int:
        return sum(item.type == kind for item in self.items)


def _owner_matches(label: str, item: Item, log: Log) -> bool:
    """A label's owner as written, against what the importer made of an owner."""
    want = normal(label.lstrip("@"))
    for owner in item.written:
        names = {normal(owner.written.lstrip("@")), normal(owner.name)}
        if owner.id:
            names.add(owner.id)
            entry = next((e for e in log.entries if e.id == owner.id), None)
            if entry is not None:
                names.add(normal(entry.title))
                names.update(normal(str(a)) for a in entry.values.get("aliases") or [])
        if any(names_match(want, name) for name in names):
            return True
    return False


def names_match(want: str, name: str) -> bool:
    """A name as written (normalised) names the person ``name``: the same, one's words
    within the other's ("alice" and "alice smith"), or ``name``'s initials ("as")."""
    words, wanted = set(name.split()), set(want.split())
    if name == want or (wanted and (wanted <= words or words <= wanted)):
        return True
    initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w)
    return len(want) >= 2 and want.replace("-", "") == initials


def right_owners(label: Label, item: Item, log: Log, seed: bool) -> bool:
    if seed:
        return sorted(item.owners) == sorted(label.owners or [])
    if not label.owners:
        return not item.owners and all(o.written in ("unassigned", "?") or o.name == "unassigned"
                                       for o in item.written)
    return len(label.owners) == len(item.written) and \
        all(_owner_matches(name, item, log) for name in label.owners)


def score(name: str, labels: list[Label], plan: Plan, log: Log, seed: bool = False) -> FileScore:
    result = FileScore(name, labels, plan.items)
    taken: set[int] = set()
    for kind in ("decision", "action"):
        result.found[kind] = 0
        result.correct[kind] = 0
        for label in (lab for lab in labels if lab.kind == kind):
            candidates = [(len(label.lines & set(item.lines)), index) for index, item in enumerate(plan.items)
                          if item.type == kind and index not in taken and label.lines & set(item.lines)]
            if kind == "action":  # prefer the item with the right owner, then the most lines in common
                candidates.sort(key=lambda c: (right_owners(label, plan.items[c[1]], log, seed), c[0]))
            else:
                candidates.sort()
            if not candidates:
                result.misses.append(f"missed {kind} at {sorted(label.lines)}: {label.text}")
                continue
            index = candidates[-1][1]
            taken.add(index)
            result.correct[kind] += 1
            if kind == "action":
                result.found_any_owner += 1
                if not right_owners(label, plan.items[index], log, seed):
                    item = plan.items[index]
                    result.misses.append(
                        f"wrong owner at {sorted(label.lines)}: {label.owners} found "
                        f"{[o.written for o in item.written]} -> {item.owners + item.unresolved}")
                    continue
            result.found[kind] += 1
    for index, item in enumerate(plan.items):
        if index not in taken:
            result.extras.append(f"extra {item.type} at {item.lines} ({item.rule}): {item.title}")
    shown = [*plan.items, *(p.item for p in plan.review)]
    result.seen = sum(any(i.type == label.kind and label.lines & set(i.lines) for i in shown)
                      for label in labels)
    text = plan.source.read_text(encoding="utf-8").splitlines()
    wanted = {n for n, line in enumerate(text, 1) if line.strip()}
    accounted = {n for line in plan.lines for n in line.numbers}
    result.lines_total = len(wanted)
    result.lines_accounted = len(wanted & accounted)
    result.unresolved_kept = sum(bool(item.unresolved) for item in plan.items)
    result.written_records = sum(body.count("```{decision}") + body.count("```{action}")
                                 for path, body in plan.files.items() if path.suffix == ".md"
                                 and not path.name.endswith(".txt"))
    return result


def _site(workdir: Path) -> Path:
    """A log with the project's configuration and registries, and no records."""
    site = workdir / "site"
    site.mkdir(parents=True)
    shutil.copy(PROJECT / "conf.py", site / "conf.py")
    shutil.copytree(PROJECT / "docs" / "registry", site / "docs" / "registry")
    return site


@dataclass
class Minutes:
    path: Path
    date: str
    community: str  # who wrote them: files of one community share a style
    labels: list[Label]


def corpus_labels() -> list[Minutes]:
    """Every labelled file of the corpus (read once per process: the accuracy page's
    tables read them four times)."""
    return list(_read_corpus_labels())


@functools.cache
def _read_corpus_labels() -> tuple[Minutes, ...]:
    out = []
    for path in sorted(CORPUS.glob("*.labels.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        labels = [label_of(record) for record in data["records"]]
        community = data.get("community") or data["minutes"].split("-")[0]
        out.append(Minutes(CORPUS / data["minutes"], str(data["date"]), community, labels))
    return tuple(out)


def seed_labels() -> list[Label]:
    """The seed meeting's curated records: the labels of the seed minutes."""
    labels = []
    for record in load_log(PROJECT).records:
        if record.type in ("decision", "action") and record.get("meeting") == SEED_MEETING:
            lines: set[int] = set()
            for part in record.get("lines").split(","):
                first, _, last = part.strip().partition("-")
                lines.update(range(int(first), int(last or first) + 1))
            labels.append(Label(record.type, lines, list(record.links("owner")), record.title))
    return labels


def score_all(learned: bool = True, model: Model | None = None) -> list[FileScore]:
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        site = _site(Path(tmp))
        log = load_log(site)
        for minutes in corpus_labels():
            plan = plan_import(site, log, minutes.path, minutes.date, minutes.path.stem,
                               PlanOptions(slug=minutes.path.stem, learned=learned, model=model))
            scores.append(score(minutes.path.name, minutes.labels, plan, log))
            scores[-1].community = minutes.community
        if SEED.exists():
            plan = plan_import(site, log, SEED, "2019-03", "DMLT face-to-face meeting",
                               PlanOptions(slug="dmlt-f2f", learned=learned))
            scores.append(score("seed: " + SEED.name, seed_labels(), plan, log, seed=True))
            scores[-1].community = "rubin"
    return scores


def pct(numerator: int, denominator: int) -> str:
    """A share as the handbook's tables print it ("–" of nothing)."""
    return f"{100 * numerator / denominator:.0f} %" if denominator else "–"


def totals(scores: list[FileScore]) -> dict[str, float]:
    def ratio(n: int, d: int) -> float:
        return n / d if d else 1.0
    actions = sum(s.count("action") for s in scores)
    decisions = sum(s.count("decision") for s in scores)
    return {
        "action_recall": ratio(sum(s.found["action"] for s in scores), actions),
        "action_precision": ratio(sum(s.correct["action"] for s in scores),
                                  sum(s.items_of("action") for s in scores)),
        "decision_recall": ratio(sum(s.found["decision"] for s in scores), decisions),
        "decision_precision": ratio(sum(s.correct["decision"] for s in scores),
                                    sum(s.items_of("decision") for s in scores)),
        "lines_accounted": ratio(sum(s.lines_accounted for s in scores), sum(s.lines_total for s in scores)),
    }


def table(scores: list[FileScore]) -> str:
    header = ("| Minutes | Actions | Recall (right owner) | Precision | Decisions | Recall | Precision "
              "| Lines accounted |\n|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for s in [*scores, _overall(scores)]:
        rows.append(
            f"| {s.name} | {s.count('action')} | {pct(s.found['action'], s.count('action'))} "
            f"| {pct(s.correct['action'], s.items_of('action'))} | {s.count('decision')} "
            f"| {pct(s.found['decision'], s.count('decision'))} "
            f"| {pct(s.correct['decision'], s.items_of('decision'))} "
            f"| {pct(s.lines_accounted, s.lines_total)} |")
    return header + "\n" + "\n".join(rows)


def _overall(scores: list[FileScore], name: str = "**overall**") -> FileScore:
    total = FileScore(name, [lab for s in scores for lab in s.labels],
                      [i for s in scores for i in s.items])
    for kind in ("decision", "action"):
        total.found[kind] = sum(s.found[kind] for s in scores)
        total.correct[kind] = sum(s.correct[kind] for s in scores)
    total.seen = sum(s.seen for s in scores)
    total.lines_total = sum(s.lines_total for s in scores)
    total.lines_accounted = sum(s.lines_accounted for s in scores)
    total.misses = [f"{s.name}: {m}" for s in scores for m in s.misses]
    total.extras = [f"{s.name}: {m}" for s in scores for m in s.extras]
    return total


def by_community(scores: list[FileScore]) -> dict[str, FileScore]:
    communities = sorted({s.community for s in scores})
    return {c: _overall([s for s in scores if s.community == c], c) for c in communities}


def figures(score: FileScore, files: int) -> dict[str, int]:
    """The counts of a score, as the log of runs keeps them."""
    return {"files": files, "actions": score.count("action"),
            "actions_found": score.found["action"], "actions_correct": score.correct["action"],
            "actions_written": score.items_of("action"), "decisions": score.count("decision"),
            "decisions_found": score.found["decision"], "decisions_correct": score.correct["decision"],
            "decisions_written": score.items_of("decision")}


def log_run(scores: list[FileScore], note: str, held_out: list[str], blind: bool = False,
            trained_without: list[str] | None = None) -> dict[str, object]:
    """Append this run, per community, to the log of runs (the first run of a community
    is its honest leave-one-community-out figure: no rule had seen it). ``blind``: the
    held-out communities were scored before, but their misses were never read; the
    importer changed since on other files only (``trained_without``: the communities the
    line scorer of this run was not trained on)."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True,
                            text=True, check=False).stdout.strip()
    # "commit": what ran (a branch's commit; "on_main": the same change once landed)
    run: dict[str, object] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%MZ"), "commit": commit,
        "note": note, "held_out": held_out, "learned": True,
        **({"blind": True, "scorer_trained_without": sorted(trained_without or [])} if blind else {}),
        "communities": {c: figures(s, sum(f.community == c for f in scores))
                        for c, s in by_community(scores).items()}}
    if not held_out:  # a change's run: its leave-one-community-out figures too (what it is judged by)
        loco = loco_scores()
        overall = _overall(list(loco.values()))
        run["loco"] = figures(overall, sum(first_runs()[c]["files"] for c in loco)) | {
            "written_or_queued": overall.seen, "labels": len(overall.labels)}
    with RUNS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(run, ensure_ascii=False) + "\n")
    return run


def runs() -> list[dict]:
    if not RUNS.exists():
        return []
    return [json.loads(line) for line in RUNS.read_text(encoding="utf-8").splitlines() if line.strip()]


def first_runs() -> dict[str, dict[str, int]]:
    """Each held-out community's figures in the first run that held it out: its honest
    leave-one-community-out score (no rule had been written with it in view)."""
    first: dict[str, dict[str, int]] = {}
    for run, held in held_out_runs():
        for community, figures_ in held.items():
            if not run.get("blind"):
                first.setdefault(community, figures_)
    return first


def held_out_runs() -> list[tuple[dict, dict[str, dict[str, int]]]]:
    """The runs that scored communities first, each with those communities' figures."""
    out = []
    for run in runs():
        if run.get("held_out"):
            out.append((run, {c: run["communities"][c] for c in sorted(run["held_out"])}))
    return out


def loco_scores(data: list | None = None) -> dict[str, FileScore]:
    """Each held-out community scored by the rules and a line scorer trained without it
    (true cross-validation of the learned part; the rules had not seen it either).
    ``data``: the line scorer's examples, if already made (``train_line_scorer.examples``)."""
    import train_line_scorer as training

    data = data if data is not None else training.examples()
    held_out = first_runs()
    scores: dict[str, list[FileScore]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        site = _site(Path(tmp))
        log = load_log(site)
        for minutes in corpus_labels():
            if minutes.community not in held_out:
                continue
            if minutes.community not in scores:
                model = training.train(data, leave_out=minutes.community)
                scores[minutes.community] = []
            plan = plan_import(site, log, minutes.path, minutes.date, minutes.path.stem,
                               PlanOptions(slug=minutes.path.stem, model=model))
            scores[minutes.community].append(score(minutes.path.name, minutes.labels, plan, log))
    return {c: _overall(s, c) for c, s in sorted(scores.items())}


def newest_round() -> list[str]:
    """The communities of the last round scored first (kept for measuring: their misses unread)."""
    return sorted(held_out_runs()[-1][1]) if held_out_runs() else []


def ablation(prefix: str) -> str:
    """What the line scorer's features named ``prefix…`` add, measured where they were not
    trained: every community of the corpus scored by a scorer trained without it, and the
    newest round scored by one trained without all of its communities; each with the
    features and without them (the rules are the same in both)."""
    import train_line_scorer as training

    data = training.examples()
    corpus = corpus_labels()
    newest = set(newest_round())
    header = ("| Scored by a line scorer trained without them | Files | Actions | Recall (right owner) "
              "| Precision | Decisions | Recall | Precision | Written or queued |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        site = _site(Path(tmp))
        log = load_log(site)
        for name, groups in ((f"each of the {len({m.community for m in corpus})} communities, "
                              f"left out one at a time", [{m.community} for m in corpus]),
                             (f"the newest round ({len(newest)} communities), left out together", [newest])):
            groups = [g for i, g in enumerate(groups) if g not in groups[:i]]
            for label, without in (("without", (prefix,)), ("with", ())):
                scores = []
                for group in groups:
                    model = training.train(data, leave_out=group, without=without)
                    for minutes in (m for m in corpus if m.community in group):
                        plan = plan_import(site, log, minutes.path, minutes.date, minutes.path.stem,
                                           PlanOptions(slug=minutes.path.stem, model=model))
                        scores.append(score(minutes.path.name, minutes.labels, plan, log))
                s = _overall(scores)
                rows.append(f"| {name}: {label} `{prefix}` features | {len(scores)} | {s.count('action')} "
                            f"| {pct(s.found['action'], s.count('action'))} "
                            f"| {pct(s.correct['action'], s.items_of('action'))} | {s.count('decision')} "
                            f"| {pct(s.found['decision'], s.count('decision'))} "
                            f"| {pct(s.correct['decision'], s.items_of('decision'))} "
                            f"| {pct(s.seen, len(s.labels))} |")
    return header + "\n" + "\n".join(rows)


def _row(name: str, first: dict[str, int], now: FileScore) -> str:
    f, n = first, figures(now, first["files"])
    return (f"| {name} | {f['files']} | {f['actions']} | {pct(f['actions_found'], f['actions'])} "
            f"| {pct(f['actions_correct'], f['actions_written'])} "
            f"| {pct(n['actions_found'], n['actions'])} "
            f"| {pct(n['actions_correct'], n['actions_written'])} "
            f"| {f['decisions']} | {pct(f['decisions_found'], f['decisions'])} "
            f"| {pct(f['decisions_correct'], f['decisions_written'])} "
            f"| {pct(n['decisions_found'], n['decisions'])} "
            f"| {pct(n['decisions_correct'], n['decisions_written'])} "
            f"| {pct(now.seen, len(now.labels))} |")


def loco_table(scores: dict[str, FileScore] | None = None) -> str:
    """Leave-one-community-out: each held-out community as the rules first scored it, and
    with the line scorer trained without it; overall."""
    scores = loco_scores() if scores is None else scores
    header = ("| Community (held out) | Files | Actions | First run: recall (right owner) | precision "
              "| Now: recall | precision | Decisions | First run: recall | precision "
              "| Now: recall | precision | Now: written or queued |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def total(first: dict[str, dict[str, int]], name: str) -> str:
        summed = {k: sum(f[k] for f in first.values()) for k in next(iter(first.values()))}
        return _row(name, summed, _overall([scores[c] for c in first], name))

    rows = []
    blind_runs = []
    for run, first in held_out_runs():
        if run.get("blind"):
            blind_runs.append((run, first))
            continue
        rows += [_row(c, f, scores[c]) for c, f in first.items()]
        importer = "the rules and the line scorer" if run.get("learned") else "the rules alone"
        rows.append(total(first, f"*{len(first)} communities first scored {run['date'][:10]} "
                                 f"by {importer} (run at {run['commit']}, the change on main "
                                 f"{run.get('on_main', run['commit'])})*"))
    if rows:
        rows.append(total(first_runs(), f"**all {len(first_runs())} communities**"))
    for run, first in blind_runs:  # scored again after changes made without reading their misses
        rows += [_row(f"{c} (blind)", f, scores[c]) for c, f in first.items()]
        rows.append(total(first, f"**{len(first)} communities scored blind {run['date'][:10]}: by the "
                                 f"importer changed since their first run, on other files only, with a "
                                 f"line scorer not trained on them (run at {run['commit']})**"))
    return header + "\n" + "\n".join(rows)


def update_page(loco: str, in_sample: str) -> None:
    """Write both tables into the handbook's page, each after its marker."""
    text = PAGE.read_text(encoding="utf-8")
    for mark, new in zip(MARKS, (loco, in_sample), strict=True):
        start = text.index(mark) + len(mark) + 1
        end = text.index("\n\n", start)
        text = text[:start] + new + text[end:]
    PAGE.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="the table only, as Markdown")
    parser.add_argument("--details", action="store_true", help="misses and extras of every file")
    parser.add_argument("--loco-details", action="store_true",
                        help="misses and extras of each held-out community, scored with a line scorer "
                             "trained without it")
    parser.add_argument("--write-page", action="store_true", help="write both tables into " + PAGE.name)
    parser.add_argument("--log-run", metavar="NOTE", help="append this run to bench/import_runs.jsonl")
    parser.add_argument("--held-out", default="", metavar="C1,C2",
                        help="with --log-run: the communities no rule has seen yet (scored first here)")
    parser.add_argument("--blind", action="store_true",
                        help="with --log-run and --held-out: communities scored before whose misses were "
                             "never read, scored again by a line scorer trained without them")
    parser.add_argument("--ablation", metavar="PREFIX",
                        help="leave-one-community-out with and without the line scorer's features named "
                             "PREFIX… (e.g. pos:), and on the newest round")
    args = parser.parse_args()
    if args.ablation:
        print(ablation(args.ablation))
        return
    held = [c for c in args.held_out.split(",") if c]
    if args.blind:
        import train_line_scorer as training

        model = training.train(training.examples(), leave_out=held)
        log_run(score_all(model=model), args.log_run, held, blind=True, trained_without=held)
        print(loco_table())
        return
    if args.loco_details:
        loco = loco_scores()
        _print_details(loco)
        overall = _overall(list(loco.values()))
        print(f"\n{figures(overall, len(loco))}; written or queued {overall.seen}/{len(overall.labels)}")
        return
    scores = score_all()
    if args.log_run:
        log_run(scores, args.log_run, held)
    if args.write_page:
        update_page(loco_table(), table(scores))
    if args.markdown:
        print(loco_table() + "\n")
    print(table(scores))
    if args.markdown:
        return
    print()
    for name, value in totals(scores).items():
        print(f"{name}: {100 * value:.1f} %")
    print(f"items kept with an unresolved owner: {sum(s.unresolved_kept for s in scores)}")
    if args.details:
        _print_details({s.name: s for s in scores})


def _print_details(scores: dict[str, FileScore]) -> None:
    """The misses and extras of each file (or held-out community) that has any."""
    for name, s in scores.items():
        if s.misses or s.extras:
            print(f"\n{name}")
            for line in s.misses + s.extras:
                print(f"  {line}")


if __name__ == "__main__":
    main()
