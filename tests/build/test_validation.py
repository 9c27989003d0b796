"""Bad records fail the build (non-zero exit under -W), each reported with its file
and line and what to do about it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ACTIONS, CASES, DECISIONS, TAKEN_ID, Build, edit, later_decisions, sphinx_build, write


def assert_fails_at(site: Path, location: str, *fragments: str) -> str:
    build = sphinx_build(site)
    assert build.returncode != 0, "the build should have failed"
    lines = [line for line in build.output.splitlines() if re.search(re.escape(location) + r"\b", line)]
    assert lines, f"no problem reported at {location}:\n{build.output[-3000:]}"
    for fragment in fragments:
        assert any(fragment in line for line in lines), (fragment, lines)
    return build.output


def test_the_unchanged_fixture_builds(mini_build: Build) -> None:
    assert mini_build.returncode == 0, mini_build.output
    assert "WARNING" not in mini_build.output




def batches() -> list[list[str]]:
    """The cases in as few builds as hold them: a case joins a batch where the text it
    changes is still there and no other case of the batch wrote it; a case changing an
    ID (which other cases' messages name) builds alone. (The rules themselves are
    unit-tested, and `dmlog check` is run on every case alone in tests/cli.)"""
    roots = Path(__file__).parents[1] / "roots" / "mini"
    found: list[tuple[list[str], dict[str, str], list[str]]] = []
    for case, (name, old, new, _, _) in CASES.items():
        for cases, texts, written in found:
            text = texts.get(name, (roots / name).read_text(encoding="utf-8"))
            alone = ":id:" in old or any(":id:" in CASES[c][1] for c in cases)
            if not alone and old in text and not any(old in w for w in written):
                cases.append(case)
                texts[name] = text.replace(old, new, 1)
                written.append(new)
                break
        else:
            found.append(([case], {name: (roots / name).read_text(encoding="utf-8").replace(old, new, 1)},
                          [new]))
    return [cases for cases, _, _ in found]


@pytest.mark.parametrize("cases", batches(), ids=lambda cases: f"{len(cases)} cases")
def test_bad_records_fail_with_file_and_line(mini_site: Path, cases: list[str]) -> None:
    for case in cases:
        name, old, new, _, _ = CASES[case]
        edit(mini_site, name, old, new)
    build = sphinx_build(mini_site)
    assert build.returncode != 0, "the build should have failed"
    for case in cases:
        location, fragments = CASES[case][3], CASES[case][4]
        lines = [line for line in build.output.splitlines()
                 if re.search(re.escape(location) + r"\b", line)]
        for fragment in fragments:
            assert any(fragment in line for line in lines), (case, fragment, build.output[-3000:])


def test_duplicate_id(mini_site: Path) -> None:
    write(mini_site, TAKEN_ID)
    # sphinx-needs refuses the second record it reads, at its own file and line
    assert_fails_at(mini_site, "actions/2020/2020-05-02-other.md:3",
                    "A need with ID 'ACT-2020-001' already exists")


def test_sphinx_and_sphinx_needs_own_reports(mini_site: Path) -> None:
    """A record without ID, an unknown option, a bad dmlog_today: one build."""
    edit(mini_site, ACTIONS, ":id: ACT-2020-002\n", "")
    edit(mini_site, DECISIONS, ":owner: ann", ":owner: ann\n:colour: blue")
    edit(mini_site, "conf.py", 'dmlog_today = "2020-06-15"', 'dmlog_today = "15 June"')
    build = sphinx_build(mini_site)
    assert build.returncode != 0
    assert re.search(re.escape(ACTIONS) + r":14: (WARNING|ERROR): .*ID", build.output), build.output
    assert re.search(re.escape(DECISIONS) + r":\d+: WARNING: .*colour", build.output), build.output
    assert "dmlog_today = '15 June' is not a date" in build.output


def test_supersedes_cycle(mini_site: Path) -> None:
    edit(mini_site, DECISIONS, ":status: adopted\n", ":status: superseded\n:supersedes: DEC-2020-002\n")
    write(mini_site, later_decisions(
        ("DEC-2020-002", "Replace the plan", "superseded", {"supersedes": "DEC-2020-001"})))
    output = assert_fails_at(mini_site, f"{DECISIONS}:3", "supersedes cycle: DEC-2020-001 "
                             "supersedes DEC-2020-002 supersedes DEC-2020-001")
    assert output.count("supersedes cycle") == 1


def test_registry_problems_point_at_their_yaml_lines(mini_site: Path) -> None:
    edit(mini_site, "docs/registry/people.yaml", "    name: Bob Builder\n", "    affiliation: Nowhere\n")
    edit(mini_site, "docs/registry/people.yaml", "members: [ann, bob]", "members: [ann, carol]")
    edit(mini_site, "docs/registry/milestones.yaml", "    due: 2020-09-30", "    deadline: 2020-09-30")
    build = sphinx_build(mini_site)
    assert build.returncode != 0
    for location, fragment in (("docs/registry/people.yaml:5", "person 'bob' has no name"),
                               ("docs/registry/people.yaml:8", "unknown members 'carol'"),
                               ("docs/registry/milestones.yaml:2", "unknown field 'deadline'")):
        assert any(location in line and fragment in line for line in build.output.splitlines()), \
            (location, fragment, build.output[-3000:])
