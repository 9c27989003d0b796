"""What the build takes from the file system: refused files as exclude patterns, and
build state it may read (never state that git tracks or that is published)."""

from __future__ import annotations

from pathlib import Path

from sphinx.util.matching import Matcher

from dmlog.sphinxext import inputs
from helpers import git


def test_a_refused_path_excludes_just_that_path_whatever_its_characters() -> None:
    for path in ("decisions/2020/zz.md", "decisions/2020/[a]*?.md", "docs/.obsidian"):
        matches = Matcher([inputs.glob_literal(path)])
        assert matches(path)
        assert not matches(path + "x") and not matches(path.replace("/", "/x", 1))
    assert not Matcher([inputs.glob_literal("decisions/2020/[a]*?.md")])("decisions/2020/aXY.md")


def test_state_that_git_tracks_or_that_is_published_is_not_read(tmp_path: Path) -> None:
    repository = tmp_path / "log"
    state, output = repository / "_build/doctrees", repository / "_build/html"
    state.mkdir(parents=True)
    (repository / "conf.py").write_text("")
    git(repository, "init", "-q")
    git(repository, "add", "conf.py")
    assert inputs.untrusted_state(state, output) is None  # empty, untracked
    (state / "environment.pickle").write_bytes(b"state")
    assert inputs.untrusted_state(state, output) is None  # written here: not tracked
    git(repository, "add", "-f", "_build/doctrees/environment.pickle")
    why = inputs.untrusted_state(state, output)
    assert why is not None and "_build/doctrees/environment.pickle" in why and "git rm" in why
    inside = inputs.untrusted_state(output / ".doctrees", output)
    assert inside is not None and "inside the output folder" in inside
    # a state folder reached through a link into a tracked folder is that folder
    (tmp_path / "elsewhere").symlink_to(state)
    assert inputs.untrusted_state(tmp_path / "elsewhere", output) is not None
    # outside any repository nothing is tracked
    assert inputs.untrusted_state(tmp_path / "doctrees", tmp_path / "html") is None
