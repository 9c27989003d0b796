"""The build never loses a record quietly: failures stay failures on a rerun, pages of
removed sources leave the site, doctrees stay out of it, and the output does not
depend on the hash seed."""

from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

from helpers import (
    DECISIONS,
    PROJECT,
    TAKEN_ID,
    copy_root,
    dmlog,
    edit,
    git,
    git_repository,
    later_decisions,
    sphinx_build,
    write,
)

OTHER = next(iter(TAKEN_ID))


def problems_at(output: str, location: str) -> list[str]:
    return [line for line in output.splitlines() if f"{location}: " in line and "WARNING" in line]


def test_a_failed_build_fails_again_when_rerun_without_a_fix(mini_site: Path) -> None:
    """Reproduction 4: a duplicate ID, an unknown option, a file outside every toctree and
    a mention of an unknown record fail the first build and every rerun."""
    write(mini_site, {**TAKEN_ID, "decisions/loose.md": """
        # Not in a year folder

        ```{decision} Loose
        :id: DEC-2020-009
        :status: adopted
        :date: 2020-05-01
        :meeting: MTG-2020-05-01-review
        ```
    """})
    edit(mini_site, DECISIONS, ":owner: ann", ":owner: ann\n:colour: blue")
    edit(mini_site, DECISIONS, "We will follow", "As DEC-2020-077 says, we will follow")
    expected = {f"{OTHER}:3": "already exists", "decisions/loose.md:3": "DEC-2020-009",
                f"{DECISIONS}:3": "colour", f"{DECISIONS}:13": "DEC-2020-077 is mentioned"}
    for run in ("first", "second", "third"):
        build = sphinx_build(mini_site)
        assert build.returncode != 0, f"{run} build passed"
        for location, fragment in expected.items():
            assert any(fragment in line for line in problems_at(build.output, location)), \
                (run, location, build.output[-3000:])
        needs = build.needs
        assert needs["ACT-2020-001"]["docname"] == "actions/2020/2020-05-01-review"
    # fixed: the build passes, and the one after it reads nothing again
    (mini_site / OTHER).unlink()
    (mini_site / "decisions/loose.md").unlink()
    edit(mini_site, DECISIONS, ":owner: ann\n:colour: blue", ":owner: ann")
    edit(mini_site, DECISIONS, "As DEC-2020-077 says, we will follow", "We will follow")
    fixed = sphinx_build(mini_site)
    assert fixed.returncode == 0, fixed.output
    again = sphinx_build(mini_site)
    assert again.returncode == 0 and "reading sources..." not in again.output.replace(
        "reading sources... \n", ""), again.output


def test_pages_of_removed_and_renamed_sources_leave_the_site(mini_site: Path) -> None:
    """Reproduction 8: renamed and removed records files, a removed registry entry."""
    write(mini_site, later_decisions(("DEC-2020-002", "Later", "adopted", {})))
    edit(mini_site, "docs/registry/people.yaml", "people:\n", "people:\n  carol:\n    name: Carol C\n")
    first = sphinx_build(mini_site)
    assert first.returncode == 0, first.output
    html = first.outdir
    assert (html / "decisions/2020/2020-05-02-later.html").exists()
    assert (html / "docs/people/carol.html").exists()
    (mini_site / "decisions/2020/2020-05-02-later.md").rename(
        mini_site / "decisions/2020/2020-05-03-renamed.md")
    edit(mini_site, "docs/registry/people.yaml", "  carol:\n    name: Carol C\n", "")
    second = sphinx_build(mini_site)
    assert second.returncode == 0, second.output
    assert not (html / "decisions/2020/2020-05-02-later.html").exists()
    assert (html / "decisions/2020/2020-05-03-renamed.html").exists()
    assert not (html / "docs/people/carol.html").exists()
    assert "carol" not in (html / "docs/people/index.html").read_text(encoding="utf-8")
    (mini_site / "decisions/2020/2020-05-03-renamed.md").unlink()
    third = sphinx_build(mini_site)
    assert third.returncode == 0, third.output
    assert not (html / "decisions/2020/2020-05-03-renamed.html").exists()
    assert "DEC-2020-002" not in third.needs


