"""Fixtures: the fixture sites of tests/roots/ in temporary folders, and sites built
once per test run and shared by the tests that only read them (also across the
pytest-xdist workers `make test` starts)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from helpers import (
    LONG_LOG_DECISIONS,
    WIDE,
    Build,
    build_wheel,
    copy_project,
    copy_root,
    edit,
    later_decisions,
    sphinx_build,
    stop_fork_server,
    write,
)

#: The modules that take longest, handed to the pytest-xdist workers first (with
#: --no-loadscope-reorder, pyproject.toml): handed out last, as xdist's order by number
#: of tests would, a one-test module of a minute keeps the whole run waiting for it.
LONGEST_FIRST = (
    "tests/build/test_import_parity.py",
    "tests/build/test_import_parity_second_half.py",
    "tests/browser/test_accessibility.py",
    "tests/build/test_catalogue_sources.py",
    "tests/unit/importer/test_accuracy.py",
    "tests/cli/test_catalogue_edits.py",
    "tests/build/test_catalogue_output.py",
    "tests/cli/test_workflows.py",
    "tests/build/test_bench.py",
    "tests/build/test_reliability_sources.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest modules first, then the others by their number of tests (most first)."""
    def module(item: pytest.Item) -> str:
        return item.nodeid.split("::")[0]

    tests_in: dict[str, int] = {}
    for item in items:
        tests_in[module(item)] = tests_in.get(module(item), 0) + 1
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: (rank.get(module(item), len(rank)), -tests_in[module(item)], module(item)))


def pytest_sessionfinish() -> None:
    stop_fork_server()


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    return copy_root("mini", tmp_path / "site")


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """The folder of this test run that every pytest-xdist worker shares."""
    run = factory.getbasetemp()
    return run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run


def built_once(factory: pytest.TempPathFactory, name: str, make_site: Callable[[Path], Path]) -> Build:
    """The build of the site ``make_site(folder)`` makes, done by the first worker of this
    run that asks for it; the others wait for it and read the same output. Only for tests
    that read the site: a test that changes it copies it first."""
    run = _run_folder(factory)
    folder = run / f"shared-{name}"
    record = folder / "build.json"
    with FileLock(str(run / f"shared-{name}.lock")):
        if record.exists():
            fields = json.loads(record.read_text(encoding="utf-8"))
            return Build(fields["returncode"], fields["output"], Path(fields["srcdir"]),
                         Path(fields["outdir"]))
        # a worker that failed before writing the record left its copy: start again
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        build = sphinx_build(make_site(folder / "site"))
        record.write_text(json.dumps({**dataclasses.asdict(build), "srcdir": str(build.srcdir),
                                      "outdir": str(build.outdir)}), encoding="utf-8")
        return build


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's own log, built once for the tests that read it."""
    def make_site(folder: Path) -> Path:
        folder.mkdir()
        return copy_project(folder)

    build = built_once(tmp_path_factory, "seed", make_site)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The mini site (tests/roots/mini) as it is, built once for the tests that read it."""
    build = built_once(tmp_path_factory, "mini", lambda folder: copy_root("mini", folder))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def long_log_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The mini site with 130 more decisions and an action with a very long title,
    built once for the browser tests of tables, print and page widths."""
    def make_site(folder: Path) -> Path:
        root = copy_root("mini", folder)
        write(root, later_decisions(*LONG_LOG_DECISIONS))
        edit(root, "actions/2020/2020-05-01-review.md", "Circulate the plan", f"Circulate {WIDE}")
        return root

    build = built_once(tmp_path_factory, "long", make_site)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def dmlog_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dmlog's wheel, built once per run (offline, from the source distribution, as
    `python -m build` makes it) for the tests that install or read it."""
    pytest.importorskip("build", reason="the test extra installs build")
    run = _run_folder(tmp_path_factory)
    folder = run / "shared-wheel"
    with FileLock(str(run / "shared-wheel.lock")):
        if wheels := sorted((folder / "dist").glob("dmlog-*.whl")):
            return wheels[0]
        shutil.rmtree(folder, ignore_errors=True)
        return build_wheel(folder)
