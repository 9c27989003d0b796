"""`.ci/run` installs what is missing, one Debian package at a time: Chromium where
there is none, npm only where there is no npm (apt refuses `npm` where Node.js already
provides it, and would then install nothing of a set). Run with stand-ins for apt-get,
make and npm that record their calls."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT

RECORD = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'


@pytest.mark.parametrize(("present", "installed"), [
    (("chromium", "npm"), []),
    (("npm",), ["chromium"]),
    ((), ["chromium", "npm"]),
])
def test_what_is_missing_is_installed_one_package_at_a_time(tmp_path: Path, present: tuple[str, ...],
                                                             installed: list[str]) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("dirname", "basename", "cp"):
        (tools / name).symlink_to(shutil.which(name) or name)
    (tools / "python3").symlink_to(sys.executable)  # has venv and ensurepip
    for name in ("apt-get", "make", *present):
        (tools / name).write_text(RECORD)
        (tools / name).chmod(0o755)
    if "npm" not in present:  # apt's npm gives the command `npm ci` runs next
        (tools / "apt-get").write_text(RECORD + f'[ "$1 $4" = "install npm" ] && cp "$0" {tools}/npm\n'
                                       'exit 0\n')
    calls = tmp_path / "calls"
    result = subprocess.run([shutil.which("bash") or "bash", str(PROJECT / ".ci/run")], cwd=tmp_path,
                            env={"PATH": str(tools), "CALLS": str(calls)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    apt = [line for line in calls.read_text().splitlines() if line.startswith("apt-get")]
    assert apt == (["apt-get update -qq"] if installed else []) + [
        f"apt-get install -y -qq {package}" for package in installed]
    assert calls.read_text().splitlines()[len(apt):] == [
        "npm ci --no-audit --no-fund --loglevel=error", "make lint", "make html", "make test"]
