"""Edit links: each record's card links to its file and line in the repository and to
the repository's editor; a meeting's card links to its other files. One build."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from helpers import ACTIONS, DECISIONS, attr, edit, one, sphinx_build, write

MEETING = "docs/meetings/2020/2020-05-01-review.md"
REPOSITORY = "https://github.com/lsst-dm/some-log"


def test_cards_link_to_their_source_line_and_editor(mini_site: Path) -> None:
    edit(mini_site, MEETING, ":chair: ann", ":chair: ann\n:source: docs/meetings/2020/minutes.txt")
    write(mini_site, {"docs/meetings/2020/minutes.txt": "The minutes.\n"})
    build = sphinx_build(mini_site, None, "-D", f"dmlog_repository_url={REPOSITORY}",
                         "-D", "dmlog_repository_branch=trunk", "-D", "dmlog_repository_path=log")
    assert build.returncode == 0, build.output
    decision = one(BeautifulSoup(build.html("decisions/2020/2020-05-01-review"), "html.parser"),
                   id="DEC-2020-001")
    sources = one(decision, class_="dmlog-sources")
    view = one(sources, "a", string=f"{DECISIONS}:3")
    assert attr(view, "href") == f"{REPOSITORY}/blob/trunk/log/{DECISIONS}#L3"
    assert attr(one(sources, "a", string="Propose a change"), "href") == \
        f"{REPOSITORY}/edit/trunk/log/{DECISIONS}"
    # a registry entry links to its YAML line, not to the page generated from it
    person = BeautifulSoup(build.html("docs/people/bob"), "html.parser")
    assert attr(one(person, "a", string="docs/registry/people.yaml:5"), "href") == \
        f"{REPOSITORY}/blob/trunk/log/docs/registry/people.yaml#L5"
    # the meeting's page links to the files of its decisions and actions, and its minutes
    meeting = one(BeautifulSoup(build.html("docs/meetings/2020/2020-05-01-review"), "html.parser"),
                  class_="dmlog-sources")
    files = [attr(a, "href") for a in meeting.find_all("a")]
    assert files == [f"{REPOSITORY}/blob/trunk/log/{MEETING}#L3", f"{REPOSITORY}/edit/trunk/log/{MEETING}",
                     f"{REPOSITORY}/blob/trunk/log/{ACTIONS}", f"{REPOSITORY}/blob/trunk/log/{DECISIONS}",
                     f"{REPOSITORY}/blob/trunk/log/docs/meetings/2020/minutes.txt"]
