"""bench/label_agreement.py: a second labeller's records matched to the first's as the
importer's are (kind and a shared line; an action with the same owners), and the second
labels kept beside the corpus are of its minutes."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import yaml

from helpers import PROJECT


def _agreement() -> ModuleType:
    sys.path.insert(0, str(PROJECT / "bench"))
    spec = importlib.util.spec_from_file_location("label_agreement", PROJECT / "bench" / "label_agreement.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["label_agreement"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_owners_as_written_name_the_same_person() -> None:
    agreement = _agreement()
    assert agreement.same_person("Alice", "alice smith")
    assert agreement.same_person("@asmith", "asmith")
    assert agreement.same_person("AS", "Alice Smith")
    assert not agreement.same_person("Alice", "Bob")
    assert not agreement.same_person("A", "Alice Smith")  # one letter is no one's initials


def test_the_second_labellers_records_are_matched_once_each_with_their_owners() -> None:
    agreement = _agreement()
    label = agreement.Label
    first = [label("action", {3}, ["Alice"]), label("action", {4}, ["Bob"]),
             label("decision", {7, 8}, None), label("decision", {10}, None)]
    second = [label("action", {3}, ["Alice Smith"]), label("action", {4}, ["Carol"]),
              label("decision", {8}, None), label("action", {10}, None), label("action", {12}, None)]
    result = agreement.agree("minutes.md", first, second)
    assert result.first == {"action": 2, "decision": 2} and result.second == {"action": 4, "decision": 1}
    assert result.matched == {"action": 1, "decision": 1}  # Bob/Carol: another owner; line 10: another kind
    assert result.matched_any_owner == 2
    table = agreement.table([result])
    assert "| `minutes.md` | 2 | 4 | 50 % | 25 % | 100 % | 2 | 1 | 50 % | 100 % |" in table


def test_each_second_label_file_labels_corpus_minutes_with_their_own_lines() -> None:
    agreement = _agreement()
    files = sorted(agreement.SECOND.glob("*.labels.yaml"))
    assert len(files) >= 21
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        minutes = agreement.CORPUS / data["minutes"]
        assert (agreement.CORPUS / path.name).exists(), f"{path.name}: no first labels in the corpus"
        lines = minutes.read_text(encoding="utf-8").splitlines()
        for record in data["records"]:
            assert record["kind"] in ("action", "decision")
            assert any(record["text"] in lines[n - 1] for n in record["lines"]), (path.name, record)
