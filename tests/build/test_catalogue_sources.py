"""A catalogue of bad (and tricky but valid) sources: `dmlog check` and the build must
agree on every case (the same file:line problems, or none), neither may crash, and
no record may vanish: every record written in a case's files is a record of the
site, or both tools report its line.

All cases live in one copy of the mini site, each in files of its own, so one build
and one check cover them all.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack

import pytest

from helpers import Build, copy_root, dmlog, sphinx_build

MEETING = "MTG-2020-05-01-review"


class RecordShape(TypedDict, total=False):
    """How a case's record is written: its type (decision), fence (```), options after
    the required ones, body ("The text.") and the indent of each line."""

    kind: str
    fence: str
    options: str
    body: str
    indent: str


def record(record_id: str, title: str = "A decision", **shape: Unpack[RecordShape]) -> str:
    """A record's text; the required options are given unless ``options`` replaces them."""
    kind, fence = shape.get("kind", "decision"), shape.get("fence", "```")
    if kind == "decision":
        required = f":id: {record_id}\n:status: adopted\n:date: 2021-01-01\n:meeting: {MEETING}\n"
    else:
        required = f":id: {record_id}\n:status: open\n:owner: ann\n:meeting: {MEETING}\n"
    text = (f"{fence}{{{kind}}} {title}\n{required}{shape.get('options', '')}\n"
            f"{shape.get('body', 'The text.')}\n{fence}\n")
    indent = shape.get("indent", "")
    return "".join(indent + line if line.strip() else line for line in text.splitlines(True))


@dataclass
class Case:
    name: str
    files: dict[str, str]
    #: (file, line) of every problem both tools must report; empty: a valid case
    problems: set[tuple[str, int]] = field(default_factory=set)
    #: symbolic links the case adds (path -> target), and named pipes (FIFOs)
    links: dict[str, str] = field(default_factory=dict)
    fifos: tuple[str, ...] = ()

    @property
    def paths(self) -> set[str]:
        return {*self.files, *self.links, *self.fifos, *(path for path, _ in self.problems)}


CASES: list[Case] = []


class CaseFiles(TypedDict, total=False):
    """Where a case is besides its own file: the file's ``path`` (a new decisions file),
    ``extra`` files, problems ``at`` lines of other files, symbolic ``links`` (path ->
    target), named pipes (``fifos``); ``heading``: False puts no heading before the text."""

    path: str
    extra: dict[str, str]
    at: dict[str, set[int]]
    links: dict[str, str]
    fifos: tuple[str, ...]
    heading: bool


def case(name: str, text: str, *lines: int, **where: Unpack[CaseFiles]) -> None:
    """A case: ``text`` in a file of its own, after a heading and a blank line (so its
    first line is line 3) unless ``heading`` is False."""
    number = len(CASES) + 1
    path = where.get("path") or f"decisions/2021/2021-01-01-case-{number:02d}.md"
    files = {path: f"# Case {number}\n\n{text}" if where.get("heading", True) else text,
             **where.get("extra", {})}
    problems = {(path, line) for line in lines}
    for other, others in where.get("at", {}).items():
        problems |= {(other, line) for line in others}
    CASES.append(Case(name, files, problems, where.get("links", {}), where.get("fifos", ())))


def n(number: int, kind: str = "DEC") -> str:
    """The ID of a case's record: each case numbers its own (year 2021)."""
    return f"{kind}-2021-{len(CASES) + 1:02d}{number}"


# --- records lost to fences, comments and nesting -------------------------------------------
case("a code sample closes the record early and swallows the next one",
     record(n(1), body="Run:\n```sh\nmake html\n```") + "\n" + record(n(2)), 15)
case("a fence line in a record's text (dmlog new --text)",
     record(n(1), body="before\n```\nafter") + "\n" + record(n(2)), 14)
