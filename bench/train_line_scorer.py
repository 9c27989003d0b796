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
from dataclasses import dataclass
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


def _fit(x: np.ndarray, positives: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Logistic regression, L2 on the weights (not the bias), by Newton's method, on the
    distinct rows ``x`` of the examples: ``counts`` examples each, ``positives`` of them
    labelled (the same fit as on every example, in a fraction of the time)."""
    w = np.zeros(x.shape[1])
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


def train(data: list[Example], leave_out: str | Collection[str] | None = None,
          without: tuple[str, ...] = ()) -> scorer.Model:
    """A model trained on every example but those of the community (or communities)
    ``leave_out``; ``without``: prefixes of features it does not use (to measure what they add)."""
    left = {leave_out} if isinstance(leave_out, str) else set(leave_out or ())
    kept = [e for e in data if e.community not in left]
    names = sorted({name for e in kept for name in e.features if not name.startswith(without)})
    x = np.array([[1.0] + [e.features.get(n, 0.0) for n in names] for e in kept])
    rows, row_of, counts = np.unique(x, axis=0, return_inverse=True, return_counts=True)
    weights = {}
    for kind in scorer.KINDS:
        y = np.array([float(getattr(e, kind)) for e in kept])
        w = _fit(rows, np.bincount(row_of.ravel(), weights=y, minlength=len(rows)), counts.astype(float))
        weights[kind] = {"bias": round(float(w[0]), 6)} | \
            {n: round(float(v), 6) for n, v in zip(names, w[1:], strict=True) if abs(v) > 1e-6}
    return scorer.Model(weights, trained_on=sorted({e.community for e in kept}))


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
