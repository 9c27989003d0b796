"""Repository URLs of a record's file, as edit links use them."""

from __future__ import annotations

from dmlog.settings import Settings
from dmlog.sphinxext.editlinks import file_url


def config(url: str, branch: str = "main", path: str = "") -> Settings:
    return Settings(repository_url=url, repository_branch=branch, repository_path=path)


def test_github_view_at_a_line_and_edit() -> None:
    github = config("https://github.com/lsst-dm/dmlog/")
    assert file_url(github, "decisions/2019/x.md", 12) == \
        "https://github.com/lsst-dm/dmlog/blob/main/decisions/2019/x.md#L12"
    assert file_url(github, "decisions/2019/x.md", 12, edit=True) == \
        "https://github.com/lsst-dm/dmlog/edit/main/decisions/2019/x.md"


def test_gitlab_branch_and_folder_and_odd_names() -> None:
    gitlab = config("https://gitlab.example.org/team/log", branch="release/1", path="/log/")
    assert file_url(gitlab, "docs/a b#c.md", 3) == \
        "https://gitlab.example.org/team/log/-/blob/release/1/log/docs/a%20b%23c.md#L3"


def test_no_repository_no_link() -> None:
    assert file_url(config(""), "decisions/x.md", 1) == ""
    assert file_url(config("javascript:alert(1)"), "decisions/x.md", 1) == ""
