"""`dmlog init`: a new team's log, built straight away; and what it refuses."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

from click.testing import CliRunner

from dmlog import __version__
from dmlog.cli import main
from dmlog.log import layout
from helpers import PROJECT, sphinx_build

TITLE = "SITCOM decision log"


def init(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["init", *args])
    return result.exit_code, result.output


def test_a_new_log_builds_with_zero_warnings_and_passes_check(tmp_path: Path) -> None:
    log = tmp_path / "sitcom-log"
    code, output = init(str(log), "--title", TITLE, "--group", "sitcom=SITCOM: the team",
                        "--repository-url", "https://github.com/lsst-sitcom/log")
    assert code == 0, output
    assert {p.relative_to(log).as_posix() for p in log.rglob("*") if p.is_file()} == {
        ".github/workflows/publish.yml", ".github/workflows/pull-request.yml",
        ".github/workflows/preview.yml", ".github/CODEOWNERS", ".gitignore",
        ".pre-commit-config.yaml", "Makefile", "README.md", "conf.py", "requirements.txt",
        "actions/.gitkeep", "decisions/.gitkeep", "docs/index.md", "docs/decisions.md",
        "docs/actions.md", "docs/help.md", "docs/meetings/index.md", "docs/registry/people.yaml",
        "docs/registry/milestones.yaml", "docs/registry/documents.yaml"}
    assert (log / ".github/workflows/publish.yml").read_text() == \
        (PROJECT / ".github/workflows/publish.yml").read_text()  # main, as here
    assert (log / ".github/workflows/pull-request.yml").read_text() == \
        (PROJECT / ".github/workflows/pull-request.yml").read_text()
    readme = (log / "README.md").read_text()
    assert readme.startswith(f"# {TITLE}\n") and "make html" in readme and "make check" in readme
    result = CliRunner().invoke(main, ["check", "--root", str(log)])
    assert result.exit_code == 0, result.output
    assert "0 problem(s) in 1 records" in result.output  # the group
    # built as `make html` builds it, warnings fatal (the Makefile itself runs in
    # tests/cli/test_adoption.py, from a package index, and in tests/cli/test_workflows.py)
    build = sphinx_build(log)
    assert build.returncode == 0, build.output
    assert "build succeeded." in build.output and "WARNING" not in build.output
    site = build.outdir
    assert TITLE in (site / "docs/index.html").read_text()
    assert "SITCOM: the team" in (site / "docs/people/sitcom.html").read_text()
    for folder in ("milestones", "documents"):  # empty registries still have their page
        assert (site / f"docs/{folder}/index.html").exists()


def test_requirements_pin_dmlog_and_its_dependencies(tmp_path: Path) -> None:
    code, output = init(str(tmp_path / "log"), "--title", TITLE)
    assert code == 0, output
    lines = (tmp_path / "log/requirements.txt").read_text().splitlines()
    assert f"dmlog=={__version__}" in lines  # the dmlog that made it, from the package index
    assert f"Sphinx=={metadata.version('sphinx')}" in lines
    assert f"sphinx-needs=={metadata.version('sphinx-needs')}" in lines
    assert not any(line.lower().startswith(("pytest", "ruff", "mypy")) for line in lines)
    conf = (tmp_path / "log/conf.py").read_text()
    assert f"project = {TITLE!r}" in conf and "# dmlog_repository_url" in conf
    assert "groups: {}" in (tmp_path / "log/docs/registry/people.yaml").read_text()


def test_dmlog_from_a_wheel_a_folder_a_url_or_a_requirement(tmp_path: Path) -> None:
    """--dmlog SPEC: requirements.txt names it, the README says where dmlog comes from."""
    wheel = tmp_path / f"dmlog-{__version__}-py3-none-any.whl"
    wheel.write_bytes(b"")
    url = f"https://example.org/dmlog-{__version__}-py3-none-any.whl"
    for number, (spec, line) in enumerate([
            (None, f"dmlog=={__version__}"), (str(wheel), f"dmlog @ {wheel.as_uri()}"),
            (str(PROJECT), f"dmlog @ {PROJECT.as_uri()}"), (url, f"dmlog @ {url}"),
            ("git+https://github.com/lsst-dm/dmlog@v9.0", "dmlog @ git+https://github.com/lsst-dm/dmlog@v9.0"),
            ("dmlog>=0.1,<1", "dmlog<1,>=0.1")]):
        log = tmp_path / f"log{number}"
        code, output = init(str(log), "--title", TITLE, *(("--dmlog", spec) if spec else ()))
        assert code == 0, output
        assert line in (log / "requirements.txt").read_text().splitlines()
        readme = (log / "README.md").read_text()
        assert f"installs dmlog as `{line}`" in readme and "dmlog init --dmlog SPEC" in readme
        assert ("(this version, from the package index)" in readme) is (spec is None)
    for spec, message in ((str(tmp_path), "this folder has no pyproject.toml"),
                          ("dist/dmlog.whl", "is neither a file or folder here, a URL, nor a requirement"),
                          ("sphinx==9.0", "is a requirement for sphinx, not dmlog")):
        code, output = init(str(tmp_path / "refused"), "--title", TITLE, "--dmlog", spec)
        assert code == 1 and message in output, output
        assert not (tmp_path / "refused").exists()


def test_a_fresh_git_repository_is_a_fine_place(tmp_path: Path) -> None:
    (tmp_path / "log/.git").mkdir(parents=True)
    code, output = init(str(tmp_path / "log"), "--title", TITLE)
    assert code == 0, output
    assert (tmp_path / "log/conf.py").exists() and (tmp_path / "log/.git").is_dir()


def snapshot(folder: Path) -> dict[str, tuple[int, float]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime)
            for p in folder.rglob("*")}


def test_refuses_an_existing_log_a_non_empty_folder_and_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "existing"
    shutil.copytree(PROJECT / "tests/roots/mini", existing)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes/todo.txt").write_text("x")
    (tmp_path / "a-file").write_text("x")
    before = snapshot(tmp_path)
    for target, message in ((existing, "already holds a site (conf.py)"),
                            (tmp_path / "notes", "is not empty (todo.txt)"),
                            (tmp_path / "a-file", "is a file, not a folder")):
        result = CliRunner().invoke(main, ["init", str(target), "--title", TITLE])
        assert result.exit_code == 1
        assert result.output == f"dmlog: {target}: {message}: " + (
            "dmlog init writes only new logs\n" if "conf.py" in message else
            "give a new or empty folder for the log\n")
    code, output = init(str(tmp_path / "new"), "--title", TITLE, "--group", "Bad Group")
    assert code == 1 and "--group 'Bad Group' is not a group ID" in output
    code, output = init(str(tmp_path / "new"), "--title", TITLE, "--branch", "main]\n  x: [")
    assert code == 1 and "--branch 'main]\\n  x: [' is not a branch name" in output
    code, output = init(str(tmp_path / "new"), "--title", TITLE, "--repository-url", "javascript:x")
    assert code == 1 and "--repository-url 'javascript:x' is not a web address" in output
    assert snapshot(tmp_path) == before  # nothing touched, nothing left behind


HOSTILE_TITLES = ['x"""; __import__("os").system("touch /tmp/dmlog-pwned"); """',
                  "x'''; import os; '''", "ends in a backslash \\", "{raw}`html <b>x</b>` log",
                  "Team's \"log\"\tof\x0b2020"]


def test_a_title_is_a_literal_in_conf_py_and_text_in_the_pages(tmp_path: Path) -> None:
    """Whatever the title, conf.py is settings only (no call, no import but dmlog's) and
    each title setting is exactly the title; the home page's heading shows it as text."""
    import ast

    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    for number, title in enumerate(HOSTILE_TITLES):
        log = tmp_path / f"log{number}"
        code, output = init(str(log), "--title", title)
        assert code == 0, output
        expected = " ".join(title.split())
        tree = ast.parse((log / "conf.py").read_text(encoding="utf-8"))
        assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Call, ast.Import))]
        assert [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)] == \
            ["dmlog.conf"]
        settings = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
                    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
        assert settings["project"] == settings["html_title"] == settings["author"] == expected
        heading = (log / "docs/index.md").read_text(encoding="utf-8").splitlines()[0]
        shown = BeautifulSoup(MarkdownIt("commonmark").render(heading), "html.parser").h1
        assert shown is not None and shown.get_text() == expected and shown.find() is None
def test_codeowners_give_the_site_code_to_the_maintainers(tmp_path: Path) -> None:
    """As this repository's own CODEOWNERS does: everything but the content zones."""
    ours = (PROJECT / ".github/CODEOWNERS").read_text()
    [maintainers] = [line.split()[1] for line in ours.splitlines() if line.startswith("* ")]
    code, output = init(str(tmp_path / "log"), "--title", TITLE, "--maintainers", maintainers)
    assert code == 0, output
    assert (tmp_path / "log/.github/CODEOWNERS").read_text() == ours
    rules = [line.split() for line in ours.splitlines() if line and not line.startswith("#")]
    assert rules == [["*", maintainers], *([f"/{folder}/"] for folder in layout.content_dirs()),
                     *([f"/{page}", maintainers] for page in layout.SITE_PAGES_IN_CONTENT_DIRS)]
    code, output = init(str(tmp_path / "other"), "--title", TITLE, "--maintainers", "@team\n* @me")
    assert code == 1 and "--maintainers '@team\\n* @me': give GitHub users or teams" in output
