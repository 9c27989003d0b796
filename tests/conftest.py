"""Fixtures: the fixture sites of tests/roots/ in temporary folders, and one build of
the repository's own log shared by the tests that only read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Build, copy_project, copy_root, sphinx_build


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    return copy_root("mini", tmp_path / "site")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's own log, built once for the tests that read it."""
    src = copy_project(tmp_path_factory.mktemp("seed"))
    build = sphinx_build(src)
    assert build.returncode == 0, build.output
    return build