case("a record in an HTML comment", "<!--\n" + record(n(1)) + "-->\n", 4)
case("a record nested in another", record(n(1), fence="````", body=record(n(2))), 9)
case("a record in a list item", "- item\n\n" + record(n(1), indent="  "), 5)
case("a record in a block quote", "".join("> " + line for line in record(n(1)).splitlines(True)), 3)
case("a record in a note", ":::{note}\n" + record(n(1)) + ":::\n", 4)
case("a record in an unknown directive", "````{foo}\n" + record(n(1)) + "````\n", 3, 4)
case("a record indented as code", record(n(1), indent="    "), 3)
case("a record after a fence left open", "```\ncode\n\n" + record(n(1)), 6)
case("a backtick in a title", record(n(1), title="Use `make`"), 3, 4)
case("a backtick in a title, colon fence", record(n(1), title="Use `make`", fence=":::"), 3)

# --- where records are written --------------------------------------------------------------
case("a records file whose name starts with _", record(n(1)), 3,
     path="decisions/2021/_draft.md")
case("a records file outside the year folders", record(n(1)), 3, path="decisions/loose.md")
case("a records file two folders deep", record(n(1)), 3, path="decisions/2021/01/x.md")
case("a decision in actions/", record(n(1)), 3, path="actions/2021/2021-01-01-wrong.md")
case("a decision on a page of docs/", record(n(1)), 3, path="docs/notes.md")
case("a decision in the generated docs/people/", record(n(1)), 3, path="docs/people/x.md")
case("records in a reStructuredText file", record(n(1)), 3, path="decisions/2021/2021-01-01-r.rst")

case("a meeting on a page outside docs/meetings/", record(n(1), kind="meeting").replace(
    ":status: open\n:owner: ann\n:meeting: MTG-2020-05-01-review\n", ":date: 2021-01-01\n").replace(
    n(1), "MTG-2021-01-01-loose"), 3, path="docs/loose-meeting.md")
case("a meeting page outside the year folders", record(n(1), kind="meeting").replace(
    ":status: open\n:owner: ann\n:meeting: MTG-2020-05-01-review\n", ":date: 2021-01-02\n").replace(
    n(1), "MTG-2021-01-02-flat"), 3, path="docs/meetings/flat.md")
case("an action in decisions/", record(n(1, "ACT"), kind="action"), 3)

# --- options --------------------------------------------------------------------------------
case("options in MyST's YAML block", "```{decision} T\n---\n" f"id: {n(1)}\nstatus: adopted\n"
     f"date: 2021-01-01\nmeeting: {MEETING}\n---\nText.\n```\n")
case("a quoted status", record(n(1), options=":tags: 'x'\n").replace(":status: adopted",
                                                                    ":status: 'adopted'"))
case("a value starting with a quote", record(n(1), options=':note: "quoted" then more\n'), 3, 8)
case("a value with a tab", record(n(1), options=":note:\tx\n"), 3, 8)
case("a value starting with #", record(n(1), options=":note: #1 priority\n"), 8)
case("a repeated option", record(n(1), options=":status: flagged\n"), 8)
case("a bare :hide:", record(n(1), options=":hide:\n"), 3)
case("an unknown option", record(n(1), options=":colour: blue\n"), 3)
case("an option of another type", record(n(1), options=":due: 2021-02-01\n"), 3)
case("an option in capitals", record(n(1), options=":Owner: ann\n"), 3)
case("options after a blank line", "```{decision} T\n\n" f":id: {n(1)}\n:status: adopted\n```\n", 3, 5)
case("a YAML block never closed", "```{decision} T\n---\n" f"id: {n(1)}\n```\n", 3)

# --- IDs ------------------------------------------------------------------------------------
case("a duplicate ID in one file", record(n(1)) + "\n" + record(n(1)), 12)
case("an ID used in another file", record("DEC-2020-001"), 3)
case("a malformed ID", record("DEC-21-1"), 3)
case("no ID", "```{decision} T\n:status: adopted\n```\n", 3)
case("an ID of four digits", record("DEC-2021-1000"))
case("a mention of a record with a four-digit ID", "See DEC-2021-1000.\n\n" + record(n(1)))
case("an ID given twice", record(n(1), options=f":id: {n(2)}\n"), 8)
case("a misspelt directive", record(n(1)).replace("{decision}", "{decison}"), 3)

# --- valid forms that must stay records -----------------------------------------------------
case("a colon fence", record(n(1), fence=":::"))
case("a tilde fence", record(n(1), fence="~~~"))
case("a longer fence around a code sample",
     record(n(1), fence="````", body="Run:\n```sh\nmake html\n```"))
