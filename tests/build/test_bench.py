"""The benchmark's synthetic logs are valid sites (so bench/run.py measures real builds)."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import PROJECT, sphinx_build

sys.path.insert(0, str(PROJECT / "bench"))
from generate import generate


def test_generated_logs_build_cleanly(tmp_path: Path) -> None:
    generate(40, tmp_path)
    dmlog = sphinx_build(tmp_path / "dmlog")
    assert dmlog.returncode == 0 and "WARNING" not in dmlog.output, dmlog.output[-3000:]
    assert sum(n["type"] in ("decision", "action") for n in dmlog.needs.values()) == 40
    plain = sphinx_build(tmp_path / "plain")
    assert plain.returncode == 0 and "WARNING" not in plain.output, plain.output[-3000:]
    # the same pages, the same text: one site is the other without dmlog
    pages = {p.relative_to(tmp_path / "dmlog") for p in (tmp_path / "dmlog").rglob("*.md")}
    assert pages == {p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain").rglob("*.md")}
