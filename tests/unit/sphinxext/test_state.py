"""What one build keeps for the next: one file, one version; anything else is a clean
rebuild of dmlog's state (every page read and written again)."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path
from types import SimpleNamespace

from dmlog.sphinxext import state


def test_what_a_build_keeps_is_read_back_as_it_was(tmp_path: Path) -> None:
    kept = state.Kept(permalinks={"DEC-2020-001": "0a1b2c"},
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


def test_the_collector_is_paused_only_while_a_last_build_is_loaded(tmp_path: Path) -> None:
    first, again = (SimpleNamespace(doctreedir=str(tmp_path / name)) for name in ("a", "b"))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "environment.pickle").write_bytes(b"")  # a last build's environment
    try:
        state._pause_collector(first, None)  # type: ignore[arg-type]
        assert gc.isenabled()  # a first build loads nothing
        state._pause_collector(again, None)  # type: ignore[arg-type]
        assert not gc.isenabled()  # Sphinx loads the environment next
        state.load_kept(again)  # type: ignore[arg-type]
        # running again, and what was loaded is left to the process's end
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()
