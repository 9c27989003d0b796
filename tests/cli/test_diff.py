"""`dmlog diff` as a reviewer runs it: on git repositories and folders made in the test."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from helpers import ACTIONS, DECISIONS, dmlog, edit, git, git_repository, later_decisions, write


def test_diff_of_a_branch_against_main(mini_site: Path) -> None:
    git_repository(mini_site)
    git(mini_site, "switch", "-q", "-c", "review")
    edit(mini_site, DECISIONS, ":status: adopted", ":status: superseded")
    write(mini_site, later_decisions(("DEC-2020-002", "Plan B", "adopted",
                                      {"supersedes": "DEC-2020-001", "owner": "bob"})))
    edit(mini_site, ACTIONS, ":due: 2020-07-01", ":due: 2020-06-10")  # before dmlog_today
    git(mini_site, "commit", "-q", "-am", "Plan B")
    git(mini_site, "add", "-A")
    git(mini_site, "commit", "-q", "-m", "Plan B file")
    result = dmlog(mini_site, "diff", "main", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "dmlog diff main → HEAD: 1 added, 2 changed, 0 removed record(s); "
        "DEC-2020-001 adopted → superseded by DEC-2020-002; newly overdue: ACT-2020-002; "
        "gaps: 2 opened, 0 closed")
    # the superseded decision leaves its action implementing a retired decision
    assert "  ACT-2020-001: an open action implementing a decision that is superseded or withdrawn" \
        in result.stdout
    assert f"~ DEC-2020-001 decision “Adopt the new plan” (superseded)  [{DECISIONS}:3]" in result.stdout
    assert "    status: adopted → superseded" in result.stdout
    assert "    due: 2020-07-01 → 2020-06-10" in result.stdout
    # the working tree is the default head; a change not yet committed is seen
    edit(mini_site, ACTIONS, ":owner: bob", ":owner: ann")
    result = dmlog(mini_site, "diff", "HEAD", "--format", "json")
    data = json.loads(result.stdout)
    assert data["head"] == "working tree"
    assert data["changed"][0]["changes"] == [{"field": "owner", "before": "bob", "after": "ann"}]


def test_default_base_is_origin_main_and_a_missing_ref_is_named(mini_site: Path, tmp_path: Path) -> None:
    git_repository(mini_site)
    result = dmlog(mini_site, "diff")
    assert result.returncode == 1
    assert result.stderr == ("dmlog: unknown git ref 'origin/main' in "
                             f"{mini_site.resolve()}: check the name (git branch -a), or fetch it "
                             "(git fetch origin)\n")
    # a shallow clone of the one branch: the base was not fetched, and the hint says so
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{mini_site}", str(clone)], check=True)
    result = dmlog(clone, "diff", "origin/other")
    assert result.returncode == 1 and "this clone is shallow: fetch the ref" in result.stderr
    assert dmlog(clone, "diff", "origin/main", "HEAD").returncode == 0  # both refs present


def test_a_log_in_a_folder_of_its_repository(mini_site: Path, tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    repository.mkdir()
    log = mini_site.rename(repository / "log")
    write(repository, {"README.md": "A repository holding a log.\n"})
    git_repository(repository)
    edit(log, DECISIONS, ":status: adopted", ":status: implemented")
    result = dmlog(log / "decisions", "diff", "main")  # from a folder inside the log
    assert result.returncode == 0, result.stderr
    assert "    status: adopted → implemented" in result.stdout
    assert result.stdout.startswith("dmlog diff main → working tree: 0 added, 1 changed, 0 removed")


def test_folders_and_a_non_git_folder(mini_site: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(mini_site, old)
    edit(mini_site, ACTIONS, ":status: open\n:owner: bob", ":status: done\n:owner: bob\n:closed: 2020-06-02")
    result = dmlog(mini_site, "diff", str(old), str(mini_site), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert ("| ACT-2020-001 | Write the plan down | done | status: open → done<br>"
            "closed: (none) → 2020-06-02") in result.stdout
    assert "- ACT-2020-001 open → done" in result.stdout
    result = dmlog(mini_site, "diff", "main")  # no repository here
    assert result.returncode == 1
    assert result.stderr.startswith(f"dmlog: {mini_site.resolve()} is not in a git repository")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    result = dmlog(mini_site, "diff", str(tmp_path))
    assert result.returncode == 1 and "holds no log (no conf.py)" in result.stderr


def test_a_base_that_does_not_parse_is_reported_and_the_rest_shown(mini_site: Path) -> None:
    path = mini_site / DECISIONS
    fixed = path.read_text()
    path.write_text(fixed.replace(":id: DEC-2020-001\n", ""))  # a record without its ID
    git_repository(mini_site)
    path.write_text(fixed)
    edit(mini_site, ACTIONS, ":status: open\n:owner: bob", ":status: cancelled\n:owner: bob")
    result = dmlog(mini_site, "diff", "HEAD")
    assert result.returncode == 1
    assert result.stderr == (f"dmlog diff: HEAD: {DECISIONS}:3: this decision has no :id:; add an "
                             "ID like ':id: DEC-2019-003' (`dmlog new` picks the next free one)\n")
    assert "+ DEC-2020-001" in result.stdout  # unreadable before, so new to the diff
    assert "ACT-2020-001 open → cancelled" in result.stdout


def test_help_of_the_new_commands() -> None:
    for command in ("diff", "init"):
        result = dmlog(Path.cwd(), command, "--help")
        assert result.returncode == 0 and "Usage: dmlog " + command in result.stdout
