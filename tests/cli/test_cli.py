"""The dmlog command, run as a user runs it, on real files."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dmlog.cli import main
from helpers import (
    ACTIONS,
    CASES,
    DECISIONS,
    DMLOG,
    PROJECT,
    dmlog,
    edit,
    later_decisions,
    sphinx_build,
    write,
)


def run(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(site)])
    return result.exit_code, result.output


# -- check -------------------------------------------------------------------------
def test_check_passes_on_the_repository_log() -> None:
    result = dmlog(PROJECT, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s) in 38 records" in result.stderr


def test_check_reports_file_and_line_and_fails(mini_site: Path) -> None:
    edit(mini_site, ACTIONS, ":owner: bob", ":owner: nobody")
    result = dmlog(mini_site, "check")
    assert result.returncode == 1
    assert f"{ACTIONS}:3: unknown owner 'nobody'" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_check_finds_what_the_build_finds(mini_site: Path, case: str) -> None:
    """Every validation case of the build is caught by check, at the same line, with
    every part of the build's message."""
    name, old, new, location, fragments = CASES[case]
    edit(mini_site, name, old, new)
    code, output = run(mini_site, "check")
    assert code == 1, output
    lines = [line for line in output.splitlines() if line.startswith(location + ":")]
    for fragment in fragments:
        assert any(fragment in line for line in lines), (fragment, output)


def test_check_duplicate_id_names_both_places(mini_site: Path) -> None:
    write(mini_site, {"actions/2020/2020-05-02-other.md": """
        # More

        ```{action} Taken ID
        :id: ACT-2020-001
        :status: open
        :owner: ann
        :meeting: MTG-2020-05-01-review
        ```
    """})
    code, output = run(mini_site, "check")
    assert code == 1
    assert ("actions/2020/2020-05-02-other.md:3: duplicate ID 'ACT-2020-001': it is already used "
            f"at {ACTIONS}:3") in output


def test_check_reads_a_fence_left_open_at_the_end_as_myst_does(mini_site: Path) -> None:
    # MyST (and so the build) closes a fence at the end of the file: the record is kept
    path = mini_site / ACTIONS
    path.write_text(path.read_text().rstrip().removesuffix("```") + "\n")
    code, output = run(mini_site, "check")
    assert code == 0, output
    code, output = run(mini_site, "list", "actions")
    assert code == 0, output
    assert "ACT-2020-002" in output


def test_check_record_without_id(mini_site: Path) -> None:
    edit(mini_site, ACTIONS, ":id: ACT-2020-002\n", "")
    code, output = run(mini_site, "check")
    assert code == 1 and f"{ACTIONS}:14: this action has no :id:" in output


def test_check_misspelt_record_directive(mini_site: Path) -> None:
    edit(mini_site, ACTIONS, "```{action} Circulate", "```{acton} Circulate")
    code, output = run(mini_site, "check")
    assert code == 1 and f"{ACTIONS}:14: unknown directive {{acton}}: did you mean {{action}}?" in output
    build = sphinx_build(mini_site)  # the build refuses it too
    assert build.returncode != 0 and "acton" in build.output


