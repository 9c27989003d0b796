"""Part-of-speech features for the importer's line scorer: an experiment, measured, not shipped.

    .venv/bin/pip install nltk   # the experiment's one library beyond the project's
    .venv/bin/python bench/train_pos_tagger.py train TREEBANK_DIR  # -> bench/_work/pos_model.json
    .venv/bin/python bench/train_pos_tagger.py measure  # the line scorer with and without its features

The hypothesis (issue #17): a reader of grammar generalises to communities the corpus does
not have where a reader of form does not. An action is a task still to do ("Bob to send
…", "will update", "Update the wiki"), a discussion mostly past or present reporting ("Bob
mentioned that X was slow"), a decision a verdict in the passive or past ("was approved")
or a commitment ("we will adopt"): forms of grammar every community shares, whatever its
words, read from part-of-speech tags.

``train``: NLTK's averaged perceptron (``nltk.tag.perceptron.PerceptronTagger``; NLTK's
own pretrained model is downloaded at run time, which the project never does) trained
on the Penn Treebank tags (XPOS) of the Universal Dependencies English Web Treebank, a
clone of github.com/UniversalDependencies/UD_English-EWT (CC BY-SA 4.0; the model is a
work derived from it, and says so), with a fixed seed; the small weights are pruned
(1.4 MB of JSON, no pickle). It prints the accuracy on the treebank's test split.

``measure``: the grammatical features below added to the scorer's own, and the line
scorer retrained without each community it scores (``import_accuracy.ablation``), with
and without them: what the importer writes, and how the scorer alone ranks lines. It
also times the import of the whole corpus with and without tagging. The result is in
``handbook/import-accuracy.md``: no better, so the importer does not use them.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "_ext"))
sys.path.insert(0, str(PROJECT / "bench"))

from dmlog.importer import scorer  # noqa: E402

MODEL = PROJECT / "bench" / "_work" / "pos_model.json"
SEED = 17
ITERATIONS = 5
#: Averaged weights smaller than this are dropped: most of the file, and they rarely
#: change a tag (93.4 % -> 93.0 % on the test split; 0.5 keeps 3.6 MB for 93.3 %).
PRUNE = 1.0
ATTRIBUTION = ("Trained by dmlog's bench/train_pos_tagger.py on the Universal Dependencies English Web "
               "Treebank (UD_English-EWT, commit {commit}): annotations (c) 2013-2021 The Board of "
               "Trustees of The Leland Stanford Junior University, CC BY-SA 4.0 "
               "(https://creativecommons.org/licenses/by-sa/4.0/). This model is shared under the same "
               "licence.")

Sentence = list[tuple[str, str]]


# -- the tagger ----------------------------------------------------------------------
def sentences(path: Path) -> list[Sentence]:
    """The (word, Penn tag) sentences of a CoNLL-U file (multiword ranges and empty nodes skipped)."""
    out: list[Sentence] = []
    sentence: Sentence = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if sentence:
                out.append(sentence)
            sentence = []
        elif not line.startswith("#"):
            cells = line.split("\t")
            if cells[0].isdigit():  # not "3-4" (a contraction's range) nor "8.1" (an empty node)
                sentence.append((cells[1], cells[4]))
    return out


def split(treebank: Path, name: str) -> list[Sentence]:
    """A split of the treebank: its released file, or (a clone without that large file) its
    documents in the order of ``not-to-release/file-lists/files.NAME``, which concatenate to
    it (checked on the test split: the same words and tags)."""
    released = treebank / f"en_ewt-ud-{name}.conllu"
    if released.exists() and released.stat().st_size:
        return sentences(released)
    documents = (treebank / "not-to-release" / "file-lists" / f"files.{name}").read_text(encoding="utf-8")
    return [s for doc in documents.split() for s in sentences(treebank / "not-to-release" / "sources" / doc)]


def accuracy(tagger: Any, test: list[Sentence]) -> float:
    right = total = 0
    for sentence in test:
        for (_, guess), (_, gold) in zip(tagger.tag([w for w, _ in sentence]), sentence, strict=True):
            right += guess == gold
            total += 1
    return right / total


def pruned(tagger: Any, threshold: float) -> dict[str, Any]:
    """The tagger as plain data: weights rounded, those below ``threshold`` dropped."""
    weights: dict[str, dict[str, float]] = {}
    for feature, by_tag in tagger.model.weights.items():
        if kept := {tag: round(w, 1) for tag, w in by_tag.items() if abs(w) >= threshold}:
            weights[feature] = dict(sorted(kept.items()))
    return {"weights": dict(sorted(weights.items())), "tagdict": dict(sorted(tagger.tagdict.items())),
            "classes": sorted(tagger.classes)}


def load(path: Path) -> Any:
    from nltk.tag.perceptron import PerceptronTagger

    data = json.loads(path.read_text(encoding="utf-8"))
    tagger = PerceptronTagger(load=False)
    tagger.decode_json_params((data["weights"], data["tagdict"], data["classes"]))
    return tagger


def train(treebank: Path, out: Path) -> None:
    import subprocess

    from nltk.tag.perceptron import PerceptronTagger

    training, test = split(treebank, "train"), split(treebank, "test")
    random.seed(SEED)  # the perceptron shuffles the sentences between iterations
    tagger = PerceptronTagger(load=False)
    tagger.train(training, nr_iter=ITERATIONS)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=treebank, capture_output=True, text=True,
                            check=False).stdout.strip() or "unknown"
    data = {"licence": ATTRIBUTION.format(commit=commit)} | pruned(tagger, PRUNE)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"trained on {len(training)} sentences; test split: {len(test)} sentences, "
          f"{sum(len(s) for s in test)} tokens")
    print(f"accuracy (Penn tags) on the test split: {100 * accuracy(tagger, test):.2f} % as trained, "
          f"{100 * accuracy(load(out), test):.2f} % as written ({len(data['weights'])} features, "
          f"{out.stat().st_size / 1e6:.2f} MB: {out})")


# -- the features ----------------------------------------------------------------------
_VERB = ("VB", "VBD", "VBN", "VBZ", "VBP", "VBG", "MD")
_FINITE = ("VBD", "VBZ", "VBP", "MD")
_BE = {"be", "is", "are", "was", "were", "been", "being", "'s", "'re", "am"}
_NAME = ("NNP", "NNPS")
_KIND = {"VB": "base", "VBD": "past", "VBN": "participle", "VBZ": "present", "VBP": "present",
         "VBG": "gerund", "MD": "modal"}
#: Tokens that are not words of the sentence: list glyphs, brackets, quotes, punctuation.
_NOT_WORDS = {"``", "''", "-LRB-", "-RRB-", ",", ":", "NFP", "SYM", "LS", "HYPH", "."}


class Grammar:
    """The grammatical features of a line, from its words' tags."""

    def __init__(self, tagger: Any) -> None:
        from nltk.tokenize import TreebankWordTokenizer  # regular expressions: no data to download

        self.tagger = tagger
        self.words = TreebankWordTokenizer().tokenize
        self.tags = functools.lru_cache(maxsize=None)(self._tags)

    def _tags(self, text: str) -> tuple[tuple[str, str], ...]:
        words = self.words(text)
        return tuple(self.tagger.tag(words)) if words else ()

    def features(self, text: str) -> set[str]:
        tagged = [(w.lower(), t) for w, t in self.tags(text) if t not in _NOT_WORDS or w.isalnum()]
        words, pos = [w for w, _ in tagged], [t for _, t in tagged]
        verbs = [i for i, t in enumerate(pos) if t in _VERB]
        if not verbs:
            return {"no-verb"} if pos else set()  # a heading-like fragment: "Budget 2024"
        out = {_subject(pos, verbs[0])}
        for i in range(len(pos) - 1):
            out |= _pair(words, pos, i)
        finite = [pos[i] for i in verbs if pos[i] in _FINITE]
        if finite and all(t == "VBD" for t in finite):
            out.add("all-past")  # reported discussion
        if finite and all(t in ("VBZ", "VBP") for t in finite):
            out.add("all-present")
        return out


