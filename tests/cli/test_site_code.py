"""`dmlog site-code`: the changed files outside the content zones, as the pull request's
summary lists them (tests/cli/test_workflows.py runs it as the workflow does)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from dmlog.cli import main
from dmlog.log.layout import is_content
from helpers import DECISIONS, copy_root, edit, git, git_repository


def test_content_is_the_records_meeting_pages_and_registries() -> None:
    assert all(map(is_content, [DECISIONS, "actions/2020/x.md", "docs/meetings/2020/m.md",
                                "docs/registry/people.yaml"]))
    assert not any(map(is_content, ["conf.py", "docs/index.md", "docs/help.md", "decisions.md",
                                    "docs/meetings/index.md",  # the site's page among meetings
                                    "docs/meetingsx/a.md", "_ext/dmlog/schema.py", ".github/CODEOWNERS",
                                    "Makefile", "requirements.txt", "docs/registry", "docutils.conf"]))


def test_a_log_in_a_folder_of_its_repository(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    copy_root("mini", repository / "log")
    (repository / "README.md").write_text("# A repository holding a log\n")
    git_repository(repository)
    git(repository, "switch", "-q", "-c", "pr")
    log = repository / "log"
    edit(log, DECISIONS, ":status: adopted", ":status: implemented")  # content
    (repository / "README.md").write_text("# Changed\n")  # outside the log: site code
    (log / "conf.py").write_text((log / "conf.py").read_text() + "# changed\n")
    shutil.move(log / "docs/registry/people.yaml", log / "people.yaml")  # out of a content zone
    (log / "docs/odd\nname.md").write_text("# A page\n")  # a name git would quote without -z
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "The pull request")
    result = CliRunner().invoke(main, ["site-code", "main", "HEAD", "--root", str(log)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["README.md", "log/conf.py", "log/docs/odd", "name.md",
                                          "log/people.yaml"]
    result = CliRunner().invoke(main, ["site-code", "main", "HEAD", "--root", str(log), "--format", "md"])
    assert "- log/docs/odd name.md\n" in result.output  # one item of the list
    result = CliRunner().invoke(main, ["site-code", "main", "nothing", "--root", str(log)])
    assert result.exit_code == 1 and "unknown git ref 'nothing'" in result.output
