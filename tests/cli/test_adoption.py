"""A second team adopts dmlog, end to end and offline: dmlog's wheel is served from a
package index on 127.0.0.1; `dmlog init` writes a log that pins this version; the log's
own two README commands install dmlog from that index, build the site with zero
warnings and pass `dmlog check`.

Only dmlog comes from the index. The log's other pins are the versions this test's
environment runs (that is what `dmlog init` pins), so the log's .venv is given them
beforehand — every package of this environment but dmlog — rather than installed
again: the test stays offline and takes seconds."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

from click.testing import CliRunner

from dmlog import __version__
from dmlog.cli import main
from helpers import git_repository, serve


def package_index(folder: Path, wheel: Path) -> Path:
    """A PEP 503 "simple" index holding dmlog's wheel alone."""
    project = folder / "simple" / "dmlog"
    project.mkdir(parents=True)
    (project / wheel.name).write_bytes(wheel.read_bytes())
    link = html.escape(wheel.name)
    (project / "index.html").write_text(f'<!DOCTYPE html>\n<a href="{link}">{link}</a>\n')
    (folder / "simple" / "index.html").write_text('<!DOCTYPE html>\n<a href="dmlog/">dmlog</a>\n')
    return folder


def environment_without_dmlog(folder: Path) -> Path:
    """This environment's installed packages, dmlog's own install left out."""
    folder.mkdir()
    for site in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        for entry in Path(site).iterdir():
            if not re.match(r"(__editable__.*|dmlog\b.*|.*\.pth)$", entry.name):
                (folder / entry.name).symlink_to(entry)
    return folder


def readme_commands(log: Path) -> list[str]:
    """The commands of the log's README, under "Two commands"."""
    readme = (log / "README.md").read_text()
    block = readme.split("## Two commands")[1].split("```sh\n")[1].split("```")[0]
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_a_new_team_installs_builds_and_checks_from_a_package_index(tmp_path: Path,
                                                                    dmlog_wheel: Path) -> None:
    log = tmp_path / "sitcom-log"
    result = CliRunner().invoke(main, ["init", str(log), "--title", "SITCOM decision log"])
    assert result.exit_code == 0, result.output
    assert f"dmlog=={__version__}" in (log / "requirements.txt").read_text().splitlines()
    commands = readme_commands(log)
    assert commands == ["make html", "make check"]
    git_repository(log)  # as `dmlog init` says next: git init, and the team's first commit

    # the log's .venv, as `python -m venv` makes it, seeing this environment's packages
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(log / ".venv")], check=True)
    site_packages = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([log / ".venv/bin/python", "-c", site_packages], capture_output=True, text=True,
                          check=True).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(f"{environment_without_dmlog(tmp_path / 'deps')}\n")
    check = subprocess.run([log / ".venv/bin/python", "-c", "import dmlog"], capture_output=True)
    assert check.returncode == 1  # not installed yet

    with serve(package_index(tmp_path / "index", dmlog_wheel)) as url:
        # pip with this index alone: no configuration file, no other index or wheel folder
        env = {name: value for name, value in os.environ.items() if not name.startswith("PIP_")}
        env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": f"{url}simple/", "PIP_NO_CACHE_DIR": "1",
                "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_COLOR": "1"}
        runs = [subprocess.run(command.split(), cwd=log, env=env, capture_output=True, text=True)
                for command in commands]
    html_run, check_run = runs
    assert html_run.returncode == 0, html_run.stdout[-3000:] + html_run.stderr[-3000:]
    assert "build succeeded." in html_run.stdout and "WARNING" not in html_run.stderr, html_run.stderr
    assert "unavailable" not in html_run.stdout + html_run.stderr  # the history is there
    assert check_run.returncode == 0, check_run.stdout + check_run.stderr
    assert "0 problem(s) in 0 records" in check_run.stderr
    # dmlog is the wheel from the index, installed into the log's own environment
    where = subprocess.run([log / ".venv/bin/python", "-c", "import dmlog; print(dmlog.__file__)"],
                           capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(log / ".venv"), where.stdout + where.stderr
    version = subprocess.run([log / ".venv/bin/dmlog", "--version"], capture_output=True, text=True)
    assert version.stdout == f"dmlog, version {__version__}\n"
    assert (log / "_build/html/docs/index.html").exists() and (log / "_build/doctrees").is_dir()
    assert not list((log / "_build/html").rglob("*.pickle"))