case("a record indented by three spaces", record(n(1), indent="   "))
case("an example in a code block with a language", "````markdown\n" + record(n(1)) + "````\n")
case("an example in a code-block directive", "````{code-block} md\n" + record(n(1)) + "````\n")
case("a note inside a record", record(n(1), fence="````", body=":::{note}\nMind it.\n:::"))
case("a fence left open at the end of the file", record(n(1)).rstrip().removesuffix("```"))
case("Windows line endings", record(n(1)).replace("\n", "\r\n"))
case("a mention in code and a heading", "## About DEC-2099-001\n\nSee `DEC-2099-002`.\n\n"
     + record(n(1)))

# --- rules of the log -----------------------------------------------------------------------
case("a mention of an unknown record in a record", record(n(1), body="As DEC-2099-001 said."), 9)
case("a mention of an unknown record on the page", "See ACT-2099-001.\n\n" + record(n(1)), 3)
case("an empty title", record(n(1), title=""), 3)
case("a status not valid for a decision", record(n(1)).replace(":status: adopted", ":status: open"), 3)
case("an open action implementing a withdrawn decision",
     record(n(1)).replace(":status: adopted", ":status: withdrawn"),
     extra={"actions/2021/2021-01-01-withdrawn.md": "# Actions\n\n" + record(
         "ACT-2021-900", kind="action", options=f":decision: {n(1)}\n")},
     at={"actions/2021/2021-01-01-withdrawn.md": {3}})


# --- the file system is part of the input ---------------------------------------------------
case("a records file that is a link to /etc/passwd", "", at={"decisions/2021/zz.md": {1}},
     links={"decisions/2021/zz.md": "/etc/passwd"})
case("a records file that is a link to the build's environment", "",
     at={"actions/2021/zz-env.md": {1}}, links={"actions/2021/zz-env.md": "/proc/self/environ"})
case("a folder that is a link to /etc", "", at={"decisions/2021/etcdir": {1}},
     links={"decisions/2021/etcdir": "/etc"})
case("an image that is a link to /etc/passwd", record(n(1), body="![d](diagram.png)"), 9,
     at={"decisions/2021/diagram.png": {1}}, links={"decisions/2021/diagram.png": "/etc/passwd"})
case("a download through a folder that is a link", record(n(1), body="{download}`g <etc2/group>`"),
     9, at={"decisions/2021/etc2": {1}}, links={"decisions/2021/etc2": "/etc"})
case("a link to a file of the log", "", at={"decisions/2021/copy.md": {1}},
     links={"decisions/2021/copy.md": "2021-01-01-case-01.md"})
case("a named pipe (FIFO) named as a records file", "", at={"actions/2021/pipe.md": {1}},
     fifos=("actions/2021/pipe.md",))
case("records in a file named .MD", record(n(1)), 3, path="decisions/2021/2021-01-01-upper.MD")
case("records in a file named .markdown", record(n(1)), 3,
     path="decisions/2021/2021-01-01-long.markdown")
case("records in a file named .md.txt", record(n(1)), 3, path="decisions/2021/2021-01-01-t.md.txt")
case("records in a reStructuredText directive", f".. decision:: T\n   :id: {n(1)}\n", 3,
     path="decisions/2021/2021-01-01-directive.rst")
case("a file of unknown type in decisions/", "Notes.", 1, path="decisions/2021/notes.docx")
case("records in a hidden file", record(n(1, "ACT"), kind="action"), 3,
     path="actions/2021/.draft.md")
case("records in a hidden folder", record(n(1)), 3, path="decisions/2021/.drafts/2021-01-01-x.md")
case("a hidden folder", "", at={"decisions/2021/.cache": {1}}, path="decisions/2021/.cache/notes.txt")
case("an image that is not there", record(n(1), body="![d](missing.png)"), 9)
case("a download that is not there", record(n(1), body="{download}`the minutes <gone.pdf>`"), 9)
case("an image and a download that are there (and a .gitkeep)",
     record(n(1), body="![d](figure.png)\n\n{download}`data <data.csv>`"),
     extra={"decisions/2021/figure.png": "PNG", "decisions/2021/data.csv": "a,b\n",
            "decisions/2021/.gitkeep": ""})


