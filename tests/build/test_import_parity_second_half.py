"""Parity, the other half of the corpus (see tests/build/test_import_parity.py)."""

from __future__ import annotations

from pathlib import Path

from helpers import corpus_minutes, import_and_build


def test_the_second_half_of_the_corpus_imports_to_a_log_that_checks_and_builds(tmp_path: Path) -> None:
    import_and_build(tmp_path / "site", corpus_minutes()[1::2])
