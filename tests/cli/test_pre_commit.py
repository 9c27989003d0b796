"""The pre-commit hook, as pre-commit runs it: the hook's entry with the staged files
its `files` pattern selects, in the repository's top folder."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from dmlog import __version__
from helpers import ACTIONS, DECISIONS, PROJECT, edit, git, git_repository

DMLOG_BIN = Path(sys.executable).parent
[HOOK] = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())


def run_hook(repository: Path) -> subprocess.CompletedProcess[str]:
    staged = git(repository, "diff", "--cached", "--name-only").split()
    files = [name for name in staged if re.search(HOOK["files"], name)]
    command = shlex.split(HOOK["entry"])
    command[0] = shutil.which(command[0], path=str(DMLOG_BIN)) or command[0]
    return subprocess.run([*command, *files], cwd=repository, capture_output=True, text=True)


def test_the_hook_checks_the_changed_files_against_the_whole_log(mini_site: Path) -> None:
    assert HOOK["id"] == "dmlog-check" and HOOK.get("pass_filenames", True)
    git_repository(mini_site)
    edit(mini_site, ACTIONS, ":owner: bob", ":owner: bobb")
    git(mini_site, "add", ACTIONS)
    result = run_hook(mini_site)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{ACTIONS}:3: unknown owner 'bobb'")
    git(mini_site, "commit", "-q", "--no-verify", "-m", "A broken record slipped in")
    # a later commit touching another file is judged on its own file (links resolved
    # against the whole log), and is told of the problem elsewhere
    edit(mini_site, DECISIONS, ":owner: ann", ":owner: bob")
    git(mini_site, "add", DECISIONS)
    result = run_hook(mini_site)
    assert result.returncode == 0, result.stdout
    assert "1 more problem(s) in other files of the log" in result.stderr


def test_the_documented_configurations_name_the_hook() -> None:
    """README's configuration (a log installing the hook from dmlog's repository at a
    release tag) and the one `dmlog init` writes (the dmlog of the log's .venv, the version
    requirements.txt pins) run the same hook on the same files."""
    readme = (PROJECT / "README.md").read_text()
    snippet = readme.split("`.pre-commit-config.yaml`:\n\n```yaml\n")[1].split("```")[0]
    [repo] = yaml.safe_load(snippet)["repos"]
    assert repo["repo"] == "https://github.com/lsst-dm/dmlog"
    assert repo["rev"] == f"v{__version__}"
    assert [hook["id"] for hook in repo["hooks"]] == [HOOK["id"]]
    written = (PROJECT / "_ext/dmlog/templates/init/pre-commit-config.yaml").read_text()
    [local] = yaml.safe_load(written)["repos"]
    [hook] = local["hooks"]
    assert local["repo"] == "local" and hook["id"] == HOOK["id"]
    assert hook["entry"] == f".venv/bin/{HOOK['entry']}" and hook["files"] == HOOK["files"]
    assert hook["require_serial"] is HOOK["require_serial"] is True