def test_check_non_utf8_file(mini_site: Path) -> None:
    (mini_site / "decisions/2020/latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    code, output = run(mini_site, "check")
    assert code == 1
    assert "decisions/2020/latin1.md:1: is not UTF-8 text (byte 0xe9)" in output


def test_check_json_and_paths(mini_site: Path) -> None:
    edit(mini_site, ACTIONS, ":owner: bob", ":owner: nobody")
    edit(mini_site, DECISIONS, ":status: adopted", ":status: agreed")
    code, output = run(mini_site, "check", "--format", "json")
    report = json.loads(output)
    assert code == 1 and report["records"] == 9
    assert {(p["file"], p["line"]) for p in report["problems"]} == {(ACTIONS, 3), (DECISIONS, 3)}
    code, output = run(mini_site, "check", str(mini_site / DECISIONS))
    assert code == 1 and DECISIONS in output and ACTIONS not in output


def test_pre_commit_hook_is_declared() -> None:
    hooks = (PROJECT / ".pre-commit-hooks.yaml").read_text()
    assert "entry: dmlog check" in hooks


# -- list --------------------------------------------------------------------------
def test_list_actions_by_owner_name_and_overdue(mini_site: Path) -> None:
    code, output = run(mini_site, "list", "actions", "--owner", "Annie")
    assert code == 0
    assert "ACT-2020-002" in output and "ACT-2020-001" not in output
    code, output = run(mini_site, "list", "actions", "--overdue")  # dmlog_today 2020-06-15
    assert code == 0
    assert "ACT-2020-001" in output and "(overdue)" in output and "ACT-2020-002" not in output
    code, output = run(mini_site, "list", "actions", "--overdue", "--today", "2020-05-20")
    assert code == 0, output
    assert "ACT-2020-001" not in output


def test_list_formats(mini_site: Path) -> None:
    code, output = run(mini_site, "list", "decisions", "--format", "json")
    assert code == 0, output
    rows = json.loads(output)
    assert [r["id"] for r in rows] == ["DEC-2020-001"]
    assert rows[0]["owners"] == [{"id": "ann", "name": "Ann Author"}]
    code, output = run(mini_site, "list", "actions", "--format", "md", "--due-before", "2020-06-30")
    assert code == 0, output
    assert output.splitlines()[0].startswith("| Id | Status | Due | Title")
    assert "| ACT-2020-001 | open (overdue) | 2020-06-01 | Write the plan down |" in output
    code, output = run(mini_site, "list", "actions", "--format", "csv", "--meeting",
                       "MTG-2020-05-01-review", "--since", "2020-05")
    assert code == 0, output
    assert output.count("\n") == 3 and output.startswith("id,status,due,title")


def test_list_rejects_bad_input(mini_site: Path) -> None:
    assert run(mini_site, "list", "actions", "--owner", "Zed")[0] == 1
    code, output = run(mini_site, "list", "actions", "--status", "agreed")
    assert code == 1 and "not a status of actions" in output
    code, output = run(mini_site, "list", "actions", "--due-before", "soon")
    assert code == 1 and "not a date" in output


# -- close, supersede --------------------------------------------------------------
def test_close_changes_only_the_lines_it_must(mini_site: Path) -> None:
    path = mini_site / ACTIONS
    before = path.read_bytes()
    code, output = run(mini_site, "close", "ACT-2020-001", "--date", "2020-06-10")
    assert code == 0, output
    after = path.read_bytes()
    assert after == before.replace(b":status: open\n:owner: bob",
                                   b":status: done\n:closed: 2020-06-10\n:owner: bob", 1)
    code, output = run(mini_site, "close", "ACT-2020-001")
    assert code == 1 and "already done" in output
    assert run(mini_site, "check")[0] == 0


def test_close_keeps_windows_line_endings(mini_site: Path) -> None:
    path = mini_site / ACTIONS
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    code, output = run(mini_site, "close", "ACT-2020-002", "--cancelled")
    assert code == 1 and "a cancelled action says why: add --reason" in output
    assert run(mini_site, "close", "ACT-2020-002", "--cancelled", "--date", "2020-06-11",
               "--reason", "Not needed")[0] == 0
    assert path.read_bytes() == before.replace(
        b":id: ACT-2020-002\r\n:status: open\r\n",
        b":id: ACT-2020-002\r\n:status: cancelled\r\n:closed: 2020-06-11\r\n:reason: Not needed\r\n", 1)


def test_close_refuses_a_decision_and_an_unknown_id(mini_site: Path) -> None:
    code, output = run(mini_site, "close", "DEC-2020-001")
    assert code == 1 and "DEC-2020-001 is a decision, not an action" in output
    assert run(mini_site, "close", "ACT-2020-099")[0] == 1


def test_supersede_across_files_and_in_one_file(mini_site: Path) -> None:
    write(mini_site, later_decisions(("DEC-2020-002", "Replace the plan", "adopted", {}),
                                     ("DEC-2020-003", "Replace it again", "adopted", {})))
    old_before = (mini_site / DECISIONS).read_text()
    code, output = run(mini_site, "supersede", "DEC-2020-001", "DEC-2020-002")
    assert code == 0, output
    assert (mini_site / DECISIONS).read_text() == old_before.replace(
        ":status: adopted", ":status: superseded", 1)
    later = (mini_site / "decisions/2020/2020-05-02-later.md").read_text()
    assert ":status: adopted\n:supersedes: DEC-2020-001\n:date: 2020-05-02" in later
    code, output = run(mini_site, "supersede", "DEC-2020-002", "DEC-2020-003")
    assert code == 0, output
    later = (mini_site / "decisions/2020/2020-05-02-later.md").read_text()
    assert later.count(":status: superseded") == 1 and ":supersedes: DEC-2020-002" in later
    assert run(mini_site, "check")[0] == 0
    code, output = run(mini_site, "supersede", "DEC-2020-003", "DEC-2020-001")
    assert code == 1 and "cycle" in output
    assert sphinx_build(mini_site).returncode == 0


# -- new -----------------------------------------------------------------------------
def test_new_records_get_the_next_free_ids_and_build(mini_site: Path) -> None:
    code, output = run(mini_site, "new", "meeting", "--date", "2020-07-01", "--title", "Summer review",
                       "--chair", "Bob Builder")
    assert code == 0, output
    code, output = run(mini_site, "new", "decision", "--meeting", "MTG-2020-07-01-summer-review",
                       "--title", "Ship it", "--owner", "Ann Author", "--text", "We ship.")
    assert code == 0 and "DEC-2020-002" in output, output
    code, output = run(mini_site, "new", "action", "--meeting", "MTG-2020-07-01-summer-review",
                       "--title", "Tell everyone", "--owner", "ann, team", "--due", "2020-07-15",
                       "--decision", "DEC-2020-002")
    assert code == 0 and "ACT-2020-003" in output, output
    code, output = run(mini_site, "new", "person", "cat", "--name", "Cat Coder", "--alias", "Cat")
    assert code == 0, output
    actions = (mini_site / "actions/2020/2020-07-01-summer-review.md").read_text()
    assert ":owner: ann, team" in actions and ":due: 2020-07-15" in actions
    assert run(mini_site, "check")[0] == 0
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    assert build.needs["ACT-2020-003"]["decision"] == ["DEC-2020-002"]
    assert build.needs["cat"]["title"] == "Cat Coder"


def test_new_refuses_unknown_owner_and_meeting(mini_site: Path) -> None:
    code, output = run(mini_site, "new", "action", "--meeting", "MTG-2020-05-01-review",
                       "--title", "X", "--owner", "Zed Zebra")
    assert code == 1 and "--owner 'Zed Zebra' is not a person or group of the registry" in output
    code, output = run(mini_site, "new", "decision", "--meeting", "MTG-2099-01-01-none", "--title", "X")
    assert code == 1 and "no meeting 'MTG-2099-01-01-none'" in output
    code, output = run(mini_site, "new", "meeting", "--date", "2020-05-01", "--title", "Review")
    assert code == 1 and "already exists" in output


def test_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    result = dmlog(tmp_path, "check")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("dmlog: ") and result.stderr.count("\n") == 1


def test_help_everywhere() -> None:
    for command in ([], ["check"], ["list"], ["new"], ["new", "action"], ["close"], ["supersede"],
                    ["import"], ["registry", "refresh"]):
        result = CliRunner().invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, command


@pytest.mark.skipif(not (PROJECT.parent / "shared/rubin/lsst.bib").exists(),
                    reason="../shared/rubin (lsst-texmf's data) is only on CI and dev machines")
def test_registry_refresh_from_lsst_texmf(mini_site: Path) -> None:
    path = mini_site / "docs/registry/documents.yaml"
    path.write_text(path.read_text().replace("QA Strategy Working Group Report", "Old title"))
    shared = PROJECT.parent / "shared/rubin"
    code, output = run(mini_site, "registry", "refresh", "--bib", str(shared / "lsst.bib"),
                       "--add", "LDM-503")
    assert code == 0, output
    text = path.read_text()
    assert "title: QA Strategy Working Group Report" in text
    assert "LDM-503:\n    title: Data Management Test Plan\n    url: https://ldm-503.lsst.io/" in text
    assert run(mini_site, "check")[0] == 0


def test_the_installed_console_script_runs_a_command(mini_site: Path) -> None:
    """The script itself in a new interpreter (the other tests fork theirs from a process
    that has imported dmlog already; see helpers.dmlog)."""
    assert os.access(DMLOG, os.X_OK)
    result = subprocess.run([DMLOG, "check"], cwd=mini_site, capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "dmlog check: 0 problem(s) in 9 records\n"), result
