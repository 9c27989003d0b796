"""Bad records fail the build (non-zero exit under -W), each reported with its file
and line and what to do about it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ACTIONS, CASES, DECISIONS, edit, later_decisions, sphinx_build, write


def assert_fails_at(site: Path, location: str, *fragments: str) -> str:
    build = sphinx_build(site)
    assert build.returncode != 0, "the build should have failed"
    lines = [line for line in build.output.splitlines() if re.search(re.escape(location) + r"\b", line)]
    assert lines, f"no problem reported at {location}:\n{build.output[-3000:]}"
    for fragment in fragments:
        assert any(fragment in line for line in lines), (fragment, lines)
    return build.output


def test_the_unchanged_fixture_builds(mini_site: Path) -> None:
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output




@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_record_fails_with_file_and_line(mini_site: Path, case: str) -> None:
    name, old, new, location, fragments = CASES[case]
    edit(mini_site, name, old, new)
    assert_fails_at(mini_site, location, *fragments)


def test_duplicate_id(mini_site: Path) -> None:
    write(mini_site, {"actions/2020/2020-05-02-other.md": """
        # More actions

        ```{action} Another action with a taken ID
        :id: ACT-2020-001
        :status: open
        :owner: ann
        :meeting: MTG-2020-05-01-review
        ```
    """})
    # sphinx-needs refuses the second record it reads, at its own file and line
    assert_fails_at(mini_site, "actions/2020/2020-05-02-other.md:3",
                    "A need with ID 'ACT-2020-001' already exists")


def assert_build_reports(site: Path, pattern: str) -> None:
    """The build fails, with a message matching the pattern (sphinx-needs' own wording)."""
    build = sphinx_build(site)
    assert build.returncode != 0
    assert re.search(pattern, build.output), build.output


def test_record_without_id(mini_site: Path) -> None:
    edit(mini_site, ACTIONS, ":id: ACT-2020-002\n", "")
    assert_build_reports(mini_site, re.escape(ACTIONS) + r":14: (WARNING|ERROR): .*ID")


def test_supersedes_cycle(mini_site: Path) -> None:
    edit(mini_site, DECISIONS, ":status: adopted\n", ":status: superseded\n:supersedes: DEC-2020-002\n")
    write(mini_site, later_decisions(
        ("DEC-2020-002", "Replace the plan", "superseded", {"supersedes": "DEC-2020-001"})))
    output = assert_fails_at(mini_site, f"{DECISIONS}:3", "supersedes cycle: DEC-2020-001 "
                             "supersedes DEC-2020-002 supersedes DEC-2020-001")
    assert output.count("supersedes cycle") == 1


def test_superseding_needs_the_old_status_changed(mini_site: Path) -> None:
    write(mini_site, later_decisions(
        ("DEC-2020-002", "Replace the plan", "adopted", {"supersedes": "DEC-2020-001"})))
    assert_fails_at(mini_site, f"{DECISIONS}:3",
                    "DEC-2020-001 is superseded by DEC-2020-002 but its status is 'adopted'")


def test_registry_entry_without_name(mini_site: Path) -> None:
    edit(mini_site, "docs/registry/people.yaml", "    name: Bob Builder\n", "    affiliation: Nowhere\n")
    assert_fails_at(mini_site, "docs/registry/people.yaml:5", "person 'bob' has no name")


def test_registry_unknown_field(mini_site: Path) -> None:
    edit(mini_site, "docs/registry/milestones.yaml", "    due: 2020-09-30", "    deadline: 2020-09-30")
    assert_fails_at(mini_site, "docs/registry/milestones.yaml:2", "unknown field 'deadline'")


def test_registry_bad_link_points_at_the_yaml_line(mini_site: Path) -> None:
    edit(mini_site, "docs/registry/people.yaml", "members: [ann, bob]", "members: [ann, carol]")
    assert_fails_at(mini_site, "docs/registry/people.yaml:8", "unknown members 'carol'")


def test_unknown_option(mini_site: Path) -> None:
    edit(mini_site, DECISIONS, ":owner: ann", ":owner: ann\n:colour: blue")
    assert_build_reports(mini_site, re.escape(DECISIONS) + r":\d+: WARNING: .*colour")


def test_bad_dmlog_today(mini_site: Path) -> None:
    edit(mini_site, "conf.py", 'dmlog_today = "2020-06-15"', 'dmlog_today = "15 June"')
    build = sphinx_build(mini_site)
    assert build.returncode != 0
    assert "dmlog_today = '15 June' is not a date" in build.output