# --- content is data: what the engine would run, read or change (issue 15) ---------------------
#: Python that leaves a mark if the build or the check ever runs it.
MARK = Path(tempfile.gettempdir()) / f"dmlog-catalogue-ran-{uuid.uuid4().hex}"
PYTHON = f"__import__('os').system('touch {MARK}') == 0 or True"
for directive in ("needtable", "needlist", "needextract"):
    case(f"a {{{directive}}} whose filter is Python", f"```{{{directive}}}\n:filter: {PYTHON}\n```\n", 3)
for directive in ("needpie", "needbar"):
    case(f"a {{{directive}}} whose filters are Python",
         f"```{{{directive}}} Chart\n:labels: a\n\n{PYTHON}\n```\n", 3)
case("the {need_count} role with Python", f"Open: {{need_count}}`{PYTHON}`.\n\n" + record(n(1)), 3)
case("a {needtable} whose body is Python",
     f"```{{needtable}}\n:filter-code:\n\nresults = [{PYTHON}]\n```\n", 3)
case("a {needtable} importing a filter function", "```{needtable}\n:filter-func: this.nothing\n```\n", 3)
case("front matter turning on substitutions, then one",
     "---\nmyst:\n  enable_extensions: [substitution]\n  substitutions:\n    x: 1\n---\n"
     "# Case\n\n{{ cycler.__init__.__globals__.os.system('touch " + str(MARK) + "') }}\n\n"
     + record(n(1)), 2, 9, heading=False)
case("a substitution in a record's title", record(n(1), title="Use {{ x }}"), 3)
case("a dynamic function in a record's option", record(n(1), options=':note: [[copy("id")]]\n'), 3)
case("a variant in a record's option", record(n(1), options=":note: <<x == 1:a, b>>\n"), 3)
case("{needimport} of a file of the machine", "```{needimport} file:///etc/passwd\n```\n", 3)
case("{needimport} of a URL", "```{needimport} http://127.0.0.1:9/needs.json\n```\n", 3)
case("{needextend} in a records file", record(n(1)) + f"\n```{{needextend}} {n(1)}\n"
     ":status: withdrawn\n```\n", 12)
case("{needextend} in a site page", "```{needextend} DEC-2020-001\n:status: withdrawn\n```\n", 3,
     path="docs/extend.md")
case("a decision in {eval-rst}", "```{eval-rst}\n.. decision:: Hidden\n   :id: DEC-2021-999\n```\n", 3)
case("a csv-table reading /etc/passwd in {eval-rst}", "```{eval-rst}\n.. csv-table:: Team\n"
     "   :file: ../../../../../../etc/passwd\n```\n", 3)
case("a {dmlog-table} filter naming an unknown field", "```{dmlog-table}\n:filter: stauts == open\n```\n", 3)
case("a {dmlog-table} filter 3,000 parentheses deep",
     "```{dmlog-table}\n:filter: " + "(" * 3000 + "open" + ")" * 3000 + "\n```\n", 3)
case("a role that is not allowed", "See {pep}`8`.\n\n" + record(n(1)), 3)
# MyST reads a directive's title and a code block's caption as Markdown: roles run, HTML is kept
case("a role and HTML in an admonition's title",
     f":::{{admonition}} Title {{need_count}}`{PYTHON}` <script>alert(1)</script>\nText.\n:::\n", 3)
case("a role and HTML in a code block's caption", "```{code-block} python\n"
     f":caption: Code {{need_count}}`{PYTHON}` <b onclick=alert(1)>b</b>\n\nx = 1\n```\n", 4)
case("HTML in a table's title", ":::{table} T <img src=x onerror=alert(1)>\n| a |\n|---|\n| 1 |\n:::\n", 3)
case("a role in the first line of a note (its text)", f"```{{note}} {{need_count}}`{PYTHON}`\n```\n", 3)
case("a link in a formula given as {math}'s argument", "```{math} \\href{javascript:alert(1)}{x}\n```\n", 3)
# str.splitlines ends a line at U+2028, FF, NEL...; MyST does not: the gate must blank the lines
# MyST reads, or a refused directive after such a line is left in the page the build reads
case("line separators before a refused directive",
     "Text" + "\u2028" * 6 + "more\n\n" + f"```{{needtable}}\n:filter: {PYTHON}\n```\n", 3, 5)