def _subject(pos: list[str], first: int) -> str:
    """What comes before the first verb, and which verb it is: "verb-first:base" ("Update
    the wiki"), "name-then:past" ("Bob mentioned"), "pronoun-then:modal" ("we will")."""
    before = pos[:first]
    if not before:
        where = "verb-first"
    elif all(t in _NAME or t == "CC" for t in before):
        where = "name-then"
    elif before[-1] == "PRP":
        where = "pronoun-then"
    else:
        where = "first-verb"
    return f"{where}:{_KIND[pos[first]]}"


def _pair(words: list[str], pos: list[str], i: int) -> set[str]:
    """The verb groups that start at word ``i``: modal + base, "to" + base, be + participle."""
    after = _after_adverbs(pos, i + 1)
    if after is None:
        return set()
    out = set()
    participle = _after_adverbs(pos, after + 1)
    passive = words[after] in _BE and participle is not None and pos[participle] == "VBN"
    if pos[i] == "MD" and pos[after] == "VB":
        out |= {"modal-base"} | ({"modal-passive"} if passive else set())  # "will update", "will be posted"
    if pos[i] == "TO" and pos[after] == "VB":
        out |= {"to-base"} | ({"to-passive"} if passive else set())  # "to send", "to be posted"
        if i > 0 and all(t in _NAME or t == "CC" for t in pos[:i]):
            out.add("name-to-base")  # "Bob to send", "Ann and Bob to draft"
    if words[i] in _BE and pos[i] != "MD" and pos[after] == "VBN":
        out |= {"passive"} | ({"past-passive"} if pos[i] == "VBD" else set())  # "was approved"
    return out


