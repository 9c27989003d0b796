"""The pure parts of `dmlog init` and `dmlog upgrade`: requirements.txt's dmlog line,
the merge of a log's requirements and .gitignore, and which versions are releases."""

from __future__ import annotations

from importlib import metadata

import pytest

from dmlog import __version__
from dmlog.log.scaffold import dmlog_requirement, is_release, upgraded_gitignore, upgraded_requirements

SPHINX = f"Sphinx=={metadata.version('sphinx')}"


def test_the_team_s_lines_stay_and_dmlog_s_pins_follow_the_running_dmlog() -> None:
    text = ("# our log\n--index-url https://pypi.example/simple\n-r extra.txt\n\n"
            "dmlog[cli] @ git+https://github.com/lsst-dm/dmlog@v0.0.1  # old\n"
            "sphinx==8.0  # pinned by hand\nsphinx-copybutton==0.5.2\n")
    lines = upgraded_requirements(text, "dmlog==9.9").splitlines()
    assert lines[:7] == ["# our log", "--index-url https://pypi.example/simple", "-r extra.txt", "",
                         "dmlog==9.9", SPHINX, "sphinx-copybutton==0.5.2"]
    assert f"sphinx-needs=={metadata.version('sphinx-needs')}" in lines[7:]  # added, once
    written = [line for line in lines if line]
    assert len(written) == len(set(written))  # no line twice
    assert "dmlog==9.9" in upgraded_requirements("sphinx==8.0\n", "dmlog==9.9").splitlines()


def test_gitignore_gains_only_the_lines_it_lacks() -> None:
    assert upgraded_gitignore("/.venv\n/notes", "/.venv\n/_build/\n\n") == "/.venv\n/notes\n/_build/\n"
    assert upgraded_gitignore("/_build/\n/.venv\n", "/.venv\n/_build/\n") == "/_build/\n/.venv\n"


def test_releases_and_what_no_index_holds() -> None:
    assert is_release("0.1.0") and is_release("1.0rc1") and is_release("2.0.post1")
    assert not is_release("0.2.0.dev3") and not is_release("0.1.0+g1234abc")


@pytest.mark.parametrize(("spec", "line"), [
    (None, f"dmlog=={__version__}"), ("dmlog ~= 0.1", "dmlog~=0.1"),
    ("https://example.org/d/dmlog-0.1.0-py3-none-any.whl", "dmlog @ https://example.org/d/dmlog-0.1.0-py3-none-any.whl"),
    ("git+https://github.com/lsst-dm/dmlog@main", "dmlog @ git+https://github.com/lsst-dm/dmlog@main")])
def test_the_dmlog_line(spec: str | None, line: str) -> None:
    assert dmlog_requirement(spec) == line
