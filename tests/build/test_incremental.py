"""Incremental builds: after an edit, `make html` again shows the change on every
page, exactly as a fresh full build would, rewriting only the pages it touches."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import ACTIONS, Build, attr, copy_root, edit, one, sphinx_build, write


@pytest.fixture(scope="module")
def _pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Build]:
    folder = tmp_path_factory.mktemp("incremental")
    site = copy_root("mini", folder / "site")
    build = sphinx_build(site)
    assert build.returncode == 0, build.output
    shutil.copytree(site, folder / "pristine", symlinks=True)  # with the files' times
    return site, folder / "pristine", build


@pytest.fixture
def built(_pristine: tuple[Path, Path, Build]) -> Build:
    """The mini site after its first build, done once for this module: each test gets
    it back as that build left it, sources and build state with their times, in the
    same folder (Sphinx reuses its state only where it wrote it)."""
    site, pristine, build = _pristine
    shutil.rmtree(site)
    shutil.copytree(pristine, site, symlinks=True)
    return build


def normalised(html: str) -> str:
    # Sphinx stamps static files with a cache-busting checksum of their own content
    return re.sub(r"\?v=[0-9a-f]+", "", html)


def assert_same_as_fresh_build(site: Path, outdir: Path, tmp_path: Path) -> None:
    fresh_src = tmp_path / "fresh"
    shutil.copytree(site, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = sphinx_build(fresh_src)
    assert fresh.returncode == 0, fresh.output
    # every file: pages, feeds, downloads, images (nothing whose source is gone)
    published = sorted(p.relative_to(fresh.outdir) for p in fresh.outdir.rglob("*") if p.is_file())
    assert published == sorted(p.relative_to(outdir) for p in outdir.rglob("*") if p.is_file())
    pages = [p for p in published if p.suffix == ".html"]
    different = [str(p) for p in pages
                 if normalised((outdir / p).read_text()) != normalised((fresh.outdir / p).read_text())]
    assert not different, f"stale after the incremental build: {different}"
    assert (outdir / "needs.json").read_bytes() == (fresh.outdir / "needs.json").read_bytes()


def status_in(build: Build, docname: str, record: str) -> str:
    row = one(BeautifulSoup(build.html(docname), "html.parser"), attrs={"data-need-id": record})
    return one(row, class_="dmlog-status").get_text()


def test_closing_an_action_shows_everywhere(built: Build, tmp_path: Path) -> None:
    first, mini_site = built, built.srcdir
    assert status_in(first, "docs/people/bob", "ACT-2020-001") == "open"

    edit(mini_site, ACTIONS, ":status: open\n:owner: bob", ":status: done\n:closed: 2020-06-10\n:owner: bob")
    second = sphinx_build(mini_site)
    assert second.returncode == 0, second.output
    for docname in ("docs/people/bob", "docs/actions", "decisions/2020/2020-05-01-review",
                    "docs/meetings/2020/2020-05-01-review"):
        assert status_in(second, docname, "ACT-2020-001") == "done", docname
    figures = BeautifulSoup(second.html("docs/index"), "html.parser").find_all(class_="dmlog-figure")
    assert "1 open actions 0 overdue" in [f.get_text(" ", strip=True) for f in figures]
    assert second.needs["ACT-2020-001"]["status"] == "done"

    written = set(second.written())
    assert "docs/people/bob" in written
    # pages that show nothing of the action are left alone; the registries' lists count
    # who links to each entry, which a status does not change
    assert not written & {"docs/people/ann", "docs/people/team", "docs/milestones/LDM-503-10a",
                          "docs/documents/DMTN-085", "docs/milestones/index",
                          "docs/documents/index"}, written
    assert_same_as_fresh_build(mini_site, second.outdir, tmp_path)

    third = sphinx_build(mini_site)
    assert third.written() == []


# Clean builds with other hash seeds: tests/build/test_reliability_sources.py


def test_moving_a_record_to_another_page(built: Build, tmp_path: Path) -> None:
    mini_site = built.srcdir
    path = mini_site / ACTIONS
    text = path.read_text()
    start = text.index("```{action} Circulate the plan")
    moved = text[start:]
    path.write_text(text[:start])
    # a page read before the old one: the record must not be taken for a duplicate
    write(mini_site, {"actions/2020/2020-04-30-early.md": "# Early\n\n" + moved})
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    assert build.needs["ACT-2020-002"]["docname"] == "actions/2020/2020-04-30-early"
    link = one(BeautifulSoup(build.html("docs/people/ann"), "html.parser"),
               "a", href=re.compile("ACT-2020-002"))
    assert "2020-04-30-early.html#ACT-2020-002" in attr(link, "href")
    assert_same_as_fresh_build(mini_site, build.outdir, tmp_path)


def test_new_and_deleted_records(built: Build, tmp_path: Path) -> None:
    mini_site = built.srcdir
    edit(mini_site, ACTIONS, "```{action} Circulate the plan", """```{action} Book a room
:id: ACT-2020-003
:status: open
:owner: ann
:meeting: MTG-2020-05-01-review
:milestone: LDM-503-10a
```

