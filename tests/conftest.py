"""Shared fixtures: real Sphinx builds of real sites in temporary folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEED_MINUTES = SHARED / "minutes" / "dmlt-f2f-2019.txt"


@dataclass
class Build:
    returncode: int
    output: str
    srcdir: Path
    outdir: Path

    @property
    def needs(self) -> dict:
        data = json.loads((self.outdir / "needs.json").read_text(encoding="utf-8"))
        return data["versions"][data["current_version"]]["needs"]

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")

    def written(self) -> list[str]:
        """The pages Sphinx wrote, from its own progress output."""
        return [line.split("] ", 1)[1].strip() for line in self.output.splitlines()
                if line.startswith("writing output... [")]


def sphinx_build(srcdir: Path, outdir: Path | None = None, *extra: str,
                 builder: str = "html") -> Build:
    """Build the site the way `make html` does: a separate process, warnings fatal."""
    outdir = outdir or srcdir / "_build" / builder
    doctrees = outdir.parent / "doctrees"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", builder,
         "-d", str(doctrees), str(srcdir), str(outdir), *extra],
        capture_output=True, text=True,
        # NO_COLOR: with CI=true Sphinx colours its progress and redraws it on one line
        env={**os.environ, "PYTHONHASHSEED": "0", "NO_COLOR": "1"})
    return Build(result.returncode, result.stdout + result.stderr, srcdir, outdir)


def copy_project(destination: Path) -> Path:
    """The site as a user's clone has it: configuration, records and pages."""
    for name in ("conf.py", "decisions", "actions", "docs"):
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("people", "milestones", "documents"))
        else:
            shutil.copy(source, destination / name)
    return destination


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


LATER = "decisions/2020/2020-05-02-later.md"


def later_decisions(*decisions: tuple[str, str, str, dict[str, str]]) -> dict[str, str]:
    """A second decisions file of the mini site's meeting: (ID, title, status, options)."""
    blocks = []
    for record_id, title, status, options in decisions:
        lines = [f"```{{decision}} {title}", f":id: {record_id}", f":status: {status}",
                 ":date: 2020-05-02", ":meeting: MTG-2020-05-01-review",
                 *(f":{key}: {value}" for key, value in options.items()), "```"]
        blocks.append("\n".join(lines))
    return {LATER: "# Later decisions\n\n" + "\n\n".join(blocks) + "\n"}


# A small log of its own, so each test can change one thing and see its effect.
MINI_SITE = {
    "conf.py": """
        from dmlog.conf import *
        project = "Test log"
        dmlog_today = "2020-06-15"
    """,
    "docs/index.md": """
        # Test log

        ```{dmlog-view} summary
        ```

        ```{toctree}
        :hidden:

        decisions
        actions
        meetings/index
        people/index
        milestones/index
        documents/index
        ```
    """,
    "docs/decisions.md": """
        # Decisions

        ```{dmlog-view} decision-log
        ```

        ```{dmlog-toctree}
        /decisions/*/*
        ```
    """,
    "docs/actions.md": """
        # Actions

        ```{dmlog-view} action-tracker
        ```

        ```{dmlog-toctree}
        /actions/*/*
        ```
    """,
    "docs/meetings/index.md": """
        # Meetings

        ```{dmlog-view} meetings
        ```

        ```{dmlog-toctree}
        */*
        ```
    """,
    "docs/meetings/2020/2020-05-01-review.md": """
        # Review meeting

        ```{meeting} Review meeting
        :id: MTG-2020-05-01-review
        :date: 2020-05-01
        :chair: ann
        ```

        Discussion of the plan.
    """,
    "docs/registry/people.yaml": """
        people:
          ann:
            name: Ann Author
            aliases: [Annie]
          bob:
            name: Bob Builder
        groups:
          team:
            name: The Team
            members: [ann, bob]
    """,
    "docs/registry/milestones.yaml": """
        milestones:
          LDM-503-10a:
            title: LSP with authentication and TAP
            due: 2020-09-30
    """,
    "docs/registry/documents.yaml": """
        documents:
          DMTN-085:
            title: QA Strategy Working Group Report
            url: https://dmtn-085.lsst.io/
    """,
    "decisions/2020/2020-05-01-review.md": """
        # Decisions of the review

        ```{decision} Adopt the new plan
        :id: DEC-2020-001
        :status: adopted
        :date: 2020-05-01
        :meeting: MTG-2020-05-01-review
        :owner: ann
        :milestone: LDM-503-10a
        :document: DMTN-085

        We will follow the plan of DMTN-085, see RFC-243 and DM-12345.
        ```
    """,
    "actions/2020/2020-05-01-review.md": """
        # Actions of the review

        ```{action} Write the plan down
        :id: ACT-2020-001
        :status: open
        :owner: bob
        :meeting: MTG-2020-05-01-review
        :decision: DEC-2020-001
        :due: 2020-06-01

        Bob writes the plan down.
        ```

        ```{action} Circulate the plan
        :id: ACT-2020-002
        :status: open
        :owner: ann, team
        :meeting: MTG-2020-05-01-review
        :due: 2020-07-01

        Ann circulates the plan.
        ```
    """,
}


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    src = tmp_path / "site"
    write(src, MINI_SITE)
    return src


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's own log, built once for the tests that read it."""
    src = copy_project(tmp_path_factory.mktemp("seed"))
    build = sphinx_build(src)
    assert build.returncode == 0, build.output
    return build
