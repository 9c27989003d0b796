"""The registries (people, milestones, documents) read from YAML, with file and line."""

from __future__ import annotations

from pathlib import Path

from dmlog.log import registries
from helpers import write


def load(root: Path) -> tuple[list[registries.Entry], list[str]]:
    entries, problems = registries.load(root / "docs/registry", root)
    return entries, [str(p) for p in problems]


def test_entries_with_their_type_page_and_line(tmp_path: Path) -> None:
    write(tmp_path, {"docs/registry/people.yaml": """
        people:
          ann:
            name: Ann Author
            aliases: [Annie]
        groups:
          dmlt:
            name: DM Leadership Team
            members: [ann]
    """, "docs/registry/milestones.yaml": "milestones:\n  LDM-503-10a:\n    title: Ops rehearsal\n"})
    entries, problems = load(tmp_path)
    assert problems == []
    by_id = {e.id: e for e in entries}
    assert by_id["ann"].type == "person" and by_id["ann"].line == 2 and by_id["ann"].title == "Ann Author"
    assert by_id["dmlt"].page == "docs/people/dmlt" and by_id["LDM-503-10a"].type == "milestone"
    assert by_id["ann"].path == "docs/registry/people.yaml"


def test_problems_point_at_the_yaml_line(tmp_path: Path) -> None:
    write(tmp_path, {"docs/registry/people.yaml": "people:\n  ann:\n    name: Ann\n    shoe: 42\n",
                     "docs/registry/documents.yaml": "documents:\n  DMTN-085: [\n"})
    _, problems = load(tmp_path)
    assert any(p.startswith("docs/registry/documents.yaml:") and "YAML" in p for p in problems), problems
    assert any(p.startswith("docs/registry/people.yaml:") and "shoe" in p for p in problems), problems


def test_an_empty_registry_file_has_no_entries(tmp_path: Path) -> None:
    write(tmp_path, {"docs/registry/people.yaml": ""})
    assert load(tmp_path) == ([], [])


def test_a_folder_where_a_registry_file_goes_is_a_problem_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "docs/registry/people.yaml").mkdir(parents=True)
    entries, problems = registries.load(tmp_path / "docs/registry", tmp_path)
    assert entries == [] and [(p.path, p.line) for p in problems] == [("docs/registry/people.yaml", 0)]
    assert "is a folder, where the registry file must be" in problems[0].message


def test_a_registry_that_is_a_link_is_not_read_and_a_linked_page_folder_not_written(
        tmp_path: Path) -> None:
    """Links are refused at their file (dmlog.log.tree): the registries neither read
    the file a link names nor write pages through a linked folder."""
    write(tmp_path / "elsewhere", {"people.yaml": "people:\n  eve:\n    name: Eve\n"})
    (tmp_path / "docs/registry").mkdir(parents=True)
    (tmp_path / "docs/registry/people.yaml").symlink_to(tmp_path / "elsewhere/people.yaml")
    assert load(tmp_path) == ([], [])
    write(tmp_path, {"docs/registry/documents.yaml": "documents:\n  DMTN-085:\n    title: QA\n"})
    (tmp_path / "docs/documents").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    entries, _ = load(tmp_path)
    written = registries.write_pages(entries, tmp_path / "docs")
    assert sorted((tmp_path / "elsewhere").iterdir()) == [tmp_path / "elsewhere/people.yaml"]
    assert written and all(p.parent.name == "people" or p.parent.name == "milestones" for p in written)


def test_control_characters_in_a_registry_value_are_reported_at_the_entry(tmp_path: Path) -> None:
    write(tmp_path, {"docs/registry/people.yaml": 'people:\n  ann:\n    name: "Ann \\e[31m"\n'})
    _, problems = load(tmp_path)
    assert problems == ["docs/registry/people.yaml:2: the name of person 'ann' holds a control "
                        "character, U+001B (ESCAPE), which makes it read differently from what "
                        "it is: retype it without that character"]
