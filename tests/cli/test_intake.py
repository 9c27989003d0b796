"""Intake as a new team meets it: a realistic meeting imported, its page, its names
resolved once for every command, a back catalogue, and re-imports (issue 17)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import PROJECT, TEAM_MEETING, commit_all, empty_log, files_of, git_repository
from helpers import invoke as dmlog


def team_minutes(folder: Path) -> Path:
    minutes = folder / "dmlt-2026-11-19.txt"
    minutes.write_text(TEAM_MEETING, encoding="utf-8")
    return minutes


def team_log(tmp_path: Path) -> tuple[Path, Path]:
    """A log without the seed meeting, and the team's minutes beside it."""
    return empty_log(tmp_path / "site"), team_minutes(tmp_path)


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
            "2. Summit services\n   - ACT-2026-001 (line 14).\n"
            "   - KT: summit services doc needs updating\n") in notes  # what KT said: no action
    assert "### Action items\n\n- ACT-2026-003 (line 20).\n" in notes
    assert "\\1." not in notes and "- -" not in notes and "- \\-" not in notes
    # "Regrets:" on the line after the attendees is not more attendees
    assert ":attendees: guylp, limk, UNRESOLVED-Yusra_AlSayyad, jennesst, omullanew" in page


def test_seed_page_reads_as_paragraphs_not_one_flat_list(tmp_path: Path) -> None:
    site = empty_log(tmp_path)
    code, output = dmlog(site, "import", str(PROJECT / "docs/meetings/2019/2019-03-dmlt-f2f.txt"),
                         "--date", "2019-03", "--title", "DMLT f2f", "--slug", "dmlt-f2f")
    assert code == 0, output
    notes = (site / "docs/meetings/2019/2019-03-dmlt-f2f.md").read_text().split("## Discussion\n", 1)[1]
    assert notes.startswith("\nDEC-2019-001 (line 1).\n\nNext JSR is tentatively scheduled")
    assert "\n- " not in notes  # the paste has no list glyphs: nothing is made a list


def test_a_name_is_settled_once_with_the_command_check_names(tmp_path: Path) -> None:
    """Yusra AlSayyad is not in the registry: she stays an attendee (marked), `dmlog check`
    names the command that settles her, and that command rewrites every mention."""
    site, minutes = team_log(tmp_path)
    code, output = dmlog(site, "import", str(minutes), "--date", "2026-11-19", "--title", "DMLT weekly")
    assert code == 0, output
    assert f"{minutes}:4: cannot resolve the name 'Yusra AlSayyad'" in output  # the attendee
    # a misspelt name of someone the registry has: the importer offers the closest
    misspelt = tmp_path / "2026-11-21.txt"
    misspelt.write_text("Leane Guy to write the plan by Friday.\n", encoding="utf-8")
    code, output = dmlog(site, "import", str(misspelt), "--title", "Telecon", "--dry-run")
    assert "cannot resolve the name 'Leane Guy' (did you mean guylp (Leanne P. Guy)?)" in output, output
    code, output = dmlog(site, "check")
    assert code == 1
    command = ('`dmlog new person ID --name "Yusra AlSayyad" --resolves UNRESOLVED-Yusra_AlSayyad`')
    assert "unresolved attendees 'Yusra AlSayyad'" in output and command in output
    assert "`dmlog resolve UNRESOLVED-Yusra_AlSayyad ID`" in output
    # a name that is no mark, and a person who is not in the registry, are refused with hints
    code, output = dmlog(site, "resolve", "Yusra Alsayad", "guylp")
    assert code == 1 and "did you mean UNRESOLVED-Yusra_AlSayyad?" in output, output
    code, output = dmlog(site, "resolve", "UNRESOLVED-Yusra_AlSayyad", "alsayyady")
    assert code == 1 and "--resolves UNRESOLVED-Yusra_AlSayyad" in output, output

    code, output = dmlog(site, "new", "person", "alsayyady", "--name", "Yusra AlSayyad",
                         "--resolves", "UNRESOLVED-Yusra_AlSayyad")
    assert code == 0, output
    assert "ACT-2026-002 :owner: alsayyady" in output
    assert "MTG-2026-11-19-dmlt-weekly :attendees: guylp, limk, alsayyady, jennesst, omullanew" in output
    code, output = dmlog(site, "check")
    assert code == 0, output
    actions = (site / "actions/2026/2026-11-19-dmlt-weekly.md").read_text(encoding="utf-8")
    assert "UNRESOLVED" not in actions and "to resolve" not in actions
    assert "by next week.\n```" in actions  # the note and the blank line before it are gone
    assert "UNRESOLVED" not in (site / "docs/meetings/2026/2026-11-19-dmlt-weekly.md").read_text()
    code, output = dmlog(site, "resolve", "UNRESOLVED-Yusra_AlSayyad", "alsayyady")
    assert code == 1 and "the log has no unresolved names" in output


