"""`dmlog upgrade`: a log made by an older dmlog brought to this one — its pins,
workflows, Makefile and pre-commit hook — with the diff shown first."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

from click.testing import CliRunner

from dmlog import __version__
from dmlog.cli import main

OLD_PRE_COMMIT = """repos:
  - repo: https://github.com/lsst-dm/dmlog
    rev: v0.0.9
    hooks:
      - id: dmlog-check
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def files_of(log: Path) -> dict[str, str]:
    return {p.relative_to(log).as_posix(): p.read_text() for p in sorted(log.rglob("*")) if p.is_file()}


def test_an_older_log_is_brought_to_this_dmlog(tmp_path: Path) -> None:
    fresh, log = tmp_path / "fresh", tmp_path / "log"
    assert run("init", str(fresh), "--title", "A log", "--branch", "trunk")[0] == 0
    shutil.copytree(fresh, log)
    # the log as an older dmlog left it, and as the team changed it since
    requirements = (log / "requirements.txt").read_text()
    sphinx = f"Sphinx=={metadata.version('sphinx')}"
    (log / "requirements.txt").write_text(
        requirements.replace(f"dmlog=={__version__}", "dmlog @ git+https://github.com/lsst-dm/dmlog@v0.0.9")
        .replace(sphinx, "Sphinx==8.2.0").replace(f"Jinja2=={metadata.version('jinja2')}\n", "")
        + "sphinx-copybutton==0.5.2  # the team's own\n")
    publish = log / ".github/workflows/publish.yml"
    publish.write_text(publish.read_text().replace("cancel-in-progress: false", "cancel-in-progress: true")
                       .replace("          fetch-depth: 0", "          fetch-depth: 1"))
    (log / ".github/workflows/preview.yml").unlink()
    (log / ".pre-commit-config.yaml").write_text(OLD_PRE_COMMIT)
    (log / ".gitignore").write_text("/.venv/\n/_build/\n/notes/\n")
    (log / "conf.py").write_text((log / "conf.py").read_text() + "dmlog_today = '2024-01-01'\n")
    (log / ".github/CODEOWNERS").write_text("* @team/ours\n")
    before = files_of(log)

    code, output = run("upgrade", "--root", str(log), "--dry-run")
    assert code == 0, output
    assert files_of(log) == before  # nothing written
    assert "--- a/requirements.txt\n+++ b/requirements.txt\n" in output
    assert "-dmlog @ git+https://github.com/lsst-dm/dmlog@v0.0.9\n+dmlog==" + __version__ in output
    assert f"-Sphinx==8.2.0\n+{sphinx}\n" in output
    assert "-  cancel-in-progress: true\n+  cancel-in-progress: false\n" in output
    assert "--- /dev/null\n+++ b/.github/workflows/preview.yml\n" in output
    assert output.endswith("nothing was written.\n")

    code, output = run("upgrade", "--root", str(log))
    assert code == 0, output
    after = files_of(log)
    assert "    branches: [trunk]\n" in after[".github/workflows/publish.yml"]  # the log's branch
    for name in (".github/workflows/publish.yml", ".github/workflows/preview.yml",
                 ".github/workflows/pull-request.yml", ".pre-commit-config.yaml", "Makefile"):
        assert after[name] == files_of(fresh)[name], name
    lines = after["requirements.txt"].splitlines()
    assert f"dmlog=={__version__}" in lines and sphinx in lines and "Sphinx==8.2.0" not in lines
    assert "sphinx-copybutton==0.5.2  # the team's own" in lines  # the team's lines stay
    assert lines.count(f"Jinja2=={metadata.version('jinja2')}") == 1  # a pin gone missing comes back
    assert after[".gitignore"].startswith("/.venv/\n/_build/\n/notes/\n")  # the team's lines stay
    assert "/.venv\n" in after[".gitignore"] and ".*.dmlog-tmp" in after[".gitignore"]
    for name in ("conf.py", ".github/CODEOWNERS", "README.md", "docs/index.md"):  # the team's own
        assert after[name] == before[name], name
    assert run("upgrade", "--root", str(log)) == (
        0, f"The log is up to date with dmlog {__version__}: nothing to change.\n")


def test_upgrade_to_a_wheel_and_what_it_refuses(tmp_path: Path) -> None:
    log = tmp_path / "log"
    assert run("init", str(log), "--title", "A log")[0] == 0
    wheel = tmp_path / f"dmlog-{__version__}-py3-none-any.whl"
    wheel.write_bytes(b"")
    code, output = run("upgrade", "--root", str(log), "--dmlog", str(wheel))
    assert code == 0, output
    assert f"dmlog @ {wheel.as_uri()}" in (log / "requirements.txt").read_text().splitlines()
    # a log from before CODEOWNERS gets one, naming placeholder maintainers; then it is the team's
    (log / ".github/CODEOWNERS").unlink()
    code, output = run("upgrade", "--root", str(log), "--dmlog", str(wheel))
    assert code == 0 and "--- /dev/null\n+++ b/.github/CODEOWNERS\n" in output
    assert output.endswith("Name the maintainers in .github/CODEOWNERS (it gives them the site's code).\n")
    assert "* @ORGANISATION/log-maintainers\n" in (log / ".github/CODEOWNERS").read_text()
    code, output = run("upgrade", "--root", str(log), "--dmlog", "dmlg==1.0")
    assert code == 1 and output == "dmlog: --dmlog 'dmlg==1.0' is a requirement for dmlg, not dmlog\n"
    code, output = run("upgrade", "--root", str(tmp_path))
    assert code == 1 and "has no conf.py" in output
