"""The command's side of one reading of the sources: clear refusals, IDs past 999,
and duplicate IDs blamed on the record that came second."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dmlog.cli import main
from helpers import ACTIONS, DECISIONS, later_decisions, write


def run(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(site)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def test_check_of_a_path_that_does_not_exist_fails(mini_site: Path) -> None:
    code, output = run(mini_site, "check", "no/such/path.md")
    assert code != 0
    assert "no/such/path.md: no such file or folder" in output and "Traceback" not in output


def test_new_refuses_an_empty_title_and_writes_nothing(mini_site: Path) -> None:
    before = (mini_site / DECISIONS).read_bytes()
    code, output = run(mini_site, "new", "decision", "--meeting", "MTG-2020-05-01-review",
                       "--title", "  ")
    assert code == 1 and "--title is empty" in output
    code, output = run(mini_site, "new", "meeting", "--date", "2020-06-01", "--title", "")
    assert code == 1 and "--title is empty" in output
    assert (mini_site / DECISIONS).read_bytes() == before


def test_new_action_refuses_an_action_as_its_decision(mini_site: Path) -> None:
    before = (mini_site / ACTIONS).read_bytes()
    code, output = run(mini_site, "new", "action", "--meeting", "MTG-2020-05-01-review",
                       "--title", "Do it", "--owner", "ann", "--decision", "ACT-2020-001")
    assert code == 1 and "'ACT-2020-001' is not a decision of the log" in output
    assert (mini_site / ACTIONS).read_bytes() == before


def test_ids_go_past_999(mini_site: Path) -> None:
    write(mini_site, later_decisions(("DEC-2020-999", "Late", "adopted", {})))
    code, output = run(mini_site, "new", "decision", "--meeting", "MTG-2020-05-01-review",
                       "--title", "The thousandth")
    assert code == 0, output
    assert "added decision DEC-2020-1000" in output
    code, output = run(mini_site, "check")
    assert code == 0, output
    code, output = run(mini_site, "list", "decisions")
    assert "DEC-2020-1000" in output


def test_a_duplicate_appended_to_a_file_is_the_one_blamed(mini_site: Path) -> None:
    path = mini_site / DECISIONS
    text = path.read_text(encoding="utf-8")
    first_block = text[text.index("```{decision}"):]
    path.write_text(text + "\n" + first_block, encoding="utf-8")
    appended_line = text.count("\n") + 2
    code, output = run(mini_site, "check")
    assert code == 1
    assert (f"{DECISIONS}:{appended_line}: duplicate ID 'DEC-2020-001': it is already used at "
            f"{DECISIONS}:3") in output
    assert f"{DECISIONS}:3: duplicate" not in output


def test_the_importer_numbers_past_999_and_its_records_check(mini_site: Path, tmp_path: Path) -> None:
    write(mini_site, later_decisions(("DEC-2020-999", "Late", "adopted", {})))
    minutes = tmp_path / "minutes.txt"
    minutes.write_text("Decisions\n\n- Agreed: we will adopt the new schedule.\n", encoding="utf-8")
    code, output = run(mini_site, "import", str(minutes), "--date", "2020-05-03", "--title", "Follow-up")
    assert code == 0, output
    assert "DEC-2020-1000" in (mini_site / "decisions/2020/2020-05-03-follow-up.md").read_text()
    code, output = run(mini_site, "check")
    assert code == 0, output
