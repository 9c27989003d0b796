"""Train the importer's line scorer (``_ext/dmlog/importer/line_model.json``) on the corpus.

    .venv/bin/python bench/train_line_scorer.py          # train on every file, write the model
    .venv/bin/python bench/train_line_scorer.py --check  # exit 1 if the shipped model is stale

Each logical line of each labelled file (and the seed minutes, labelled by the curated
log) is an example: its features (``dmlog.importer.scorer.features``), and whether a
labelled decision or action is written on it. Two L2-regularised logistic regressions
are fitted by Newton's method in numpy: deterministic (no random start, no sampling),
small (a weight per feature) and shipped as JSON. numpy rather than scikit-learn: the
fit is twenty lines, and the project's environment already has numpy (matplotlib), so
the leave-one-community-out table can retrain a model per community inside the tests.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "_ext"))
sys.path.insert(0, str(PROJECT / "bench"))

from dmlog.importer import finder, scorer  # noqa: E402
from dmlog.log.sources import load_log, read_text  # noqa: E402

L2 = 1.0  # the prior on each weight: a feature seen on a handful of lines cannot dominate
ITERATIONS = 30


@dataclass
class Example:
    community: str
    features: dict[str, float]
    decision: bool
    action: bool


def examples() -> list[Example]:
    """Every candidate line of the corpus and the seed, with its labels."""
    import import_accuracy as accuracy  # the corpus and its labels

    entries = load_log(PROJECT).entries
    sources = [(m.path, m.date, m.community, m.labels) for m in accuracy.corpus_labels()]
    if accuracy.SEED.exists():
        sources.append((accuracy.SEED, "2019-03", "rubin", accuracy.seed_labels()))
    out: list[Example] = []
    for path, date, community, labels in sources:
        text = read_text(path, str(path))
        reader, found = finder.read(text, path.suffix == ".md", entries, date)
        for (line, items), context in zip(found, scorer.contexts(found), strict=True):
            if not scorer.candidate(line):
                continue
            numbers = set(line.numbers)
            out.append(Example(community, scorer.features(line, items, context, reader),
                               any(lab.kind == "decision" and lab.lines & numbers for lab in labels),
                               any(lab.kind == "action" and lab.lines & numbers for lab in labels)))
    return out


def _fit(x: np.ndarray, positives: np.ndarray, counts: np.ndarray,
         start: np.ndarray | None = None) -> np.ndarray:
    """Logistic regression, L2 on the weights (not the bias), by Newton's method, on the
    distinct rows ``x`` of the examples: ``counts`` examples each, ``positives`` of them
    labelled (the same fit as on every example, in a fraction of the time). The problem
    has one optimum, which Newton's steps reach from any ``start`` (default: zero): a
    start near it (the fit on all the data, for a fit without one community) takes
    fewer steps to the same weights."""
    w = np.zeros(x.shape[1]) if start is None else start.copy()
    penalty = np.full(x.shape[1], L2)
    penalty[0] = 1e-6
    for _ in range(ITERATIONS):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (counts * p - positives) + penalty * w
        scaled = x * np.sqrt(counts * p * (1 - p))[:, None]
        hessian = scaled.T @ scaled + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


@dataclass
class _Distinct:
    """Each community's examples as distinct rows over every feature of the data (how
    many examples each row stands for, how many of them are decisions and actions): made
    once, so that the many fits of leave-one-community-out each merge a few small tables
    instead of building a matrix of every example again."""

    names: list[str]
    rows: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]
    positives: dict[str, dict[str, np.ndarray]]  # community -> kind -> labelled examples per row
    # kind -> feature ("bias" too) -> unrounded weight of the fit on every example: where
    # the fits of leave-one-community-out start
    everything: dict[str, dict[str, float]] = field(default_factory=dict)


_DISTINCT: dict[int, tuple[list[Example], _Distinct]] = {}


def _distinct(data: list[Example]) -> _Distinct:
    held = _DISTINCT.get(id(data))
    if held is not None and held[0] is data:
        return held[1]
    names = sorted({name for e in data for name in e.features})
    column = {name: index for index, name in enumerate(names)}
    by_community: dict[str, list[Example]] = {}
    for e in data:
        by_community.setdefault(e.community, []).append(e)
    table = _Distinct(names, {}, {}, {})
    for community, members in by_community.items():
        x = np.zeros((len(members), len(names)))
        for row, e in enumerate(members):
            for name, value in e.features.items():
                x[row, column[name]] = value
        rows, row_of, counts = np.unique(x, axis=0, return_inverse=True, return_counts=True)
        table.rows[community], table.counts[community] = rows, counts.astype(float)
        table.positives[community] = {
            kind: np.bincount(row_of.ravel(), weights=[float(getattr(e, kind)) for e in members],
                              minlength=len(rows)) for kind in scorer.KINDS}
    _DISTINCT.clear()  # one data set at a time: the corpus's
    _DISTINCT[id(data)] = (data, table)
    return table


def train(data: list[Example], leave_out: str | Collection[str] | None = None,
          without: tuple[str, ...] = ()) -> scorer.Model:
    """A model trained on every example but those of the community (or communities)
    ``leave_out``; ``without``: prefixes of features it does not use (to measure what they add)."""
    left = {leave_out} if isinstance(leave_out, str) else set(leave_out or ())
    table = _distinct(data)
    if not table.everything:  # the fit on every example, from zero: the others start there
        table.everything = _weights(table, set(), ())
    weights = _weights(table, left, without) if left or without else table.everything
    rounded = {kind: {"bias": round(w["bias"], 6)}
               | {n: round(v, 6) for n, v in w.items() if n != "bias" and abs(v) > 1e-6}
               for kind, w in weights.items()}
    return scorer.Model(rounded, trained_on=sorted({e.community for e in data if e.community not in left}))


def _weights(table: _Distinct, left: set[str], without: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """The unrounded weights (``bias`` and each feature's) of the fit on every community
    but ``left``, without the features named ``without…``, per kind of record."""
    kept = sorted(c for c in table.rows if c not in left)
    stacked = np.concatenate([table.rows[c] for c in kept])
    # the features the kept examples have (a feature is present only where it is on)
    columns = [i for i, name in enumerate(table.names)
               if not name.startswith(without) and stacked[:, i].any()]
    names = [table.names[i] for i in columns]
    x = np.hstack([np.ones((len(stacked), 1)), stacked[:, columns]])
    rows, row_of = np.unique(x, axis=0, return_inverse=True)
    counts = np.bincount(row_of.ravel(), weights=np.concatenate([table.counts[c] for c in kept]),
                         minlength=len(rows))
    weights = {}
    for kind in scorer.KINDS:
        positives = np.bincount(row_of.ravel(), minlength=len(rows),
                                weights=np.concatenate([table.positives[c][kind] for c in kept]))
        near = table.everything.get(kind)
        start = None if near is None else np.array([near["bias"], *(near.get(n, 0.0) for n in names)])
        w = _fit(rows, positives, counts, start)
        weights[kind] = {"bias": float(w[0])} | {n: float(v) for n, v in zip(names, w[1:], strict=True)}
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped model is not this one")
    args = parser.parse_args()
    model = train(examples())
    text = json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n"
    if args.check:
        stale = not scorer.MODEL.exists() or scorer.MODEL.read_text(encoding="utf-8") != text
        print("the shipped model is stale: run bench/train_line_scorer.py" if stale else "up to date")
        sys.exit(1 if stale else 0)
    scorer.MODEL.write_text(text, encoding="utf-8")
    weights = sum(len(w) for w in model.weights.values())
    print(f"wrote {scorer.MODEL.relative_to(PROJECT)}: {weights} weights, "
          f"trained on {len(model.trained_on)} communities")


if __name__ == "__main__":
    main()
