"""The catalogue of hostile and careless inputs to what the log publishes: script in
record bodies, titles and registries, files of the build machine, bad registries and
settings. Each case is a real input in a copy of the mini site; cases are batched into
a few builds (a build per group of files they change).

For every case: the build reports it at its file and line with a message saying what
is allowed (or, where the input is harmless text, publishes it as text); nothing
crashes with a traceback; every record written in the sources is in the output; and
nothing executable or private reaches the published site. Cases marked ``check`` are
reported by `dmlog check` at the same place.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypedDict, Unpack

import pytest

from helpers import PAYLOAD, Build, copy_root, dmlog, published_hazards, sphinx_build, write


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    build: str  # the batched build the case is part of
    files: dict[str, str]
    location: str | None  # "file:line" the problem is reported at; None: published as text
    message: str = ""  # a fragment of the message
    check: bool = False  # `dmlog check` reports it too
    records: tuple[str, ...] = ()  # records the case writes, which must all be built
    quiet: str = ""  # harmless text: no problem at this "file:line" (else: in its files)
    shows: tuple[str, str] = ("", "")  # (page, HTML): the page shows the input as text
    links: tuple[tuple[str, str], ...] = ()  # symbolic links the case adds: (path, target)


Checked = subprocess.CompletedProcess[str]
MEETING = "MTG-2020-05-01-review"
BODY_LINE = 9  # where a case's body starts in its decisions file (see page_case)
ALERT = f"alert('{PAYLOAD}')"


class PageInput(TypedDict, total=False):
    """What of a case's page is not the body: the record's title, options besides the
    required ones, and the page's heading (each "Case N" or none unless given); and
    whether `dmlog check` reports it too."""

    title: str
    options: str
    heading: str
    check: bool


def page_case(number: int, name: str, category: str, body: str, line: int | str | None,
              message: str = "", **page: Unpack[PageInput]) -> Case:
    """A decision of its own file whose body (or title, options, heading) is the input;
    ``line`` is counted from the body's first line (0), or is "heading" (the page's
    title), "record" (the record's first line) or None (harmless text)."""
    record_id = f"DEC-2020-{100 + number}"
    path = f"decisions/2020/2020-05-01-case{number:02d}.md"
    option_lines = page.get("options", "").strip("\n")
    text = (f"# {page.get('heading') or 'Case ' + str(number)}\n\n"
            f"`````{{decision}} {page.get('title') or 'Case ' + str(number)}\n"
            f":id: {record_id}\n:status: adopted\n:date: 2020-05-01\n:meeting: {MEETING}\n"
            + (option_lines + "\n" if option_lines else "")
            + f"\n{body.strip(chr(10))}\n`````\n")
    shift = option_lines.count("\n") + 1 if option_lines else 0
    lines = {None: None, "heading": 1, "record": 3}
    number_of_line = lines[line] if line is None or isinstance(line, str) else BODY_LINE + shift + line
    location = None if number_of_line is None else f"{path}:{number_of_line}"
    return Case(name, category, "pages", {path: text}, location, message, page.get("check", False),
                (record_id,))


ALLOWED_HTML = "only the tags <kbd>"
OUTSIDE = "outside the log's folders"
REFUSED = "is not allowed in the log"
UNSAFE_URL = "use http(s):// or mailto: URLs"
LINKED = "reached through a symbolic link"
MISSING = "is not in the log"

PAGE_CASES = [
    # raw HTML in a record's body
    page_case(1, "img with onerror in a body", "raw HTML", f"<img src=x onerror=\"{ALERT}\">",
              0, ALLOWED_HTML, check=True),
    page_case(2, "inline link to javascript:", "raw HTML",
              f'See <a href="javascript:{ALERT}">the plan</a>.', 0, "<a>", check=True),
    page_case(3, "script block", "raw HTML", f"<script>{ALERT}</script>", 0, "<script>", check=True),
    page_case(4, "svg with onload", "raw HTML", f'<svg onload="{ALERT}"></svg>', 0, "<svg>", check=True),
    page_case(5, "iframe", "raw HTML", f'<iframe src="https://evil.example/{PAYLOAD}"></iframe>',
              0, "<iframe>", check=True),
    page_case(6, "style element", "raw HTML", f"<style>/* {PAYLOAD} */ body {{}}</style>", 0,
              "<style>", check=True),
    page_case(7, "allowed tag with an event attribute", "raw HTML",
              f'Press <kbd onmouseover="{ALERT}">Ctrl</kbd>.', 0, "onmouseover=", check=True),
    page_case(8, "HTML in a page heading", "raw HTML", "Text.", "heading", "<img>",
              heading=f"Notes <img src=x onerror=\"{ALERT}\">", check=True),
    # directives that publish raw output or files
    page_case(9, "{raw} html directive", "raw or file directives",
              f"```{{raw}} html\n<script>{ALERT}</script>\n```", 0, REFUSED, check=True),
    page_case(10, "eval-rst raw directive", "raw or file directives",
              f"```{{eval-rst}}\n.. raw:: html\n\n   <script>{ALERT}</script>\n```", 0, REFUSED,
              check=True),
    page_case(11, "{literalinclude} of /etc/passwd", "raw or file directives",
              "```{literalinclude} /etc/passwd\n```", 0, REFUSED, check=True),
    page_case(12, "{include} of ../../etc/passwd", "raw or file directives",
              "```{include} ../../../../../../../../etc/passwd\n```", 0, REFUSED, check=True),
    page_case(13, "eval-rst include of /etc/passwd", "raw or file directives",
              "```{eval-rst}\n.. include:: /etc/passwd\n```", 0, REFUSED, check=True),
    page_case(14, "csv-table reading a file", "raw or file directives",
              "```{csv-table} Table\n:file: /etc/passwd\n```", 0, REFUSED, check=True),
    page_case(15, "raw role defined in eval-rst", "raw or file directives",
              f"```{{eval-rst}}\n.. role:: raw-html(raw)\n   :format: html\n\n"
              f":raw-html:`<script>{ALERT}</script>`\n```", 0, REFUSED, check=True),
    # files of the build machine
    page_case(16, "{download} of /etc/passwd", "files outside the log",
              "{download}`passwords <../../../../../../../../etc/passwd>`", 0, OUTSIDE, check=True),
    page_case(17, "Markdown link to /etc/passwd", "files outside the log",
              "[passwords](../../../../../../../../etc/passwd)", 0, OUTSIDE, check=True),
    page_case(18, "Markdown image of conf.py", "files outside the log",
              "![conf](../../conf.py)", 0, OUTSIDE, check=True),
    page_case(19, "{image} of /etc/hostname", "files outside the log",
              "```{image} /etc/hostname\n```", 0, OUTSIDE, check=True),
    page_case(20, "{figure} of /etc/passwd", "files outside the log",
              "```{figure} ../../../../../../../../etc/passwd\nA figure.\n```", 0, OUTSIDE, check=True),
    page_case(21, "{download} of a hidden file in the log", "files outside the log",
              "{download}`token <.token.txt>`", 0, "hidden", check=True),
    # URLs
    page_case(22, "eval-rst link to javascript:", "unsafe URLs",
              f"```{{eval-rst}}\n`plan <javascript:{ALERT}>`_\n```", 0, REFUSED, check=True),
    page_case(23, "image with a data: URL", "unsafe URLs",
              f"![{PAYLOAD}](data:image/png;base64,iVBORw0KGgo=)", 0, UNSAFE_URL, check=True),
    page_case(24, "Markdown link to javascript: (stays text)", "unsafe URLs",
              f"[plan](javascript:{ALERT})", None),
    page_case(25, "autolink to a data: URL (stays text)", "unsafe URLs",
              f"<data:text/html,<script>{ALERT}</script>>", 0, "<script>", check=True),
    Case("javascript: in a meeting's :minutes:", "unsafe URLs", "pages",
         {"docs/meetings/2020/2020-05-03-hostile.md":
          f"# Hostile\n\n```{{meeting}} Hostile\n:id: MTG-2020-05-03-hostile\n:date: 2020-05-03\n"
          f":minutes: javascript:{ALERT}\n```\n"},
         "docs/meetings/2020/2020-05-03-hostile.md:3", UNSAFE_URL, True, ("MTG-2020-05-03-hostile",)),
    # values shown as text
    replace(page_case(27, "HTML in a record title", "values shown as text", "Text.", None,
                      title=f"<img src=x onerror=\"{ALERT}\">"),
            shows=("decisions/2020/2020-05-01-case27", "&lt;img src=x onerror=")),
    replace(page_case(28, "HTML in a record's note and tags", "values shown as text", "Text.", None,
                      options=f":note: <script>{ALERT}</script>\n:tags: <b onclick=\"{ALERT}\">"),
            shows=("decisions/2020/2020-05-01-case28", "&lt;script&gt;alert(")),
    page_case(29, "javascript: in :refs:", "values shown as text", "Text.", None,
              options=f":refs: javascript:{ALERT}, RFC-243"),
    # records that cannot be published as they stand
    page_case(30, "a decision that supersedes itself", "record rules", "Text.", "record",
              "names itself in :supersedes:", check=True, options=":supersedes: DEC-2020-130"),
    # the file system: links committed into the log, files that are not there
    replace(page_case(31, "an image that is a link to /etc/passwd", "the file system",
                      "![d](diagram.png)", 0, LINKED, check=True),
            links=(("decisions/2020/diagram.png", "/etc/passwd"),)),
    replace(page_case(32, "a download through a folder that is a link to /etc", "the file system",
                      "{download}`groups <etcdir/group>`", 0, LINKED, check=True),
            links=(("decisions/2020/etcdir", "/etc"),)),
    Case("a records file that is a link to /etc/passwd", "the file system", "pages", {},
         "decisions/2020/zz.md:1", "is a symbolic link (to /etc/passwd)", True,
         links=(("decisions/2020/zz.md", "/etc/passwd"),)),
    Case("a records file that is a link to the build's environment", "the file system", "pages",
         {}, "actions/2020/zz-env.md:1", "is a symbolic link", True,
         links=(("actions/2020/zz-env.md", "/proc/self/environ"),)),
    page_case(33, "an image that is not there", "the file system", "![d](missing.png)", 0,
              MISSING, check=True),
    page_case(34, "a download that is not there", "the file system",
              "{download}`the minutes <minutes.pdf>`", 0, MISSING, check=True),
]


#: A case of the registries: `dmlog check` reports it too, unless check=False.
registry_case = partial(Case, check=True)


PEOPLE = "docs/registry/people.yaml"
MILESTONES = "docs/registry/milestones.yaml"
DOCUMENTS = "docs/registry/documents.yaml"
# The mini site's registries with more entries, each holding one bad value.
ENTRY_PEOPLE = f"""people:
  ann:
    name: Ann Author
    aliases: [Annie]
  bob:
    name: Bob Builder
  eve:
    name: <img src=x onerror="{ALERT}"> Eve
  fay:
    name: Fay Five
    aliases: 5
  gus:
    name: {{first: Gus}}
groups:
  team:
    name: The Team
    members: [ann, bob]
  crew:
    name: Crew </title><script>{ALERT}</script>
    members: [ann, {{x: y}}]
  rol:
    name: Rol {{need_count}}`True` in `code`
    members: [ann]
"""
ENTRY_DOCUMENTS = f"""documents:
  DMTN-085:
    title: QA Strategy Working Group Report
    url: https://dmtn-085.lsst.io/
  DMTN-666:
    title: A document
    url: javascript:{ALERT}
  DMTN-667:
    title: "[[copy('id', filter='{PAYLOAD} == 0 or True')]]"
"""
ENTRY_MILESTONES = f"""milestones:
  LDM-503-10a:
    title: LSP with authentication and TAP
    due: 2020-09-30
  LDM-503-11:
    title: A milestone
    due: 2019-13-01
  LDM-503-12:
    title: Another
    url: " data:text/html,<script>{ALERT}</script>"
  LDM-503-13:
    title: Quoted
    level: '"1" of 4: {{x}} #{PAYLOAD}'
"""
ENTRIES = {PEOPLE: ENTRY_PEOPLE, DOCUMENTS: ENTRY_DOCUMENTS, MILESTONES: ENTRY_MILESTONES}

REGISTRY_CASES = [
    registry_case("HTML in a person's name", "registry values", "entries", ENTRIES, None,
                  quiet=f"{PEOPLE}:7", shows=("docs/people/eve", "&lt;img src=x onerror=")),
    registry_case("HTML in a group's name", "registry values", "entries", ENTRIES, None,
                  quiet=f"{PEOPLE}:18", shows=("docs/people/crew", "&lt;/title&gt;&lt;script&gt;")),
    # a backtick in the title on the opening line of a ``` fence ends it: the page's
    # record would be text, its role run (the generated pages are not content)
    replace(registry_case("a role between backticks in a group's name", "registry values", "entries",
                          ENTRIES, None, quiet=f"{PEOPLE}:22",
                          shows=("docs/people/rol", "Rol {need_count}`True` in `code`")),
            records=("rol",)),
    registry_case("aliases: 5", "registry values", "entries", ENTRIES, f"{PEOPLE}:11",
                  "'aliases' must be a list of names"),
    registry_case("a name that is a mapping", "registry values", "entries", ENTRIES,
                  f"{PEOPLE}:13", "'name' must be one line of text"),
    registry_case("a member that is a mapping", "registry values", "entries", ENTRIES,
                  f"{PEOPLE}:20", "'members' must be a list of names"),
    replace(registry_case("a value starting with a quote", "registry values", "entries", ENTRIES,
                          None, quiet=f"{MILESTONES}:9",
                          shows=("docs/milestones/LDM-503-13", "&quot;1&quot; of 4: {x} #")),
            records=("LDM-503-13",)),
    registry_case("a dynamic function in a document's title", "registry values", "entries", ENTRIES,
                  f"{DOCUMENTS}:9", "sphinx-needs dynamic function"),
    registry_case("javascript: URL of a document", "unsafe URLs", "entries", ENTRIES,
                  f"{DOCUMENTS}:5", UNSAFE_URL),
    registry_case("data: URL of a milestone, after a space", "unsafe URLs", "entries", ENTRIES,
                  f"{MILESTONES}:8", UNSAFE_URL),
    registry_case("unquoted due: 2019-13-01", "registry files", "entries", ENTRIES,
                  f"{MILESTONES}:5", "bad date '2019-13-01'"),
    # one bad file per registry and build: a bad file stops that file's reading
    registry_case("alias bomb in aliases", "registry files", "files1", {PEOPLE: (
        "people:\n  ann:\n    name: Ann Author\n    aliases: &a [x, x, x, x, x, x, x, x]\n"
        "  bob:\n    name: Bob Builder\n    aliases: [*a, *a, *a, *a, *a, *a, *a, *a]\n")},
        f"{PEOPLE}:4", "anchors and aliases"),
    registry_case("a person keyed 12345:", "registry files", "files1", {MILESTONES: (
        "milestones:\n  LDM-503-10a:\n    title: LSP\n  12345:\n    title: Numbers\n")},
        f"{MILESTONES}:4", "the key '12345' is not text"),
    registry_case("an entry given twice", "registry files", "files1", {DOCUMENTS: (
        "documents:\n  DMTN-085:\n    title: QA\n  DMTN-085:\n    title: Again\n")},
        f"{DOCUMENTS}:4", "given twice (first on line 2)"),
    registry_case("a person keyed yes:", "registry files", "files2", {PEOPLE: (
        "people:\n  ann:\n    name: Ann Author\n  bob:\n    name: Bob\n  yes:\n    name: Yes\n")},
        f"{PEOPLE}:6", "the key 'yes' is not text"),
    registry_case("a registry that is not YAML", "registry files", "files2", {MILESTONES: (
        "milestones:\n  LDM-503-10a:\n    title: [LSP\n")}, f"{MILESTONES}:4", "not valid YAML"),
    registry_case("a registry over the size limit", "registry files", "files2", {DOCUMENTS: (
        "documents:\n  DMTN-085:\n    title: " + "x" * 1_000_001 + "\n")},
        f"{DOCUMENTS}:1", "larger than"),
    # empty registries are empty: the records that name their entries say so
    registry_case("an empty registry file", "registry files", "files3", {MILESTONES: ""},
                  "decisions/2020/2020-05-01-review.md:3", "unknown milestone 'LDM-503-10a'"),
    registry_case("a comment-only registry file", "registry files", "files3",
                  {DOCUMENTS: "# documents come later\n"},
                  "decisions/2020/2020-05-01-review.md:3", "unknown document 'DMTN-085'"),
]

CONFIG_CASES = [
    Case("dmlog_today = 20190301", "configuration", "files2",
         {"conf.py": "from dmlog.conf import *\nproject = 'Test log'\ndmlog_today = 20190301\n"},
         "conf.py:3", 'write dmlog_today = "YYYY-MM-DD"', check=True),
    Case("dmlog_today as a datetime.date", "configuration", "files3",
         {"conf.py": "import datetime\nfrom dmlog.conf import *\nproject = 'Test log'\n"
                     "dmlog_today = datetime.date(2020, 6, 15)\n"}, None, check=True),
    # a site page (site code) may use {eval-rst}; docutils' configuration stays the build's
    Case("a docutils.conf turning file insertion and raw output on", "configuration", "files3",
         {"docutils.conf": "[general]\nfile_insertion_enabled: 1\nraw_enabled: 1\n",
          "docs/inserted.md": "---\norphan: true\n---\n# Inserted\n\n```{eval-rst}\n"
                              ".. csv-table:: Team\n   :file: /etc/passwd\n```\n\n```{eval-rst}\n"
                              f".. raw:: html\n\n   <script>{ALERT}</script>\n```\n"},
         "docs/inserted.md:7", "File and URL access deactivated"),
]

CASES = PAGE_CASES + REGISTRY_CASES + CONFIG_CASES
ALL_RECORDS = ("DEC-2020-001", "ACT-2020-001", MEETING)
#: Files of the log the cases link to or download, which must be left alone.
HIDDEN = {"decisions/2020/.token.txt": "a token\n"}


#: A group's build, `dmlog check` of the same site, and what the scan found in the output.
Built = tuple[Build, Checked, list[str]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """The build of a group of cases, `dmlog check` of the same site and the scan of the
    output for hazards, made once for all cases of the group."""
    done: dict[str, Built] = {}

    def build(group: str) -> Built:
        if group not in done:
            site = copy_root("mini", tmp_path_factory.mktemp(group) / "site")
            for case in CASES:
                if case.build == group:
                    for name, text in case.files.items():
                        (site / name).write_text(text, encoding="utf-8")
                    for name, target in case.links:
                        (site / name).symlink_to(target)
            write(site, HIDDEN)
            check = dmlog(site, "check", "--format", "json")
            result = sphinx_build(site)
            done[group] = (result, check, published_hazards(result.outdir))
        return done[group]

    return build


# ids are "category / name": handbook/reliability.md counts the cases by category
@pytest.mark.parametrize("case", CASES, ids=[f"{c.category} / {c.name}" for c in CASES])
def test_catalogue_output(case: Case, built: Callable[[str], Built]) -> None:
    build, check, hazards = built(case.build)
    assert "Traceback" not in build.output and "Exception occurred" not in build.output, build.output
    assert "Traceback" not in check.stdout + check.stderr, check.stderr
    assert hazards == []
    if case.location is None:
        # harmless text: published, as text, with no problem where it is written
        places = [case.quiet + ":"] if case.quiet else [f"{name}:" for name in case.files]
        assert not [line for line in build.output.splitlines() if "WARNING" in line
                    and any(place in line for place in places)], build.output
    else:
        reported = [line for line in build.output.splitlines()
                    if f"{case.location}: WARNING" in line or f"{case.location}: ERROR" in line]
        assert reported, f"{case.location} not reported:\n{build.output}"
        assert any(case.message in line for line in reported), reported
        assert build.returncode != 0
    if case.shows[0]:
        page, html = case.shows
        assert html in build.html(page)
    if case.check:
        problems = json.loads(check.stdout)["problems"]
        at = [p for p in problems if case.location and
              case.location == f"{p['file']}:{p['line']}"]
        if case.location is None:
            assert not [p for p in problems if f"{p['file']}:{p['line']}" == case.quiet or
                        (not case.quiet and p["file"] in case.files)], problems
        else:
            assert any(case.message in p["message"] for p in at), problems
    if case.records and build.outdir.joinpath("needs.json").exists():
        assert set(case.records) <= set(build.needs), "a record of the case was lost"


def test_no_record_of_the_page_cases_is_lost(built: Callable[[str], Built]) -> None:
    """Refused content is removed from a record; the record itself is still published."""
    build, _, _ = built("pages")
    written = {record for case in PAGE_CASES for record in case.records} | set(ALL_RECORDS)
    assert written <= set(build.needs)


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The hazard scan is not vacuous: it finds each kind of hazard in a page."""
    write(tmp_path, {
        "a.html": f'<img src=x onerror="{ALERT}"><a href=" javascript:x">x</a>'
                  f"<script>{ALERT}</script>",
        "_downloads/abc/passwd": "root:x:0:0:root:/root:/bin/bash\n",
    })
    hazards = published_hazards(tmp_path)
    assert any("onerror=" in h for h in hazards) and any("<script>" in h for h in hazards)
    assert any("href=" in h for h in hazards) and any("/etc/passwd" in h for h in hazards)
    assert any("download the log did not plan" in h for h in hazards)
