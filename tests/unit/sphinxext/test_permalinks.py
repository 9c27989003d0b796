"""The static permalink pages r/<ID>.html and the lookup page's list of records."""

from __future__ import annotations

import json
from pathlib import Path

from dmlog.sphinxext.permalinks import permalink, redirect_page, write_redirects


def test_a_redirect_page_goes_to_the_record_without_javascript() -> None:
    page = redirect_page("DEC-2019-003", "Use <Gaia> & friends", "../decisions/a.html#DEC-2019-003")
    assert '<meta http-equiv="refresh" content="0; url=../decisions/a.html#DEC-2019-003">' in page
    assert '<a href="../decisions/a.html#DEC-2019-003">' in page
    assert "<script" not in page
    # a record's title is untrusted text
    assert "Use &lt;Gaia&gt; &amp; friends" in page and "<Gaia>" not in page


def test_permalinks_are_relative_to_the_page() -> None:
    assert permalink("docs/index", "DEC-2019-003") == "../r/DEC-2019-003.html"
    assert permalink("decisions/2019/f2f", "ACT-2019-001") == "../../r/ACT-2019-001.html"
    assert permalink("index", "ann") == "r/ann.html"


def test_redirects_of_removed_records_are_removed(tmp_path: Path) -> None:
    write_redirects(tmp_path, {"DEC-2019-001": ("One", "d.html#DEC-2019-001"),
                               "DEC-2019-002": ("Two", "d.html#DEC-2019-002")})
    write_redirects(tmp_path, {"DEC-2019-002": ("Two </script>", "e.html#DEC-2019-002")})
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["DEC-2019-002.html", "records.js"]
    assert "url=../e.html#DEC-2019-002" in (tmp_path / "r" / "DEC-2019-002.html").read_text()
    script = (tmp_path / "r" / "records.js").read_text()
    assert script.startswith("window.dmlogRecords = ") and "</script>" not in script
    assert json.loads(script.split(" = ", 1)[1].rstrip(";\n")) == [["DEC-2019-002", "Two </script>"]]


def test_only_redirects_whose_target_changed_are_written_again(tmp_path: Path) -> None:
    first = {"DEC-2019-001": ("One", "d.html#DEC-2019-001"), "DEC-2019-002": ("Two", "d.html#DEC-2019-002")}
    remembered = write_redirects(tmp_path, first)
    one, two = tmp_path / "r" / "DEC-2019-001.html", tmp_path / "r" / "DEC-2019-002.html"
    # mark both pages: a page left alone keeps the mark
    for page in (one, two):
        page.write_text(page.read_text() + "<!-- kept -->")
    write_redirects(tmp_path, {**first, "DEC-2019-002": ("Two", "e.html#DEC-2019-002")}, remembered)
    assert one.read_text().endswith("<!-- kept -->")
    assert "url=../e.html#DEC-2019-002" in two.read_text() and "kept" not in two.read_text()
    # a page that is missing is written whatever the last build wrote
    one.unlink()
    write_redirects(tmp_path, first, remembered)
    assert "url=../d.html#DEC-2019-001" in one.read_text()
