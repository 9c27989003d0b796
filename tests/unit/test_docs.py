"""The README and CI say what the project does."""

from __future__ import annotations

import re

from dmlog import schema
from helpers import PROJECT


def test_readme_schema_table_matches_the_schema() -> None:
    readme = (PROJECT / "README.md").read_text()
    table = readme.split("<!-- schema-table")[1].split("\n\n")[0]
    rows = {}
    for line in table.splitlines()[3:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = cells
    assert set(rows) == set(schema.TYPES)
    for name, record_type in schema.TYPES.items():
        _, _, required, optional, statuses = rows[name]
        assert required.split(", ") == list(record_type.required), name
        assert (optional.split(", ") if optional else []) == list(record_type.optional), name
        assert (statuses.split(", ") if statuses else []) == list(record_type.statuses), name
    for link in schema.LINKS:
        assert f"`{link}`" in readme


def test_readme_gives_the_two_commands_and_ci_runs_the_tests() -> None:
    readme = (PROJECT / "README.md").read_text()
    setup = readme.split("## Set-up")[1].split("##")[0]
    assert re.findall(r"^make \w+", setup, re.M) == ["make html", "make test"]
    ci = (PROJECT / ".ci/run").read_text()
    assert "make test" in ci
    # the gates run before the tests, in CI and before each commit
    assert ci.index("make lint") < ci.index("make test")
    hooks = (PROJECT / ".pre-commit-config.yaml").read_text()
    assert "ruff check" in hooks and "mypy" in hooks
    makefile = (PROJECT / "Makefile").read_text()
    for target in ("html", "test"):  # both bootstrap the environment first
        assert re.search(rf"^{target}: \$\(STAMP\)", makefile, re.M)


def test_the_help_page_explains_every_lifecycle_rule() -> None:
    help_page = (PROJECT / "docs/help.md").read_text()
    section = help_page.split("(lifecycle)=")[1].split("(review-pages)=")[0]
    assert all(f"`{rule}`" in section for rule in schema.LIFECYCLE_RULES)
    assert all(word in section for word in ("**To amend**", "**To supersede**", "withdraw"))