def test_every_command_resolves_names_alike(tmp_path: Path) -> None:
    site, minutes = team_log(tmp_path)
    assert dmlog(site, "import", str(minutes), "--date", "2026-11-19", "--title", "DMLT weekly")[0] == 0
    meeting = "MTG-2026-11-19-dmlt-weekly"
    code, output = dmlog(site, "new", "action", "--meeting", meeting, "--title", "Ask Leanne",
                         "--owner", "Leanne", "--due", "next week")
    assert code == 0, output
    assert "--owner 'Leanne' read as guylp (Leanne P. Guy), by first name" in output
    assert "--due 'next week' read as" in output
    action = (site / "actions/2026/2026-11-19-dmlt-weekly.md").read_text().split("Ask Leanne")[1]
    assert ":owner: guylp\n" in action and re.search(r":due: \d{4}-\d\d-\d\d\n", action)
    code, output = dmlog(site, "list", "actions", "--owner", "Leanne", "--format", "json")
    assert code == 0 and [r["title"] for r in json.loads(output.split("\n", 1)[1])] == ["Ask Leanne"]
    code, output = dmlog(site, "new", "action", "--meeting", meeting, "--title", "X", "--owner", "TJ")
    assert code == 0 and "--owner 'TJ' read as jennesst (Tim Jenness), by initials" in output  # said
    for owner, expected in (("XY", "'XY' is not a person or group of the registry"),
                            ("Leane Guy", "did you mean guylp (Leanne P. Guy)?"),
                            ("Tim Jeness", "did you mean jennesst (Tim Jenness)?")):
        code, output = dmlog(site, "new", "action", "--meeting", meeting, "--title", "X", "--owner", owner)
        assert code == 1 and expected in output, output
    code, output = dmlog(site, "new", "action", "--meeting", meeting, "--title", "X", "--owner", "limk",
                         "--due", "soon")
    assert code == 1 and "--due 'soon' is not a date" in output
    # a filter on a name: read as the ID it names, and said; a name of nobody is an error
    code, output = dmlog(site, "list", "actions", "--filter", 'owner == "Kian-Tat Lim"')
    assert code == 0 and "owner 'Kian-Tat Lim' is not an ID: read as limk (Kian-Tat Lim)" in output
    assert "ACT-2026-001" in output
    code, output = dmlog(site, "list", "actions", "--filter", 'owner in (limk, "Kian-Tat Lym")')
    assert code == 1 and "'Kian-Tat Lym' is not a person or group of the registry; did you mean limk" \
        in output, output


