"""Canaries for the sphinx-needs adapter on a real build: the purge dmlog does in
place of sphinx-needs' gives the same environment; pages with tables carry every
asset the table needs; sphinx-needs' own content marks a page for rewriting."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx_needs.data import SphinxNeedsData

from dmlog import schema
from dmlog.sphinxext import needs
from dmlog.sphinxext.state import STATE_FILE
from helpers import Build, copy_root, sphinx_build, write

# a page with sphinx-needs' own content: a role naming a record and filtered lists
# (needextend is refused in the log's pages: tests/build/test_content_gate.py)
NEEDS_PAGE = """
# sphinx-needs content

The plan: {need}`DEC-2020-001`.

```{needlist}
:filter: type == "action"
```

```{needtable}
:filter: type == "decision"
```

```{needextract}
:filter: id == "ACT-2020-001"
```
"""


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = copy_root("mini", tmp_path_factory.mktemp("adapter") / "site")
    write(site, {"docs/needs-content.md": NEEDS_PAGE})
    index = site / "docs/index.md"
    index.write_text(index.read_text().replace("decisions\n", "decisions\nneeds-content\n", 1))
    result = sphinx_build(site)
    assert result.returncode == 0, result.output
    return result


def _environment(build: Build) -> Any:
    (path,) = build.outdir.parent.rglob("environment.pickle")
    with open(path, "rb") as handle:
        return pickle.load(handle)  # noqa: S301 - written by the test's own build


def _shape(value: Any) -> Any:
    """A table's content, comparable: containers kept, objects as their type."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_shape(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return type(value).__name__


def _tables(env: Any) -> dict[str, Any]:
    return {name: _shape(value) for name, value in vars(env).items() if name.startswith("_need")}


def test_purging_pages_equals_sphinx_needs_own_purge(build: Build) -> None:
    pages = {"decisions/2020/2020-05-01-review", "docs/needs-content"}
    before = _tables(_environment(build))
    stock = _environment(build)
    for page in pages:
        SphinxNeedsData(stock).remove_doc(page)
    ours = _environment(build)
    needs.purge_pages(ours, pages)
    changed = {name for name, value in _tables(stock).items() if value != before[name]}
    # the page's record, its node, its place among the pages of its type
    assert {"_needs_all_needs", "_needs_all_nodes", "_needs_all_docs"} <= changed
    assert changed <= set(needs.PURGED_TABLES), changed - set(needs.PURGED_TABLES)
    assert _tables(ours) == _tables(stock)


def test_node_copies_are_kept_only_for_a_needextract(build: Build, mini_build: Build) -> None:
    # this site extracts a record: sphinx-needs keeps the node copies it draws from
    assert "ACT-2020-001" in _environment(build)._needs_all_nodes
    assert "Bob writes the plan down." in build.html("docs/needs-content")  # its body
    # the mini site extracts none: no copy of any record's node is kept
    assert not _environment(mini_build)._needs_all_nodes
    assert _environment(mini_build)._needs_all_needs


def test_a_page_with_a_table_carries_every_table_asset(build: Build) -> None:
    static = build.outdir / "_static"
    table_assets = {p.relative_to(static).as_posix()
                    for p in (static / "sphinx-needs").rglob("needstable*")}
    assert table_assets  # sphinx-needs still ships them

    def assets(docname: str) -> set[str]:
        page = BeautifulSoup(build.html(docname), "html.parser")
        urls = [str(tag.get("href") or tag.get("src") or "") for tag in page.find_all(["link", "script"])]
        return {url.split("_static/", 1)[1].split("?")[0] for url in urls if "_static/" in url}

    # the decision log: dmlog's own interactive table, none of sphinx-needs' assets
    decisions = assets("docs/decisions")
    assert "dmlog-table.js" in decisions
    assert not {a for a in decisions if a.startswith(("sphinx-needs/", "sphinx-data-viewer/"))}
    # a page with sphinx-needs' own table (a needtable) keeps all of them
    content = assets("docs/needs-content")
    assert table_assets <= content, table_assets - content
    home = assets("docs/index")  # figures, no table: none of sphinx-needs' assets
    assert not {a for a in home if a.startswith(("sphinx-needs/", "sphinx-data-viewer/"))}
    # sphinx-needs' own content keeps sphinx-needs' own assets
    assert any(a.startswith("sphinx-needs/") and not needs.is_table_asset(a)
               for a in assets("docs/needs-content"))


def test_sphinx_needs_content_is_tracked_for_incremental_builds(build: Build) -> None:
    (path,) = build.outdir.parent.rglob(STATE_FILE)
    # everything dmlog keeps between builds is this one file
    assert sorted(p.name for p in path.parent.glob("dmlog*")) == [STATE_FILE]
    with open(path, "rb") as handle:
        _version, kept = pickle.load(handle)  # noqa: S301 - written by the test's own build
    state = kept.pages
    assert "DEC-2020-001" in state.shown["docs/needs-content"]
    assert "*" in state.lists["docs/needs-content"]  # the needlist shows every action
    assert "*" not in state.lists["docs/decisions"]


def test_needs_json_carries_only_dmlog_fields(build: Build) -> None:
    allowed = {"id", "title", "type", "status", "tags", "docname", "lineno", "content",
               "overdue", *schema.FIELDS, *schema.LINKS, *(f"{k}_back" for k in schema.LINKS)}
    for record in build.needs.values():
        assert set(record) <= allowed, set(record) - allowed
    assert Path(build.outdir / "needs.json").stat().st_size > 0
