"""The log's folders as input: which files are read, and which may not be there."""

from __future__ import annotations

import os
from pathlib import Path

from dmlog.log import tree

RECORD = "```{decision} T\n:id: DEC-2020-001\n```\n"


def where(root: Path) -> dict[str, tuple[int, str]]:
    return {p.path: (p.line, p.message) for p in tree.scan(root).problems}


def test_links_special_and_hidden_files_are_refused_and_left_out(tmp_path: Path) -> None:
    year = tmp_path / "decisions/2020"
    year.mkdir(parents=True)
    (year / "ok.md").write_text(RECORD)
    (year / "zz.md").symlink_to("/etc/passwd")
    (year / "etcdir").symlink_to("/etc")
    (year / "broken.png").symlink_to("nowhere.png")
    os.mkfifo(year / "pipe.md")
    (year / ".draft.md").write_text("# Draft\n\n" + RECORD)
    (year / ".gitkeep").write_text("")
    (tmp_path / "docs/.obsidian").mkdir(parents=True)
    found = tree.scan(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found.pages] == ["decisions/2020/ok.md"]
    assert sorted(found.refused) == ["decisions/2020/.draft.md", "decisions/2020/broken.png",
                                     "decisions/2020/etcdir", "decisions/2020/pipe.md",
                                     "decisions/2020/zz.md", "docs/.obsidian"]
    problems = where(tmp_path)
    assert problems["decisions/2020/zz.md"][1].startswith("'zz.md' is a symbolic link (to /etc/passwd)")
    assert "symbolic link (to /etc)" in problems["decisions/2020/etcdir"][1]
    assert "named pipe (FIFO)" in problems["decisions/2020/pipe.md"][1]
    assert problems["decisions/2020/.draft.md"][0] == 3  # at the record it would lose
    assert "hidden folder" in problems["docs/.obsidian"][1]


def test_a_folder_of_the_log_that_is_a_link_is_refused_whole(tmp_path: Path) -> None:
    (tmp_path / "elsewhere/2020").mkdir(parents=True)
    (tmp_path / "elsewhere/2020/a.md").write_text(RECORD)
    (tmp_path / "decisions").symlink_to(tmp_path / "elsewhere")
    found = tree.scan(tmp_path)
    assert found.pages == [] and found.refused == ["decisions"]


def test_records_in_files_the_build_does_not_read_and_unknown_types(tmp_path: Path) -> None:
    year = tmp_path / "decisions/2020"
    year.mkdir(parents=True)
    for name in ("a.MD", "b.markdown", "c.md.txt"):
        (year / name).write_text("# x\n\n" + RECORD)
    (year / "d.rst").write_text("Title\n\n.. decision:: T\n   :id: DEC-2020-002\n")
    (year / "notes.docx").write_bytes(b"PK")
    (year / "minutes.txt").write_text("Agreed: nothing.\n")
    (year / "figure.PNG").write_bytes(b"\x89PNG")
    (tmp_path / "docs/_static").mkdir(parents=True)
    (tmp_path / "docs/_static/site.css").write_text("body {}\n")  # site code may hold any file
    problems = where(tmp_path)
    for name, line in (("a.MD", 3), ("b.markdown", 3), ("c.md.txt", 3), ("d.rst", 3)):
        assert problems[f"decisions/2020/{name}"][0] == line
        assert f"rename the file to {name.split('.')[0]}.md" in problems[f"decisions/2020/{name}"][1]
    assert "does not read '.docx' files" in problems["decisions/2020/notes.docx"][1]
    assert set(problems) == {f"decisions/2020/{n}" for n in
                             ("a.MD", "b.markdown", "c.md.txt", "d.rst", "notes.docx")}


def test_a_file_shown_must_be_there_and_reached_without_a_link(tmp_path: Path) -> None:
    year = tmp_path / "decisions/2020"
    year.mkdir(parents=True)
    (year / "figure.png").write_bytes(b"\x89PNG")
    (year / "chart.svg").write_text("<svg/>")
    (year / "chart.png").write_bytes(b"\x89PNG")
    (year / "passwd.png").symlink_to("/etc/passwd")
    (year / "etcdir").symlink_to("/etc")
    (year / "folder").mkdir()
    assert tree.target_problem(tmp_path, "decisions/2020/figure.png", "figure.png") is None
    assert tree.target_problem(tmp_path, "decisions/2020/chart.*", "chart.*") is None
    for relpath, why in (("decisions/2020/missing.png", "is not in the log"),
                         ("decisions/2020/passwd.png", "symbolic link"),
                         ("decisions/2020/etcdir/group", "symbolic link"),
                         ("decisions/2020/folder", "not a plain file"),
                         ("decisions/2020/none.*", "is not in the log")):
        problem = tree.target_problem(tmp_path, relpath, relpath.rsplit("/", 1)[1])
        assert problem is not None and why in problem, relpath
    # a link may name a page rather than a file
    assert tree.target_problem(tmp_path, "decisions/2020/other", "other", link=True) is None


def test_build_state_git_tracks_is_one_problem_per_folder_at_its_first_file(tmp_path: Path) -> None:
    from helpers import git

    log = tmp_path / "repository/log"  # a log in a folder of its repository
    for name in ("_build/doctrees/environment.pickle", "_build/html/x.html", "out/page.html"):
        (log / name).parent.mkdir(parents=True, exist_ok=True)
        (log / name).write_text("x")
    git(tmp_path / "repository", "init", "-q")
    assert tree.tracked_build_state(log, [log / "out"]) == []  # written here: not tracked
    git(tmp_path / "repository", "add", "-f", "log/_build/html/x.html", "log/out/page.html")
    found = tree.tracked_build_state(log, [log / "out", log / "_build/html"])
    assert [(p.path, p.line) for p in found] == [("_build/html/x.html", 1), ("out/page.html", 1)]
    assert "git rm -r --cached _build" in found[0].message and "git rm -r --cached out" in found[1].message
    # outside any repository nothing is tracked
    assert tree.tracked_build_state(tmp_path / "elsewhere") == []