```{action} Circulate the plan""")
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    ann = BeautifulSoup(build.html("docs/people/ann"), "html.parser")
    assert ann.find("tr", attrs={"data-need-id": "ACT-2020-003"})
    # the milestones' list counts the records linking to each: one more
    assert "docs/milestones/index" in build.written()
    assert_same_as_fresh_build(mini_site, build.outdir, tmp_path / "a")

    text = (mini_site / ACTIONS).read_text()
    start = text.index("```{action} Book a room")
    end = text.index("```{action} Circulate the plan")
    (mini_site / ACTIONS).write_text(text[:start] + text[end:])
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    ann = BeautifulSoup(build.html("docs/people/ann"), "html.parser")
    assert not ann.find("tr", attrs={"data-need-id": "ACT-2020-003"})
    assert "docs/milestones/index" in build.written()
    assert_same_as_fresh_build(mini_site, build.outdir, tmp_path / "b")


def test_a_failed_build_does_not_leave_stale_pages(built: Build, tmp_path: Path) -> None:
    mini_site = built.srcdir
    edit(mini_site, ACTIONS, ":owner: bob", ":owner: nobody")
    assert sphinx_build(mini_site).returncode != 0
    edit(mini_site, ACTIONS, ":owner: nobody", ":owner: ann")
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    assert_same_as_fresh_build(mini_site, build.outdir, tmp_path)


MEETING_WITH_MINUTES = """# {title}

```{{meeting}} {title}
:id: MTG-2020-05-{day}-{slug}
:date: 2020-05-{day}
:chair: cat
```

Minutes: {{download}}`original minutes <2020-05-{day}-{slug}.txt>`.

![The room](2020-05-{day}-{slug}.png)
"""
#: a PNG of one transparent pixel
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                      "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def test_what_a_removed_source_published_is_removed(mini_site: Path, tmp_path: Path) -> None:
    """A person removed from the registry, a meeting page removed with its minutes and
    image, and a meeting's minutes and their {download} removed: the incremental build
    publishes exactly what a clean build does: no feed of the person, no old download
    or image, and no previous/next link to the removed page from the pages beside it
    (whose sources did not change)."""
    edit(mini_site, "docs/registry/people.yaml", "  bob:\n", "  cat:\n    name: Cat Chair\n  bob:\n")
    for slug, day in (("extra", "02"), ("later", "03")):
        write(mini_site, {
            f"docs/meetings/2020/2020-05-{day}-{slug}.md":
                MEETING_WITH_MINUTES.format(title=f"{slug.title()} meeting", slug=slug, day=day),
            f"docs/meetings/2020/2020-05-{day}-{slug}.txt": "the minutes\n"})
        (mini_site / f"docs/meetings/2020/2020-05-{day}-{slug}.png").write_bytes(PIXEL)
    first = sphinx_build(mini_site)
    assert first.returncode == 0, first.output
    published = {p.relative_to(first.outdir).as_posix() for p in first.outdir.rglob("*")}
    assert {"feeds/people/cat.atom", "feeds/people/cat.ics"} <= published
    assert len([p for p in published if p.startswith("_downloads/") and p.endswith(".txt")]) == 2
    assert {"_images/2020-05-02-extra.png", "_images/2020-05-03-later.png"} <= published
    review = "docs/meetings/2020/2020-05-01-review"
    assert 'rel="next" title="Extra meeting"' in first.html(review)

    edit(mini_site, "docs/registry/people.yaml", "  cat:\n    name: Cat Chair\n", "")
    for name in ("2020-05-02-extra.md", "2020-05-02-extra.txt", "2020-05-02-extra.png",
                 "2020-05-03-later.txt"):
        (mini_site / "docs/meetings/2020" / name).unlink()
    edit(mini_site, "docs/meetings/2020/2020-05-03-later.md", ":chair: cat", ":chair: ann")
    edit(mini_site, "docs/meetings/2020/2020-05-03-later.md",
         "Minutes: {download}`original minutes <2020-05-03-later.txt>`.", "No minutes.")
    second = sphinx_build(mini_site)
    assert second.returncode == 0, second.output
    assert review in second.written()  # its neighbour went: its links are rewritten
    assert 'rel="next" title="Later meeting"' in second.html(review)
    assert_same_as_fresh_build(mini_site, second.outdir, tmp_path)