def test_a_back_catalogue_in_one_command_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    site, minutes = team_log(tmp_path)
    folder = tmp_path / "minutes"
    folder.mkdir()
    minutes.rename(folder / minutes.name)  # dated by its name
    (folder / "weekly.txt").write_text(  # dated by its text
        TEAM_MEETING.replace("2026-11-19", "November 26, 2026").replace("Gaia DR3 as", "Gaia DR4 as"),
        encoding="utf-8")
    (folder / "2019-03-dmlt-f2f.txt").write_bytes(
        (PROJECT / "docs/meetings/2019/2019-03-dmlt-f2f.txt").read_bytes())
    (folder / ".hidden.txt").write_text("Agreed: nothing.\n")
    code, output = dmlog(site, "import", str(folder))
    assert code == 0, output
    rows = [line.split() for line in output.splitlines()[1:4]]
    assert [(row[0].rsplit("/", 1)[1], row[1], row[2], row[4], row[5]) for row in rows] == [
        ("2019-03-dmlt-f2f.txt", "MTG-2019-03-dmlt-f2f", "22", "0", "written"),  # oldest first
        ("dmlt-2026-11-19.txt", "MTG-2026-11-19-dmlt-weekly-meeting", "4", "1", "written"),
        ("weekly.txt", "MTG-2026-11-26-dmlt-weekly-meeting", "4", "1", "written")]
    assert "3 file(s): 3 imported, 0 already in the log, 0 not imported" in output
    assert output.splitlines()[0].split() == ["FILE", "MEETING", "RECORDS", "QUEUED", "UNRESOLVED"]
    assert (site / "actions/2026/2026-11-26-dmlt-weekly-meeting.md").read_text().count(":id: ACT-2026-") == 3

    before = files_of(site)
    code, output = dmlog(site, "import", str(folder))
    assert code == 0 and "nothing to do: every file is already imported" in output, output
    assert output.count("already imported: skipped") == 3
    code, output = dmlog(site, "import", str(folder / "weekly.txt"))  # was "line 0: … already in the log"
    assert code == 0 and "already imported as MTG-2026-11-26-dmlt-weekly-meeting" in output, output
    # the same minutes saved again with other line endings are still the same minutes
    (tmp_path / "again.txt").write_bytes(minutes_bytes := (folder / "weekly.txt").read_bytes()
                                         .replace(b"\n", b"\r\n"))
    assert minutes_bytes != (folder / "weekly.txt").read_bytes()
    assert "already imported" in dmlog(site, "import", str(tmp_path / "again.txt"))[1]
    assert files_of(site) == before

    # other minutes of a day and title the log has: one clear line, without "line 0"
    other = tmp_path / "2026-11-19-other.txt"
    other.write_text("Agreed: we meet on Fridays.\n")
    code, output = dmlog(site, "import", str(other), "--title", "DMLT weekly meeting")
    assert code == 1 and ":0:" not in output
    assert "MTG-2026-11-19-dmlt-weekly-meeting is already in the log, from other minutes" in output
    undated = tmp_path / "notes.txt"
    undated.write_text("Agreed: we meet on Fridays.\n")
    code, output = dmlog(site, "import", str(undated), str(other))  # each file on its own
    assert code == 1 and "1 imported, 0 already in the log, 1 not imported" in output, output
    assert re.search(r"notes\.txt +- +- +- +- +no date in the file's name or its first lines", output)
    assert re.search(r"2026-11-19-other\.txt +MTG-2026-11-19-other +1 +0 +0 +written", output), output


