"""The benchmark's synthetic logs are valid sites (so bench/run.py measures real builds)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from helpers import PROJECT, sphinx_build

sys.path.insert(0, str(PROJECT / "bench"))
from generate import generate
from run import SITES, edited_record, set_status


def test_generated_logs_build_cleanly(tmp_path: Path) -> None:
    generate(40, tmp_path)
    dmlog = sphinx_build(tmp_path / "dmlog")
    assert dmlog.returncode == 0 and "WARNING" not in dmlog.output, dmlog.output[-3000:]
    assert sum(n["type"] in ("decision", "action") for n in dmlog.needs.values()) == 40
    plain = sphinx_build(tmp_path / "plain")
    assert plain.returncode == 0 and "WARNING" not in plain.output, plain.output[-3000:]
    # the peer: the same records (and meetings) as plain sphinx-needs records, linked
    peer = sphinx_build(tmp_path / "needs")
    assert peer.returncode == 0 and "WARNING" not in peer.output, peer.output[-3000:]
    records = {i: n for i, n in dmlog.needs.items() if n["type"] in ("decision", "action", "meeting")}
    assert peer.needs.keys() == records.keys()
    for record_id, need in peer.needs.items():
        assert (need["status"], need["meeting"]) == (records[record_id].get("status"),
                                                    records[record_id].get("meeting", [])), record_id
    assert any(n["decision_back"] for n in peer.needs.values() if n["type"] == "decision")
    # its two views: the tables of decisions and of actions, each with every row
    for kind in ("decision", "action"):
        html = peer.html(f"docs/{kind}s")
        assert "NEEDS_DATATABLES" in html
        assert all(i in html for i, n in records.items() if n["type"] == kind)
    # the floor: dmlog's records and sphinx-needs settings without dmlog, each record
    # shown as its body text, none as a sphinx-needs card
    floor = sphinx_build(tmp_path / "floor")
    assert floor.returncode == 0 and "WARNING" not in floor.output, floor.output[-3000:]
    assert floor.needs.keys() == dmlog.needs.keys()
    # trimmed as dmlog trims sphinx-needs: needs.json without its bookkeeping fields
    assert all(set(need) <= set(dmlog.needs[i]) for i, need in floor.needs.items())
    page = sorted((tmp_path / "floor" / "decisions").rglob("*.md"))[0].relative_to(tmp_path / "floor")
    shown = floor.html(str(page.with_suffix("")))
    # each record of the page is its body, as its file has it, in a container of its own
    soup = BeautifulSoup(shown, "html.parser")
    blocks = re.findall(r"```\{decision\} [^\n]*\n(.*?)\n```", (tmp_path / "floor" / page).read_text(), re.S)
    assert blocks
    for block in blocks:
        record_id = re.search(r":id: (\S+)", block)
        assert record_id is not None, block
        box = soup.find("div", id=record_id[1])
        assert box is not None and "container" in box["class"]
        assert box.get_text(" ", strip=True) == block.rsplit("\n\n", 1)[1]
    assert "needs_layout_" not in shown and "needs_layout_" in peer.html(str(page.with_suffix("")))

    # the same pages, the same text: one site is the other without dmlog
    pages = {p.relative_to(tmp_path / "dmlog") for p in (tmp_path / "dmlog").rglob("*.md")}
    for site in SITES:
        assert pages == {p.relative_to(tmp_path / site) for p in (tmp_path / site).rglob("*.md")}

    # the benchmark's edit changes one line of one file in each site, and back
    record_id = edited_record(tmp_path / "dmlog")
    before = {site: _texts(tmp_path / site) for site in SITES}
    for site in SITES:
        set_status(tmp_path / site, record_id, "open", "done")
        after = _texts(tmp_path / site)
        changed = [p for p in after if after[p] != before[site][p]]
        assert len(changed) == 1, (site, changed)
        old, new = before[site][changed[0]].splitlines(), after[changed[0]].splitlines()
        assert len(old) == len(new)
        differ = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        assert len(differ) == 1 and differ[0][0].replace("open", "done", 1) == differ[0][1], differ
        set_status(tmp_path / site, record_id, "done", "open")
        assert _texts(tmp_path / site) == before[site]


def _texts(site: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in site.rglob("*.md")}
