"""What one build keeps for the next: one file, one version; anything else is a clean
rebuild of dmlog's state (every page read and written again)."""

from __future__ import annotations

import pickle
from pathlib import Path

from dmlog.sphinxext import state


def test_what_a_build_keeps_is_read_back_as_it_was(tmp_path: Path) -> None:
    kept = state.Kept(permalinks={"DEC-2020-001": ("Adopt", "decisions/d.html#DEC-2020-001")},
                      feeds={"feeds/decisions.atom": "abc"}, reread=False)
    state.save(tmp_path, kept)
    assert [p.name for p in tmp_path.iterdir()] == [state.STATE_FILE]  # no temporary left
    assert state.load(tmp_path) == kept


def test_no_state_another_version_or_an_unreadable_file_is_a_clean_rebuild(tmp_path: Path) -> None:
    assert state.load(tmp_path) == state.Kept(reread=True)  # none yet
    path = tmp_path / state.STATE_FILE
    path.write_bytes(pickle.dumps(("0:older", state.Kept(feeds={"x": "y"}))))
    assert state.load(tmp_path) == state.Kept(reread=True)
    path.write_bytes(b"not a pickle")
    assert state.load(tmp_path) == state.Kept(reread=True)
    path.write_bytes(pickle.dumps((state.version(), {"not": "a Kept"})))
    assert state.load(tmp_path) == state.Kept(reread=True)


def test_the_version_changes_with_dmlogs_code() -> None:
    number, release, digest = state.version().split(":")
    assert number == str(state.VERSION) and release and len(digest) == 64
