"""The reconciliation's own pieces: stale pages, and its one touch of Sphinx internals."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from sphinx.application import Sphinx

from dmlog.log import sources
from dmlog.sphinxext import needs, reconcile, state


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


def test_the_records_of_the_site_are_the_readers_as_the_site_shows_them(tmp_path: Path) -> None:
    def decision(record_id: str, title: str, note: str = "n") -> str:
        return (f"```{{decision}} {title}\n:id: {record_id}\n:status: adopted\n:date: 2020-05-01\n"
                f":meeting: MTG-2020-05-01-review\n:note: {note}\n```\n\n")

    (tmp_path / "decisions/2020").mkdir(parents=True)
    (tmp_path / "decisions/2020/a.md").write_text(
        decision("DEC-2020-001", "Plain") + decision("DEC-2020-002", "Colour \x1b[31mred", "a\x07 bell")
        + decision("DEC-2020-003", "Not made by sphinx-needs"), encoding="utf-8")
    (tmp_path / "decisions/2020/b.md").write_text(decision("DEC-2020-001", "Second"), encoding="utf-8")
    app = SimpleNamespace()
    log = state.of(app).reading = sources.load_log(tmp_path)  # type: ignore[arg-type]
    site = reconcile.site_records(app, {"DEC-2020-001", "DEC-2020-002"})  # type: ignore[arg-type]
    assert list(site) == ["DEC-2020-001", "DEC-2020-002"]
    assert site["DEC-2020-001"] is log.records[0]  # the first of an ID, the reader's own record
    # without the control characters the reader reports, as sphinx-needs' record holds it
    shown = site["DEC-2020-002"]
    assert (shown.title, shown.get("note"), shown.links("meeting")) == (
        "Colour [31mred", "a bell", ("MTG-2020-05-01-review",))


def test_another_build_of_the_application_reads_the_log_again_and_draws_from_it() -> None:
    app = SimpleNamespace()
    build = state.of(app)  # type: ignore[arg-type]
    build.reading, build.facts = object(), object()  # type: ignore[assignment]
    reconcile._forget_reading(app, None, [])  # type: ignore[arg-type]
    assert build.reading is None and build.facts is None