def _after_adverbs(pos: list[str], start: int) -> int | None:
    """The first position from ``start`` that is no adverb ("will not send", "was quickly")."""
    return next((i for i in range(start, min(start + 3, len(pos))) if pos[i] not in ("RB", "RBR")), None)


def with_grammar(grammar: Grammar) -> Callable[..., dict[str, float]]:
    """The scorer's features of a line and, named "pos:…", its grammatical features."""
    plain = scorer.features

    def features(line: Any, items: Any, context: Any, finder: Any) -> dict[str, float]:
        text, _ = scorer.said(line)
        return plain(line, items, context, finder) | {f"pos:{name}": 1.0 for name in grammar.features(text)}

    return features


# -- the measurement -----------------------------------------------------------------------
def ranking(examples: list[Any], groups: list[set[str]], keep: Callable[[str], bool]) -> str:
    """How the scorer alone rates the lines of communities it was not trained on: recall and
    precision of the lines it rates at its bar to write, and average precision (its ranking)."""
    import train_line_scorer as training

    data = [training.Example(e.community, {k: v for k, v in e.features.items() if keep(k)}, e.decision,
                             e.action) for e in examples]
    bar = scorer.Model({}).write
    rated: dict[str, list[tuple[float, bool]]] = {kind: [] for kind in scorer.KINDS}
    for group in groups:
        model = training.train(data, leave_out=group)
        for e in (e for e in data if e.community in group):
            for kind in scorer.KINDS:
                rated[kind].append((model.probability(kind, e.features), getattr(e, kind)))
    out = []
    for kind in ("action", "decision"):  # the table's order
        pairs = sorted(rated[kind], key=lambda p: -p[0])
        hits = [label for _, label in pairs]
        found = sum(label for p, label in pairs if p >= bar)
        written = sum(p >= bar for p, _ in pairs)
        average = sum(sum(hits[:n + 1]) / (n + 1) for n, label in enumerate(hits) if label) / sum(hits)
        out.append(f"{100 * found / sum(hits):.0f} % | {100 * found / max(written, 1):.0f} % "
                   f"| {100 * average:.0f} %")
    return " | ".join(out)


#: The scorer's features that read some grammar from the form of words: "will", an imperative
#: first word, a first word in -ed or -ing, a name then "to", "he will", "I will".
FORM = {"will", "imperative", "past-first", "gerund-first", "name-to", "pronoun-will", "first-person"}


def measure(model: Path) -> None:
    import import_accuracy as accuracy
    import train_line_scorer as training

    grammar = Grammar(load(model))
    before = time.process_time()
    accuracy.score_all()
    plain_seconds = time.process_time() - before
    scorer.features = with_grammar(grammar)  # this process only
    before = time.process_time()
    accuracy.score_all()
    tagged_seconds = time.process_time() - before
    print(f"import of the whole corpus (shipped line model), CPU: {plain_seconds:.2f} s without tagging, "
          f"{tagged_seconds:.2f} s tagging every line ({tagged_seconds / plain_seconds:.2f} x)\n")
    print(accuracy.ablation("pos:") + "\n")
    examples = training.examples()
    communities = sorted({e.community for e in examples})
    newest = set(accuracy.newest_round())
    print("| The line scorer alone, on lines of communities it was not trained on | actions: recall "
          "| precision | average precision | decisions: recall | precision | average precision |\n"
          "|---|---:|---:|---:|---:|---:|---:|")
    variants: list[tuple[str, Callable[[str], bool]]] = [
        ("its features", lambda k: not k.startswith("pos:")),
        ("its features and the grammatical ones", lambda _: True),
        ("the grammatical features alone", lambda k: k.startswith("pos:")),
        ("its features less those that read grammar from form", lambda k: not k.startswith("pos:")
         and k not in FORM),
        ("the same and the grammatical ones", lambda k: k not in FORM)]
    for name, keep in variants:
        for where, groups in ((f"each of {len(communities)}", [{c} for c in communities]),
                              (f"newest round ({len(newest)})", [newest])):
            print(f"| {where}: {name} | {ranking(examples, groups, keep)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    trainer = commands.add_parser("train", help="train the tagger on UD_English-EWT")
    trainer.add_argument("treebank", type=Path, help="a clone of UD_English-EWT")
    trainer.add_argument("--out", type=Path, default=MODEL)
    measurer = commands.add_parser("measure", help="the line scorer with and without grammatical features")
    measurer.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args()
    if args.command == "train":
        train(args.treebank, args.out)
    else:
        measure(args.model)


if __name__ == "__main__":
    main()
