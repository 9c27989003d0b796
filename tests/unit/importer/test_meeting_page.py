"""Plain-text minutes written again as the meeting page's Markdown, as they were laid out:
read back with the site's own MyST parser (headings, nested lists, numbers, fields)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from dmlog import conf
from dmlog.importer.page import TextNotes, inline_text
from dmlog.importer.plan import plan_import
from dmlog.importer.structure import logical_lines
from dmlog.log.sources import load_log
from helpers import TEAM_MEETING, attr, one

#: The team's meeting, with a line that continues an item and one that only looks like
#: a heading.
MINUTES = TEAM_MEETING + "  which is a continuation of the item above\n# not a heading, just text\n"


def render(text: str) -> BeautifulSoup:
    notes = TextNotes()
    lines = logical_lines(text, markdown=False)
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        notes.add(line, following)
    parser = create_md_parser(MdParserConfig(enable_extensions=set(conf.myst_enable_extensions)),
                              RendererHTML)
    return BeautifulSoup(parser.render(notes.markdown()), "html.parser")


def test_sections_lists_numbers_and_fields_as_written() -> None:
    page = render(MINUTES)
    assert [h.get_text() for h in page.find_all("h3")] == ["Agenda", "Action items"]
    fields = {dt.get_text(): dd.get_text() for dt, dd in zip(page.find_all("dt"), page.find_all("dd"),
                                                             strict=True)}
    assert fields == {"Date": "2026-11-19", "Regrets": "Robert Gruendl",
                      "Attendees": "Leanne Guy, Kian-Tat Lim (KT), Yusra AlSayyad, Tim Jenness (TJ), "
                                   "Wil O'Mullane"}
    agenda = one(page, "ol")
    items = agenda.find_all("li", recursive=False)
    assert [str(li.find(string=True)).strip() for li in items] == [
        "Datasets for commissioning", "Summit services", "Pipelines plan"]
    gaia = one(one(items[0], "ul"), "li")
    assert str(gaia.find(string=True)).startswith("Gaia DR3 is now available")
    assert one(gaia, "ul").get_text(strip=True) == "DR2 stays until the summer"  # nested twice
    assert one(items[1], "ul").get_text(strip=True).startswith("KT to produce a DMTN")
    last = page.find_all("ul")[-1]
    assert last.get_text(strip=True).startswith("TJ to book the room")
    assert "which is a continuation" in last.get_text()  # kept inside its item
    assert page.find(string="# not a heading, just text")  # a paragraph, not a heading
    assert "\\" not in page.get_text() and "- -" not in page.get_text()


def test_flat_paste_stays_paragraphs_and_nothing_opens_a_block() -> None:
    page = render("We met.\n> quoted\n| a | b |\n<script>alert(1)</script>\n12. Not a list? it is\n")
    assert not page.find("script") and not page.find("blockquote") and not page.find("table")
    assert [p.get_text() for p in page.find_all("p")][:4] == [
        "We met.", "> quoted", "| a | b |", "<script>alert(1)</script>"]
    assert attr(one(page, "ol"), "start") == "12"  # a number the minutes give is kept
    assert inline_text("1. x") == "1\\. x" and inline_text("Date") == "Date"
    nested = render("- 1. a bullet that begins with a number\n")
    assert one(nested, "li").get_text() == "1. a bullet that begins with a number"


def test_fields_of_markdown_minutes_are_fields_not_one_paragraph(tmp_path: Path) -> None:
    """"Date: …" and "Attendees: …" on lines of their own in Markdown minutes: the
    attendees are read (they were joined to the date) and the page shows both as fields."""
    log = tmp_path / "log"
    (log / "docs/registry").mkdir(parents=True)
    (log / "docs/registry/people.yaml").write_text("people:\n  guylp:\n    name: Leanne Guy\n")
    minutes = tmp_path / "minutes.md"
    minutes.write_text("# Weekly\n\nDate: 2026-11-19\nAttendees: Leanne Guy, Ann Other\n\n"
                       "## Notes\n\n- Agreed: we meet on Fridays.\n", encoding="utf-8")
    plan = plan_import(log, load_log(log), minutes, "2026-11-19", "Weekly")
    assert plan.attendees == ["guylp", "UNRESOLVED-Ann_Other"]
    page = next(text for path, text in plan.files.items() if path.suffix == ".md" and "meetings" in str(path))
    assert "\nDate\n: 2026-11-19\n\nAttendees\n: Leanne Guy, Ann Other\n" in page
