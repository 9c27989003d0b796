"""dmlog as a package of its own: a wheel built by `python -m build` holds the
templates and static files, and installed alone it runs `dmlog init` and `dmlog --help`."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import PROJECT

PACKAGE = PROJECT / "_ext/dmlog"


def test_the_wheel_holds_every_template_and_static_file(dmlog_wheel: Path) -> None:
    names = set(zipfile.ZipFile(dmlog_wheel).namelist())
    data = {p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert {"dmlog/static/dmlog.css", "dmlog/templates/record.md.jinja",
            "dmlog/templates/init/github/workflows/pull-request.yml"} <= data
    assert data <= names, sorted(data - names)
    assert "dmlog/cli/init.py" in names and "dmlog/sphinxext/card.py" in names
    metadata = zipfile.ZipFile(dmlog_wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Requires-Dist: sphinx-needs" in metadata
    entry_points = zipfile.ZipFile(dmlog_wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"dmlog = dmlog.cli:main" in entry_points


def test_installed_alone_it_runs(dmlog_wheel: Path, tmp_path: Path) -> None:
    """Installed into a folder of its own (the dependencies come from this environment):
    the command runs from there, and `dmlog init` finds its templates."""
    target = tmp_path / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "--no-index", "--target", str(target), str(dmlog_wheel)],
                   check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import dmlog; print(dmlog.__file__)"], env=env,
                           capture_output=True, text=True, cwd=tmp_path)
    assert where.stdout.strip() == str(target / "dmlog/__init__.py")
    help_ = subprocess.run([str(target / "bin/dmlog"), "--help"], env=env, capture_output=True,
                           text=True, cwd=tmp_path)
    assert help_.returncode == 0 and "init" in help_.stdout and "diff" in help_.stdout, help_.stderr
    made = subprocess.run([str(target / "bin/dmlog"), "init", "log", "--title", "A log"], env=env,
                          capture_output=True, text=True, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "log/.github/workflows/publish.yml").exists()
