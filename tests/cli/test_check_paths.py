"""`dmlog check` as a pre-commit hook and a CI step runs it: on given paths, and with
GitHub annotations."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dmlog.cli import main
from helpers import ACTIONS, DECISIONS, edit, git_repository, write


def run(site: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(site)])
    return result.exit_code, result.stdout, result.stderr


def test_paths_resolve_links_against_the_whole_log(mini_site: Path) -> None:
    # the decision is checked alone, yet its owner, meeting, milestone and document are
    # defined in other files: no problem
    assert run(mini_site, "check", str(mini_site / DECISIONS))[0] == 0
    # removing a person breaks a record in another file: the registry alone reports
    # nothing of its own, but says the log has problems elsewhere
    edit(mini_site, "docs/registry/people.yaml", "  bob:\n    name: Bob Builder\n", "")
    edit(mini_site, "docs/registry/people.yaml", "members: [ann, bob]", "members: [ann]")
    code, out, err = run(mini_site, "check", str(mini_site / "docs/registry/people.yaml"))
    assert code == 0 and out == ""
    assert "1 more problem(s) in other files of the log" in err
    code, out, _ = run(mini_site, "check", str(mini_site / ACTIONS))
    assert code == 1 and f"{ACTIONS}:3: unknown owner 'bob'" in out


def test_paths_report_what_their_records_cause_elsewhere(mini_site: Path) -> None:
    """A new file read first takes an ID already used: the duplicate is reported at the
    older record, which is the new file's doing."""
    early = "actions/2020/2020-04-30-early.md"
    write(mini_site, {early: """
        ```{action} Taken ID
        :id: ACT-2020-001
        :status: open
        :owner: ann
        :meeting: MTG-2020-05-01-review
        ```
    """})
    code, out, _ = run(mini_site, "check", str(mini_site / early))
    assert code == 1
    assert out.startswith(f"{ACTIONS}:3: duplicate ID 'ACT-2020-001': it is already used at {early}:1")


def test_github_format_places_the_problem_on_the_repository_path(mini_site: Path, tmp_path: Path) -> None:
    edit(mini_site, ACTIONS, ":owner: bob", ":owner: nobody")
    code, out, _ = run(mini_site, "check", "--format", "github")
    assert code == 1
    assert out.startswith(f"::error file={ACTIONS},line=3,title=dmlog check::unknown owner 'nobody'")
    # a log kept in a folder of a larger repository: paths are the repository's
    repository = tmp_path / "repository"
    repository.mkdir()
    mini_site.rename(repository / "log")
    git_repository(repository)
    code, out, _ = run(repository / "log", "check", "--format", "github")
    assert code == 1 and out.startswith(f"::error file=log/{ACTIONS},line=3,")
