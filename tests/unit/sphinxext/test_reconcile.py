"""The reconciliation's own pieces: stale pages, and its one touch of Sphinx internals."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from dmlog.sphinxext import needs, reconcile


def test_sphinx_still_counts_warnings_where_the_adapter_reads_them() -> None:
    # canary: needs.warnings_so_far reads Sphinx's private counter
    assert "_warncount" in Sphinx.__annotations__

    class Counting:
        _warncount = 2

    assert needs.warnings_so_far(Counting()) == 2  # type: ignore[arg-type]
    assert needs.warnings_so_far(object()) is None  # type: ignore[arg-type]


def test_only_pages_of_the_log_whose_source_is_gone_are_removed(tmp_path: Path) -> None:
    for name in ("decisions/2020/kept.html", "decisions/2020/gone.html", "docs/people/carol.html",
                 "docs/index.html", "search.html", "r/DEC-2020-001.html", "_static/x.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>page</p>")
    removed = reconcile.remove_stale_pages(tmp_path, {"decisions/2020/kept", "docs/index"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in removed) == [
        "decisions/2020/gone.html", "docs/people/carol.html"]
    assert (tmp_path / "search.html").exists() and (tmp_path / "r/DEC-2020-001.html").exists()