case("form feeds before a refused directive in a note", "::::{note}\nText" + "\x0c" * 6 + "more\n\n"
     + f"```{{needtable}}\n:filter: {PYTHON}\n```\n::::\n", 4, 6)
case("notes nested 600 deep: refused below 20, no traceback",
     "".join(":" * (603 - depth) + "{note}\n" for depth in range(600)) + "x {need}`DEC-2020-001`\n"
     + "".join(":" * (4 + depth) + "\n" for depth in range(600)), 23)
case("a formula setting a link, a style or loading an extension by other commands",
     '{math}`\\mmlToken{mi}[href="javascript:alert(1)"]{x}`\n\n{math}`\\bbox[position:fixed]{x}`\n\n'
     "```{math}\n\\require{action}\n```\n", 3, 5, 7)
case("a title and a caption with allowed Markdown stay quiet",
     ":::{admonition} A *fine* title, {need}`DEC-2020-001`\nText.\n:::\n\n"
     "```{code-block} python\n:caption: a < b, [docs](https://example.org)\n\nx = 1\n```\n")
case("an allowed admonition, code, math and a table stay quiet",
     record(n(1), fence="````", body=":::{note}\nMind **it**.\n:::\n\n```python\nx = 1\n```\n\n"
            "```{math}\ne = mc^2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "See {need}`DEC-2020-001` and {math}`x^2`."))

# --- what a later stage of the engine refuses: the gate says it first, at the same line --------
case("a code block in a language the build does not know", "```nosuchlang\nx = 1\n```\n", 3)
case("a code block its language's lexer cannot read", "```python\na $ b ?\n```\n", 3)
case("a {code-block} in an unknown language, in a record",
     record(n(1), fence="````", body="```{code-block} nolang\nx\n```"), 9)
case("code blocks the build reads quietly", "```\na $ b ?\n```\n\n```text\n$ ?\n```\n\n"
     "```{code-block} python\n:force:\n\na $ b ?\n```\n\n    indented $ ?\n")

# option values and shapes docutils, Sphinx or MyST refuse (at the option's line when it is the value)
PNG = {"decisions/2021/fig2.png": "PNG"}
case("a {list-table} with more widths than columns",
     "```{list-table}\n:widths: 1 2 3\n\n* - a\n  - b\n```\n", 3)
case("a {list-table} whose widths are not numbers", "```{list-table}\n:widths: a b\n\n* - a\n  - b\n```\n", 4)
case("a {list-table} whose rows differ", "```{list-table}\n* - a\n  - b\n* - c\n```\n", 3)
case("a {list-table} whose header rows are all its rows",
     "```{list-table}\n:header-rows: 1\n\n* - a\n  - b\n```\n", 3)
case("a {table} with more widths than columns, and one with a paragraph too",
     "```{table}\n:widths: 1 2 3\n\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n"
     "```{table}\nText.\n\n| a |\n|---|\n| 1 |\n```\n", 3, 11)
case("an image whose width is no length, and one aligned top",
     "```{image} fig2.png\n:width: huge\n```\n\n```{image} fig2.png\n:align: top\n```\n", 4, 8, extra=PNG)
case("a {figure} whose text starts with a list", "```{figure} fig2.png\n- a\n```\n", 3, extra=PNG)
case("a {code} with options only {code-block} takes", "```{code} python\n:caption: C\n\nx = 1\n```\n", 3)
case("a code block emphasising lines it does not have, and one dedented into its text",
     "```{code-block} python\n:emphasize-lines: 9\n\nx = 1\n```\n\n"
     "```{code-block} python\n:dedent: 4\n\n  x = 1\n```\n", 3, 9)
case("an empty note, and an admonition without a title",
     "```{note}\n```\n\n```{admonition}\nText.\n```\n", 3, 6)
case("a class that is no class name, and a '#' in a note's options",
     "```{note}\n:class: 123\n\nText.\n```\n\n```{note}\n:class: a # b\n\nText.\n```\n", 4, 10)
case("a note whose text is all refused", ":::{note}\n```{needlist}\n```\n:::\n", 4)
case("tables, figures and code blocks with options the engine accepts",
     "```{list-table} T\n:widths: 1, 2\n:header-rows: 1\n:align: center\n\n"
     "* - a\n  - b\n* - 1\n  - 2\n```\n\n"
     "```{table} T\n:widths: grid\n\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n"
     "```{figure} fig2.png\n:width: 50%\n:align: Center\n:class: wide\n\nThe caption.\n```\n\n"
     "```{code-block} python\n:caption: Code\n:linenos:\n:emphasize-lines: 1, 2-\n:dedent:\n\n"
     "  x = 1\n  y = 2\n```\n\n"
     "```{note} A note\n```\n", extra=PNG)

# references: what the site does not have is said by both, at the reference's line
case("a {doc} to a page the site does not have, in text and in a record",
     "See {doc}`nowhere/page`.\n\n" + record(n(1), body="And\n{doc}`nope`."), 3, 12)
case("a {need} to an unknown record, on the second line of a paragraph and in a record",
     "A {need}`text <DEC-2020-001>` and\na {need}`DEC-2098-001`.\n\n"
     + record(n(1), body="{need}`ACT-2097-001`"), 4, 12)
case("links to a page and a file the log does not have",
     "[a](missing-file.md) and\n\n[b](missing.pdf)\n", 3, 5)
case("a {ref}, whose labels only the whole site knows", "See {ref}`genindex`.\n", 3)
case("references to what the site has",
     "{doc}`/docs/index`, {doc}`../../docs/people/ann`, {need}`ann`, {need}`DEC-2020-001`, "
     f"[a page](../../docs/index.md), [a file](fig2.png), [this page](#case-{len(CASES) + 1})\n", extra=PNG)

case("a link to a heading this page or another content page does not have, and to a record",
     "## A heading\n\n[a](#a-heading) [b](#no-heading)\n\n[c](2021-01-01-case-01.md#case-1) "
     "[d](2021-01-01-case-01.md#nope)\n\n[e](#DEC-2020-001)\n", 5, 7, 9)
case("labels, which only the whole site can tell apart: a target, a :name:, a formula's :label:",
     "(here)=\n## Here\n\n```{note}\n:name: there\n\nText.\n```\n\n```{math}\n:label: eq\n\nx\n```\n",
     3, 6, 12)

case("footnotes: one not defined, one defined twice, one never referenced",
     "A[^1], B[^none].\n\n[^1]: One.\n[^1]: Again.\n\n[^2]: Unused.\n", 3, 6, 8)
case("horizontal rules, which docutils refuses next to each other or ending a section",
     "Text.\n\n---\n\n***\n", 5, 7)
case("a footnote referenced and defined in a record stays quiet",
     record(n(1), body="Text[^a].\n\n[^a]: A note."))

# --- text -----------------------------------------------------------------------------------
case("an ID in full-width digits", record("DEC-\uff12\uff10\uff12\uff11-\uff19\uff12\uff16"), 3)
case("an ID with a zero-width space", record(n(1) + "\u200b"), 3)
case("an ID with a right-to-left override", record("DEC-2021-\u202e" + n(1)[-3:]), 3)
case("a year folder in full-width digits", record(n(1)), 3,
     path="decisions/\uff12\uff10\uff12\uff11/2021-01-01-wide.md")
case("an escape sequence in a title", record(n(1), title="Colour \x1b[31mred"), 3)
case("a vertical tab in a record's text", record(n(1), body="One\x0btwo"), 9)
case("a form feed in an option", record(n(1), options=":note: a\x0cb\n"), 8)
case("a control character on a page", "Notes\x00.\n\n" + record(n(1)), 3)
case("a right-to-left override in a title", record(n(1), title="Adopt \u202egnp.exe"), 3)
case("a zero-width joiner in an option", record(n(1), options=":tags: a\u200db\n"), 3)
case("a line separator in a title", record(n(1), title="One\u2028two"), 3)
case("a file that is not UTF-8", record(n(1), title="Caf\udce9"), 3)
case("accents, Greek and a right-to-left quotation in the text (valid)",
     record(n(1), title="\u00c9tude of \u03b1 Cen", body="\u05e9\u05dc\u05d5\u05dd \u200f(RLM in text)"))

# MyST's report of a directive it does not know ({foo}) is about Markdown, not records; the
# records inside one are reported by both tools.
LOCATION = re.compile(r"^(?:.*?/site/)?(?P<path>(?:decisions|actions|docs)/[^\s:]+):(?P<line>\d+): "
                      r"(?:WARNING|ERROR|CRITICAL): (?!.*\[myst\.directive_unknown\]$)", re.M)
RECORD_LINE = re.compile(r"^[ \t>*+\-\d.)]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{(decision|action|meeting)\}")


@dataclass
class Results:
    site: Path
    build: Build
    build_problems: set[tuple[str, int]]
    check_code: int
    check_output: str
    check_problems: set[tuple[str, int]]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    site = copy_root("mini", tmp_path_factory.mktemp("catalogue") / "site")
    for item in CASES:
        for name, text in item.files.items():  # as given: CR LF, ends, bytes not UTF-8
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(text.encode("utf-8", "surrogateescape"))
        for name, target in item.links.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).symlink_to(target)
        for name in item.fifos:
            os.mkfifo(site / name)
    build = sphinx_build(site)
    check = dmlog(site, "check", "--format", "json")
    found = json.loads(check.stdout)["problems"] if check.stdout.startswith("{") else []
    return Results(site, build,
                   {(m["path"], int(m["line"])) for m in LOCATION.finditer(build.output)},
                   check.returncode, check.stdout + check.stderr,
                   {(p["file"], p["line"]) for p in found})


def test_the_catalogue_has_enough_cases() -> None:
    assert len(CASES) >= 45
    assert len({c.name for c in CASES}) == len(CASES)


def test_neither_tool_crashes_and_both_fail(results: Results) -> None:
    assert "Traceback" not in results.build.output and "Traceback" not in results.check_output
    assert results.build.returncode != 0 and results.check_code == 1


@pytest.mark.parametrize("item", CASES, ids=[c.name for c in CASES])
def test_check_and_build_agree(results: Results, item: Case) -> None:
    mine = item.paths
    by_build = {p for p in results.build_problems if p[0] in mine}
    by_check = {p for p in results.check_problems if p[0] in mine}
    assert by_check == by_build, (sorted(by_check), sorted(by_build))
    assert by_check == item.problems, results.check_output


@pytest.mark.parametrize("item", CASES, ids=[c.name for c in CASES])
def test_no_record_is_lost(results: Results, item: Case) -> None:
    """Every record line of the case is a record of the site, or both tools report it."""
    needs = results.build.needs
    built = {(n["docname"], n["lineno"]) for n in needs.values()}
    for name, text in item.files.items():
        docname = name.rsplit(".", 1)[0]
        for number, line in enumerate(text.splitlines(), 1):
            if not RECORD_LINE.match(line) or "````markdown" in text or "{code-block}" in text:
                continue
            assert (docname, number) in built or (name, number) in (
                results.check_problems & results.build_problems), (name, number)


def test_no_content_ran_code(results: Results) -> None:
    """Neither `dmlog check` nor the build ran the Python the cases hold, and a site
    page's {needextend} changed no record."""
    assert not MARK.exists()
    assert results.build.needs["DEC-2020-001"]["status"] == "adopted"


#: A warning of dmlog's in the build's output: where, what, and which step said it.
DMLOG_WARNING = re.compile(r"^(?:.*?/site/)?(?P<path>[^\s:]+):(?P<line>\d+): (?:WARNING|ERROR): "
                           r"(?P<message>.*) \[dmlog\.(?P<step>[a-z]+)\]$", re.M)


def test_check_and_build_report_the_same_problems(results: Results) -> None:
    """The build calls the rules `dmlog check` calls (dmlog.log.check): every problem
    of the catalogue is said by both, in the same words at the same line; the build
    adds only what a build alone can see (a record sphinx-needs refused)."""
    found = json.loads(results.check_output.split("\ndmlog check:")[0])["problems"]
    by_check = {(p["file"], p["line"], p["message"]) for p in found}
    warnings = [m for m in DMLOG_WARNING.finditer(results.build.output)]
    by_build = {(m["path"], int(m["line"]), m["message"]) for m in warnings
                if m["step"] in ("check", "content")}
    assert len(by_check) > 60  # the catalogue's cases, each a problem or more
    assert by_check - by_build == set()
    assert by_build - by_check == set()
    assert {m["step"] for m in warnings} <= {"check", "content", "source", "mention", "table"}
