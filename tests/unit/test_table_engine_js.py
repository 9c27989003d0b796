"""The record tables' logic (_ext/dmlog/static/dmlog-table-logic.js) passes its node tests
(tests/js, node's own test runner). Without Node.js they skip with the reason, so `make test`
needs no node; under CI (which installs it, see .ci/run) a missing node is an error instead."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from helpers import PROJECT


def test_the_node_tests_of_the_table_engine_pass() -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("the node tests of tests/js cannot run in CI: no node (apt-get install nodejs)")
        pytest.skip("no Node.js to run tests/js (apt-get install nodejs)")
    result = subprocess.run([node, "--test", "--test-reporter=spec", "tests/js/"], cwd=PROJECT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ℹ pass 0" not in result.stdout, result.stdout  # a folder of no tests passes too
