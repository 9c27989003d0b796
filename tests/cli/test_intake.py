"""Intake as a new team meets it: a realistic meeting imported, its page, its names
resolved once for every command, a back catalogue, and re-imports (issue 17)."""

from __future__ import annotations

from pathlib import Path

from helpers import PROJECT, empty_log
from helpers import invoke as dmlog

TEAM_MEETING = """\
DMLT weekly meeting

Date: 2026-11-19
Attendees: Leanne Guy, Kian-Tat Lim (KT), Yusra AlSayyad, Tim Jenness (TJ), Wil O'Mullane
Regrets: Robert Gruendl

Agenda

1. Datasets for commissioning
   - Gaia DR3 is now available in the LSP
     - DR2 stays until the summer
   - Agreed: we will use Gaia DR3 as the astrometric reference catalog.
2. Summit services
   - KT to produce a DMTN describing summit services by end of month.
3. Pipelines plan
   - Yusra AlSayyad to circulate the pipelines release plan by next week.

Action items
- TJ to book the room for the next face-to-face by Friday.
"""


def team_log(tmp_path: Path) -> tuple[Path, Path]:
    """A log without the seed meeting, and the team's minutes beside it."""
    site = empty_log(tmp_path / "site")
    minutes = tmp_path / "dmlt-2026-11-19.txt"
    minutes.write_text(TEAM_MEETING, encoding="utf-8")
    return site, minutes


def test_the_meeting_page_is_laid_out_as_the_minutes_were(tmp_path: Path) -> None:
    site, minutes = team_log(tmp_path)
    code, output = dmlog(site, "import", str(minutes), "--date", "2026-11-19", "--title", "DMLT weekly")
    assert code == 0, output
    page = (site / "docs/meetings/2026/2026-11-19-dmlt-weekly.md").read_text(encoding="utf-8")
    notes = page.split("## Discussion\n", 1)[1]
    assert "Date\n: 2026-11-19\n" in notes and "Regrets\n: Robert Gruendl\n" in notes
    assert "Attendees\n: Leanne Guy, Kian-Tat Lim (KT), Yusra AlSayyad" in notes
    assert ("### Agenda\n\n1. Datasets for commissioning\n   - Gaia DR3 is now available in the LSP\n"
            "     - DR2 stays until the summer\n   - DEC-2026-001 (line 12).\n"
            "2. Summit services\n   - ACT-2026-001 (line 14).\n") in notes
    assert "### Action items\n\n- ACT-2026-003 (line 19).\n" in notes
    assert "\\1." not in notes and "- -" not in notes and "- \\-" not in notes
    # "Regrets:" on the line after the attendees is not more attendees
    assert ":attendees: guylp, limk, jennesst, omullanew" in page


def test_seed_page_reads_as_paragraphs_not_one_flat_list(tmp_path: Path) -> None:
    site = empty_log(tmp_path)
    code, output = dmlog(site, "import", str(PROJECT / "docs/meetings/2019/2019-03-dmlt-f2f.txt"),
                         "--date", "2019-03", "--title", "DMLT f2f", "--slug", "dmlt-f2f")
    assert code == 0, output
    notes = (site / "docs/meetings/2019/2019-03-dmlt-f2f.md").read_text().split("## Discussion\n", 1)[1]
    assert notes.startswith("\nDEC-2019-001 (line 1).\n\nNext JSR is tentatively scheduled")
    assert "\n- " not in notes  # the paste has no list glyphs: nothing is made a list