def test_records_imported_as_history_keep_their_own_dates(tmp_path: Path) -> None:
    """The seed meeting (2019) imported into a log on 2026-11-25: not "new" in the first
    review pack, and its open actions unchanged since 2019, not since the import."""
    site = empty_log(tmp_path / "site")
    git_repository(site, date="2026-11-01")
    code, output = dmlog(site, "import", str(PROJECT / "docs/meetings/2019/2019-03-dmlt-f2f.txt"),
                         "--date", "2019-03", "--title", "DMLT f2f", "--slug", "dmlt-f2f")
    assert code == 0, output
    commit_all(site, "The 2019 face-to-face, imported", "2026-11-25")
    code, output = dmlog(site, "import", str(team_minutes(tmp_path)), "--title", "DMLT weekly")
    assert code == 0, output  # dated by the file's name
    commit_all(site, "This week's meeting", "2026-11-26")  # a week after it: not history
    code, output = dmlog(site, "review", "--since", "2026-11-20", "--until", "2026-12-04")
    assert code == 0, output
    sections = {part.split("\n", 1)[0]: part for part in output.split("## ")[1:]}
    assert "DEC-2019" not in sections["New decisions (1)"] and "**DEC-2026-001**" in output
    assert "ACT-2019" not in sections["Actions opened (3)"]
    code, output = dmlog(site, "review", "--since", "2019-01-01", "--until", "2019-12-31")
    assert "added 2019-03-01 (imported 2026-11-25)" in output
    code, output = dmlog(site, "list", "actions", "--filter", "gap == stale", "--today", "2026-12-04")
    assert code == 0 and "ACT-2019-001" in output and "ACT-2026" not in output, output


def test_check_names_the_command_that_works_once_the_person_is_added(tmp_path: Path) -> None:
    """As the issue did it: the person added with the minutes' spelling as an alias."""
    site, minutes = team_log(tmp_path)
    assert dmlog(site, "import", str(minutes), "--title", "DMLT weekly")[0] == 0
    code, output = dmlog(site, "new", "person", "alsayyady", "--name", "Yusra Al Sayyad",
                         "--alias", "Yusra AlSayyad")
    assert code == 0 and "UNRESOLVED-Yusra_AlSayyad is alsayyady now: `dmlog resolve " \
        "UNRESOLVED-Yusra_AlSayyad alsayyady`" in output, output
    edit = site / "actions/2026/2026-11-19-dmlt-weekly.md"
    edit.write_text(edit.read_text().replace(":owner: jennesst", ":owner: Tim Jenness"))
    code, output = dmlog(site, "check")
    assert code == 1
    command = "`dmlog resolve UNRESOLVED-Yusra_AlSayyad alsayyady`"
    assert f"unresolved owner 'Yusra AlSayyad' (from the minutes): the registry has alsayyady now: " \
        f"{command}" in output
    assert "unknown owner 'Tim Jenness': no person or group has this ID; did you mean jennesst " \
        "(Tim Jenness)?" in output
    code, output = dmlog(site, *command.strip("`").split()[1:])
    assert code == 0, output
    code, output = dmlog(site, "check")
    assert "Yusra" not in output and "'Tim Jenness'" in output


def test_resolving_a_name_teaches_the_registry_its_spelling(tmp_path: Path) -> None:
    """The person added under another spelling: `dmlog resolve` makes the minutes' one an
    alias, so the next import of her name resolves it (it asked again before)."""
    site, minutes = team_log(tmp_path)
    assert dmlog(site, "import", str(minutes), "--title", "DMLT weekly")[0] == 0
    registry = site / "docs/registry/people.yaml"
    registry.write_text(registry.read_text().replace("\ngroups:\n", "\n  alsayyady:\n    name: Yusra "
                                                     "Al Sayyad\n    aliases:\n      - Yusra A.\ngroups:\n"))
    code, output = dmlog(site, "resolve", "UNRESOLVED-Yusra_AlSayyad", "alsayyady")
    assert code == 0, output
    assert "alsayyady aliases: Yusra A., Yusra AlSayyad" in output
    assert "    aliases: [Yusra A., Yusra AlSayyad]\n" in registry.read_text()
    assert dmlog(site, "check")[0] == 0
    later = tmp_path / "2026-11-26.txt"
    later.write_text("Yusra AlSayyad to send the plan by Friday.\n", encoding="utf-8")
    code, output = dmlog(site, "import", str(later), "--title", "Telecon", "--dry-run")
    assert code == 0 and "cannot resolve" not in output and " alsayyady " in output, output