def test_make_html_keeps_doctrees_out_of_the_published_folder() -> None:
    dry_run = subprocess.run(["make", "-n", "html"], cwd=PROJECT, capture_output=True, text=True)
    command = next(line for line in dry_run.stdout.splitlines() if "sphinx-build" in line)
    doctrees = command.split(" -d ", 1)[1].split()[0]
    assert not Path(doctrees).is_relative_to("_build/html"), command


class _Reduce:
    """A pickle that runs a command when it is read."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (self.command,))


def test_build_state_that_came_with_the_sources_is_never_read(tmp_path: Path) -> None:
    """Reproduction 3 of issue 15: pickles committed where the build keeps its state
    (`make html`'s -d _build/doctrees, and Sphinx's default inside the output) run code
    when read. A fresh clone's build warns, starts afresh and leaves them untouched."""
    mark = tmp_path / "ran"
    origin = copy_root("mini", tmp_path / "origin")
    pickles = {f"{folder}/{name}": pickle.dumps(_Reduce(f"touch {mark}"))
               for folder in ("_build/doctrees", "_build/html/.doctrees")
               for name in ("environment.pickle", "dmlog-build.pickle")}
    for name, data in pickles.items():
        (origin / name).parent.mkdir(parents=True, exist_ok=True)
        (origin / name).write_bytes(data)
    git_repository(origin)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    build = sphinx_build(clone, clone / "_build/html")  # -d _build/doctrees, as `make html`
    assert not mark.exists(), "a committed pickle was read"
    assert build.returncode != 0 and "Traceback" not in build.output
    # one problem for the build folder, at its first file, and check reports the same
    check = dmlog(clone, "check")
    where, what = ("_build/doctrees/dmlog-build.pickle:1:", "git tracks files in the build folder "
                   "_build (_build/doctrees/dmlog-build.pickle and 3 more)")
    assert f"{where} {what}" in check.stdout and check.returncode == 1
    assert f"{where} WARNING: {what}" in build.output
    assert "git rm -r --cached _build" in check.stdout
    assert {name: (clone / name).read_bytes() for name in pickles} == pickles
    assert build.needs  # the site itself was built
    assert git(clone, "status", "--porcelain", "--untracked-files=no") == ""


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_output_is_the_same_across_builds_and_hash_seeds(mini_site: Path, tmp_path: Path) -> None:
    """Two clean builds with different hash seeds, each with its own output folder: every
    output file, needs.json included, byte for byte (set and dict order, and the output
    folder's path, must not leak into the output). The first build is forked from the
    test run's build server (its interpreter's seed: random, or PYTHONHASHSEED's), the
    second is a new interpreter with another seed."""
    other_seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    outdirs = []
    for name, seed in (("first", None), ("second", other_seed)):
        build = sphinx_build(mini_site, tmp_path / name / "html", hash_seed=seed)
        assert build.returncode == 0, build.output
        outdirs.append(build.outdir)
    first, second = (_tree(outdir) for outdir in outdirs)
    assert "needs.json" in first and len(first) > 20
    # Pagefind (the search index) writes its filter chunks in the order of a Rust hash map
    # seeded anew by each run, so their names and bytes (and the two files naming them)
    # differ; everything else, needs.json and every page included, must not.
    unordered = {name for name in first.keys() | second.keys()
                 if name.startswith("pagefind/filter/") or name == "pagefind/pagefind-entry.json"
                 or (name.startswith("pagefind/pagefind.") and name.endswith(".pf_meta"))}
    # the same number of them, whatever their names
    assert len(first.keys() & unordered) == len(second.keys() & unordered)
    assert first.keys() - unordered == second.keys() - unordered
    different = [name for name in first.keys() - unordered if first[name] != second[name]]
    assert not different, different
