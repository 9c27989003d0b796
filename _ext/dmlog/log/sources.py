"""The log's source files read without Sphinx: the records written as MyST
directives in decisions/, actions/ and docs/, and the registries' YAML.

The files are read with MyST's own Markdown parser (myst-parser's markdown-it
configuration for the site's ``myst_enable_extensions``) and directive options with
MyST's own option tokenizer, so that ``dmlog check``, ``list`` and the edits see
exactly the directives, fences, nesting and options the build sees. The build reads
the sources with this module too (:mod:`dmlog.sphinxext.reconcile`), so both apply
the rules of :func:`form_problems` to the same records.

Edits change only the lines that must change and keep every other byte.
"""

from __future__ import annotations

import collections
import difflib
import functools
import re
import sys
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.options import TokenizeError, options_to_tokens

from dmlog import schema
from dmlog.log import characters, registries, tree, typepages
from dmlog.log.model import Record
from dmlog.log.problems import LogError, Problem

#: The Markdown extensions of the dmlog preset (dmlog.conf), when a site sets none.
DEFAULT_EXTENSIONS = ("colon_fence", "deflist", "linkify")
#: Options sphinx-needs itself gives every record.
CORE_OPTIONS = ("id", "status", "tags", "collapse", "hide", "layout", "style")
#: Directives whose content is not Markdown: a record written in one is not a record.
#: How deep directives may be nested in a page: the gate refuses deeper ones, so the
#: reader does not read further down either (each level is parsed again: a page of
#: 600 nested notes took 18 s to read).
MAX_NESTING = 20
LITERAL_DIRECTIVES = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "literalinclude", "include", "raw",
    "math", "csv-table", "mermaid", "graphviz", "graph", "digraph", "uml", "plantuml",
    "needuml", "toctree", "dmlog-toctree", "dmlog-view", "dmlog-table", "eval-rst", "highlight",
})
_RECORD_LINE = tree.RECORD_LINE

#: A line that may open a fence (only a body with one can hold a directive).
#: the directives that include pages in the site (which pages a record may be on)
TOCTREE_DIRECTIVES = ("toctree", "dmlog-toctree")
FENCE_START = re.compile(r"^[ \t>*+\-0-9.)]*(?:`{3,}|~{3,}|:{3,})", re.M)
#: An option line MyST's tokenizer reads as ``key: plain text`` (checked against it in
#: the tests); anything else (quotes, comments, tabs, YAML syntax) goes to the tokenizer.
_PLAIN_OPTION = re.compile(r"([\w-]+):(?:[ ]+([\w(/.<=+$][^\t#\r\n]*?))?[ ]*")


@dataclass
class Directive:
    """A directive as MyST reads it: its name, argument, options and body."""

    name: str
    argument: str
    line: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence (or the file's last line)
    options: dict[str, str]
    option_lines: dict[str, int]
    body: str
    body_line: int  # 1-based line of the body's first line
    depth: int  # 0 at the top level of the page; more inside lists, quotes, directives
    problems: list[Problem] = field(default_factory=list)
    #: (line, why) of what MyST cannot read in the options of a directive that is not a record
    unread_options: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class SourceRecord:
    """A record directive as it stands in its file."""

    record: Record
    option_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    depth: int = 0


@dataclass
class SourceFile:
    path: Path
    relpath: str
    _lines: list[str] | None  # with their line endings, as read (None: read on demand)
    records: list[SourceRecord]
    directives: list[Directive] = field(default_factory=list)
    orphan: bool = False  # front matter says ``orphan: true``
    #: every record ID written anywhere in the file (mentions, records, code)
    ids: frozenset[str] = frozenset()
    #: whether the text holds sphinx-needs' {need} role (whose targets the mention pass reads)
    need_role: bool = False

    def __post_init__(self) -> None:
        if self._lines is not None:  # a reading of the text: what a slim one keeps of it
            text = "".join(self._lines)
            self.ids = self.ids or frozenset(m[0] for m in schema.LOGGED_ID.finditer(text))
            self.need_role = _NEED_ROLE in text

    @property
    def lines(self) -> list[str]:
        if self._lines is None:  # a slim reading (see :meth:`slim`): the file is unchanged
            self._lines = read_text(self.path, self.relpath).splitlines(keepends=True)
        return self._lines

    @lines.setter
    def lines(self, value: list[str]) -> None:
        self._lines = value

    @property
    def docname(self) -> str:
        return self.relpath.rsplit(".", 1)[0]

    def slim(self) -> SourceFile:
        """What a build keeps of this reading between runs: the records and where they
        are, the toctrees, the IDs it names, whether it uses {need}; not the text (read again from the
        unchanged file if needed), which made the build's cache as large as the log."""
        return SourceFile(
            self.path, self.relpath, None,
            [SourceRecord(item.record, item.option_lines, "", item.depth) for item in self.records],
            [d for d in self.directives if d.name in TOCTREE_DIRECTIVES],
            self.orphan, self.ids, self.need_role)


def find_root(start: Path | None = None) -> Path:
    """The project: the nearest folder, from ``start`` up, holding conf.py."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").exists():
            return folder
    raise LogError(str(here), 0, "not inside a dmlog project (no conf.py here or above); "
                      "run dmlog from the log's repository or pass --root")


def read_text(path: Path, relpath: str) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise LogError(relpath, line, "is not UTF-8 text (byte "
                          f"0x{err.object[err.start]:02x}); save the file as UTF-8") from None
    except OSError as err:
        raise LogError(relpath, 0, f"cannot be read: {err.strerror}") from None


@functools.lru_cache(maxsize=8)
def markdown_parser(extensions: tuple[str, ...] = DEFAULT_EXTENSIONS,
                    inline: bool = False) -> MarkdownIt:
    """MyST's parser for these extensions; by default only its block level (records
    are blocks; only mentions of records need the text of paragraphs)."""
    try:
        config = MdParserConfig(enable_extensions=set(extensions))
    except (TypeError, ValueError):  # an extension this myst-parser does not know
        config = MdParserConfig(enable_extensions=set(DEFAULT_EXTENSIONS))
    md = create_md_parser(config, RendererHTML)
    if not inline:
        md.core.ruler.disable(["inline", "linkify", "replacements", "smartquotes", "text_join"],
                              True)
    return md


#: How much text (in characters) :func:`_tokens` keeps the token streams of.
_TOKENS_KEPT_CHARS = 1_000_000
_kept_tokens: collections.OrderedDict[tuple[MarkdownIt, str],
                                      tuple[tuple[Token, ...], dict[str, Any]]] = collections.OrderedDict()
_kept_chars = 0


def parsed(md: MarkdownIt, text: str) -> tuple[tuple[Token, ...], dict[str, Any]]:
    """``md.parse(text, env)``: the tokens, and the env it fills (the page's link
    definitions), kept for the next reading of the same text in this process: the
    build's gate reads each page with the parse the reader made of it, and a command
    that writes reads the log again after (``dmlog new person`` twice), most of its
    pages unchanged. Keyed by the text itself, so a changed file is parsed again
    however it changed; the tokens and env are only read, never changed."""
    global _kept_chars
    key = (md, text)
    if (kept := _kept_tokens.get(key)) is not None:
        _kept_tokens.move_to_end(key)
        return kept
    env: dict[str, Any] = {}
    result = tuple(md.parse(text, env)), env
    if len(text) <= _TOKENS_KEPT_CHARS // 10:  # a huge page would push out all the rest
        _kept_tokens[key] = result
        _kept_chars += len(text)
        while _kept_chars > _TOKENS_KEPT_CHARS:
            (_, oldest), _ = _kept_tokens.popitem(last=False)
            _kept_chars -= len(oldest)
    return result


def forget_parsed() -> None:
    """Drop every parse kept by :func:`parsed`. The build reads each page once (its
    reading and its gate share one parse) and forgets the parse then: kept, the last
    pages' token streams held 6 MB at 5,000 records until the build ended."""
    global _kept_chars
    _kept_tokens.clear()
    _kept_chars = 0


def _tokens(md: MarkdownIt, text: str) -> tuple[Token, ...]:
    return parsed(md, text)[0]


def parse_file(path: Path, root: Path, extensions: Iterable[str] = DEFAULT_EXTENSIONS,
               ) -> tuple[SourceFile, list[Problem]]:
    """The records of one Markdown file, and the problems of their form."""
    relpath = path.relative_to(root).as_posix() if path.is_absolute() else path.as_posix()
    return parse_text(read_text(path, relpath), path, relpath, extensions)


def parse_text(text: str, path: Path, relpath: str, extensions: Iterable[str] = DEFAULT_EXTENSIONS,
               md: MarkdownIt | None = None) -> tuple[SourceFile, list[Problem]]:
    """Read one page as MyST does; its records and the problems of their form.

    ``md``: the parser to read it with, if not MyST's block level for ``extensions``
    (the build reads a page with the parser the gate reads it with: one parse for both)."""
    md = md or markdown_parser(tuple(sorted(extensions)))
    lines = text.splitlines(keepends=True)
    directives: list[Directive] = []
    examples: list[tuple[int, int]] = []  # code blocks with a language: examples
    hiding: list[tuple[int, int, str]] = []  # blocks that hide a record from MyST
    problems: list[Problem] = []
    orphan = False
    tokens = _tokens(md, text)
    if tokens and tokens[0].type == "front_matter":
        orphan = bool(re.search(r"^orphan:\s*(true|yes)?\s*$", tokens[0].content, re.M))
    _DirectiveWalk(md, relpath, directives, examples, hiding).walk(tokens)
    records = []
    for directive in directives:
        problems += directive.problems
        if directive.name in schema.TYPES:
            record, found = _record(directive, relpath)
            problems += found
            if record is not None:
                records.append(record)
        elif close := difflib.get_close_matches(directive.name, schema.TYPES, n=1, cutoff=0.8):
            problems.append(Problem(relpath, directive.line, f"unknown directive "
                                    f"{{{directive.name}}}: did you mean {{{close[0]}}}?"))
    problems += _unread_records(lines, {d.line for d in directives}, examples, hiding, relpath)
    problems += [Problem(relpath, number, characters.line_problem(char))
                 for number, char in characters.control_lines(text)]
    source = SourceFile(path, relpath, lines, records, directives, orphan)
    return source, problems


@dataclass
class _DirectiveWalk:
    """Collects the directives of a page's token stream, recursing into Markdown bodies,
    and the blocks around them: code blocks with a language (``examples``) and blocks
    that hide a record from MyST (``hiding``: start, end, what)."""

    md: MarkdownIt
    relpath: str
    directives: list[Directive]
    examples: list[tuple[int, int]]
    hiding: list[tuple[int, int, str]]

    def walk(self, tokens: Iterable[Token]) -> None:
        """Each directive in the order MyST meets it: a directive's body is read before
        what follows it. Without recursion: records nest as deep as an author writes."""
        # the token streams being read, innermost last: (tokens, lines before them, depth)
        reading: list[tuple[Iterator[Token], int, int]] = [(iter(tokens), 0, 0)]
        while reading:
            stream, offset, depth = reading[-1]
            token = next(stream, None)
            if token is None:
                reading.pop()
            elif token.map is not None and (body := self.block(token, offset, depth)) is not None:
                reading.append(body)

    def block(self, token: Token, offset: int, depth: int) -> tuple[Iterator[Token], int, int] | None:
        """Note a block; the tokens of a directive's body to read next, if it may hold one."""
        assert token.map is not None
        start, end = token.map[0] + offset + 1, token.map[1] + offset
        if token.type == "html_block":
            self.hiding.append((start, end, f"an HTML block (a comment?) starting on line {start}"))
        elif token.type == "code_block":
            self.hiding.append((start, end, f"a code block indented by four spaces on line {start}"))
        if token.type not in ("fence", "colon_fence"):
            return None
        parts = token.info.strip().split(maxsplit=1)
        name = parts[0] if parts else ""
        if not (name.startswith("{") and name.endswith("}") and len(name) > 2):
            if name and token.type == "fence":
                self.examples.append((start, end))
            elif token.type == "fence":
                self.hiding.append((start, end, f"a code block opened on line {start} "
                                    f"with {token.markup} and no language"))
            return None
        directive = read_directive(token, name[1:-1], start, end, depth + token.level, self.relpath)
        self.directives.append(directive)
        if directive.name in LITERAL_DIRECTIVES:
            self.examples.append((start, end))
        elif FENCE_START.search(directive.body) and directive.depth < MAX_NESTING:  # else none inside
            return iter(_tokens(self.md, directive.body)), directive.body_line - 1, directive.depth + 1
        return None


def read_directive(token: Token, name: str, start: int, end: int, depth: int, relpath: str) -> Directive:
    """Split a directive's content into options and body as MyST does, with the line
    of each option (both the ``:key: value`` and the ``---`` YAML block forms); its
    argument is what follows the name on the opening line."""
    parts = token.info.strip().split(maxsplit=1)
    argument = parts[1] if len(parts) > 1 else ""
    content = token.content
    # lines as markdown-it ends them, at LF only (splitlines also ends one at U+2028, FF...)
    content_lines = content.removesuffix("\n").split("\n") if content else []
    problems: list[Problem] = []
    block: list[str] | None = None
    first_option_line = start + 1
    used = 0  # lines before the body
    if content.startswith("---"):
        first_option_line = start + 2
        for index, line in enumerate(content_lines[1:]):
            if line.startswith("---"):
                block = content_lines[1:index + 1]
                used = index + 2
                break
        else:
            block, used = content_lines[1:], len(content_lines)
    elif content.lstrip().startswith(":"):
        block = []
        for line in content_lines:
            stripped = line.lstrip()
            if not stripped.startswith(":") or stripped.startswith(":::"):
                break
            block.append(stripped[1:])
        used = len(block)
    options: dict[str, str] = {}
    option_lines: dict[str, int] = {}
    unread: list[tuple[int, str]] = []
    if block is not None and name in schema.TYPES:
        options, option_lines = _options(block, first_option_line, name, relpath, problems, start)
    elif block:  # another directive's options, as MyST reads them (for the gate)
        options, option_lines, unread = _other_options(block, first_option_line)
    body_lines = content_lines[used:]
    body_line = start + 1 + used
    if body_lines and not body_lines[0].strip():
        body_lines, body_line = body_lines[1:], body_line + 1
    return Directive(name, argument.strip(), start, end, options, option_lines,
                     "\n".join(body_lines), body_line, depth, problems, unread)


def _options(block: list[str], first_line: int, kind: str, relpath: str,
             problems: list[Problem], record_line: int) -> tuple[dict[str, str], dict[str, int]]:
    text = "\n".join(block)
    if text[:1].isspace():
        text = textwrap.dedent(text)
    plain = [_PLAIN_OPTION.fullmatch(line) for line in text.splitlines()]
    if all(plain):
        return _plain_options([m for m in plain if m], first_line, kind, relpath, problems,
                              record_line)
    try:
        tokens, state = options_to_tokens(text)
    except TokenizeError as err:
        problems.append(Problem(relpath, first_line + err.problem_mark.line, (
            f"the options of this {kind} cannot be read ({err.problem}): write each as "
            "':key: value' on its own line, and quote a value that starts with a quote, "
            "a tab, '#', '[' or '{' in double quotes")))
        return {}, {}
    if state.has_comments:
        line = first_line + (state.comment_lines[0] if state.comment_lines else 0)
        problems.append(Problem(relpath, line, (
            "'#' starts a comment in a record's options, and the rest of the line is lost: "
            "put the value in double quotes, or move the comment into the record's text")))
    return _collect([(key.value, key.start.line, value.value if value is not None else "")
                     for key, value in tokens], first_line, kind, relpath, problems, record_line)


def _plain_options(matches: list[re.Match[str]], first_line: int, kind: str, relpath: str,
                   problems: list[Problem], record_line: int) -> tuple[dict[str, str], dict[str, int]]:
    """The fast path of :func:`_options`: every line is ``key: plain text``."""
    return _collect([(m[1], index, m[2] or "") for index, m in enumerate(matches)],
                    first_line, kind, relpath, problems, record_line)


def _other_options(block: list[str], first_line: int) -> tuple[dict[str, str], dict[str, int],
                                                               list[tuple[int, str]]]:
    """The options of a directive that is not a record, the line of each, and (line,
    why) of what MyST would warn about in them (unreadable options are none)."""
    text = "\n".join(block)
    try:
        tokens, state = options_to_tokens(textwrap.dedent(text) if text[:1].isspace() else text)
    except TokenizeError as err:
        return {}, {}, [(first_line + err.problem_mark.line, (
            f"the options cannot be read ({err.problem}): write each as ':key: value' on its "
            "own line, and quote a value that starts with a quote, '[' or '{' in double quotes"))]
    unread = [(first_line + (state.comment_lines[0] if state.comment_lines else 0), (
        "'#' starts a comment in a directive's options, and the rest of the line is lost: "
        "put the value in double quotes"))] if state.has_comments else []
    return ({key.value: value.value if value is not None else "" for key, value in tokens},
            {key.value: first_line + key.start.line for key, _ in tokens}, unread)


def plain_option(line: str) -> tuple[str, str] | None:
    """(key, value) of an option line the fast path reads, else None (for the tests)."""
    match = _PLAIN_OPTION.fullmatch(line)
    return (match[1], match[2] or "") if match else None


def _collect(items: list[tuple[str, int, str]], first_line: int, kind: str, relpath: str,
             problems: list[Problem], record_line: int) -> tuple[dict[str, str], dict[str, int]]:
    options: dict[str, str] = {}
    option_lines: dict[str, int] = {}
    allowed = _allowed_options(kind)
    for name, offset, value in items:
        # a log repeats its option names, statuses, dates and IDs thousands of times:
        # one string each (the build keeps every reading, and pickles it for the next)
        key = sys.intern(name)
        number = first_line + offset
        if key not in allowed:  # at the record's line, where sphinx-needs reports it too
            problems.append(Problem(relpath, record_line, (
                f"unknown option :{key}: (line {number}) for {schema.a(kind)}; "
                f"use one of {', '.join(sorted(allowed))}")))
        if key in options:
            problems.append(Problem(relpath, number, f"option :{key}: is given twice "
                                    f"(first on line {option_lines[key]}); keep one"))
        options[key] = sys.intern(value.strip())
        option_lines[key] = number
    return options, option_lines


@functools.cache
def _allowed_options(kind: str) -> frozenset[str]:
    return frozenset(schema.TYPES[kind].options) | frozenset(CORE_OPTIONS)


def _record(directive: Directive, relpath: str) -> tuple[SourceRecord | None, list[Problem]]:
    kind, start = sys.intern(directive.name), directive.line
    options = dict(directive.options)
    problems: list[Problem] = []
    record_id = options.pop("id", "")
    if not record_id:
        example = schema.TYPES[kind].id_example
        problems.append(Problem(relpath, start, f"this {kind} has no :id:; add an ID like "
                                f"':id: {example}' (`dmlog new` picks the next free one)"))
        return None, problems
    if "`" in directive.argument:
        problems.append(Problem(relpath, start, f"the title of {record_id} has a backtick (`), "
                                "which sphinx-needs cannot show in a title: write the title "
                                "without backticks (code may go in the record's text)"))
    if directive.depth:
        problems.append(Problem(relpath, start, f"{record_id} is written inside another block "
                                "(a list item, a quote or another directive): write every record "
                                "at the top level of its file, with its fence at the line's start"))
    record = Record(kind, record_id, directive.argument, relpath, start, options)
    return SourceRecord(record, directive.option_lines, directive.body, directive.depth), problems


def _unread_records(lines: list[str], read: set[int], examples: list[tuple[int, int]],
                    hiding: list[tuple[int, int, str]], relpath: str) -> Iterator[Problem]:
    """Lines that open a record but that MyST does not read as one: a record lost
    unless it is an example in a code block with a language."""
    for index, line in enumerate(lines):
        if "{" not in line or (match := _RECORD_LINE.match(line)) is None:
            continue
        number = index + 1
        if number in read or any(a < number <= b for a, b in examples):
            continue
        if line.lstrip(" \t>*+-0123456789.)").startswith("`") and "`" in line[match.end():]:
            yield Problem(relpath, number, (
                f"this {{{match[1]}}} is not read as a record: its title has a backtick (`), "
                "which ends a ``` fence's first line in Markdown; write the title without "
                "backticks (code may go in the record's text)"))
            continue
        where = next((why for a, b, why in sorted(hiding, key=lambda h: h[1] - h[0])
                      if a <= number <= b), "a place where MyST does not read directives")
        yield Problem(relpath, number, (
            f"this {{{match[1]}}} is not read as a record: it is inside {where}, so the build "
            "would drop it; close that block before the record (a record whose text shows "
            "code needs a longer fence around it, e.g. ````{" + match[1] + "}), or remove it"))


def mention_problems(files: list[SourceFile], known: set[str],
                     extensions: Iterable[str] = DEFAULT_EXTENSIONS) -> list[Problem]:
    """Mentions of record IDs in the text of pages (not in code, links or headings,
    as the build links them) that are no record of the log."""
    problems = []
    for source in files:
        if source.ids <= known and not source.need_role:
            continue  # the usual case: no unknown ID anywhere in the file
        text = "".join(source.lines)
        md = markdown_parser(tuple(sorted(extensions)), inline=True)
        for line, record_id, role in _mentions(md, _tokens(md, text), 0):
            if record_id in known:
                continue
            problems.append(Problem(source.relpath, line, (
                f"{_NEED_ROLE}`{record_id}` links to {record_id}, which is no record of the log: "
                "check the ID") if role else (
                f"{record_id} is mentioned but is not a record of the log; check the ID "
                f"(or write it as code, `{record_id}`, if it is meant as text)"), record_id))
    return problems


#: sphinx-needs' role linking to a record (its warning for an unknown one is left to the
#: reader, which says where: conf.py suppresses ``needs.link_ref``)
_NEED_ROLE = "{need}"


def _mentions(md: MarkdownIt, tokens: Iterable[Token], offset: int,
              depth: int = 0) -> Iterator[tuple[int, str, bool]]:
    """(line, ID, whether by the {need} role) of each record ID in the linked text of a
    token stream, and of each target of a {need} role (directives nested deeper than the
    gate allows are not read)."""
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and not in_heading and token.map and token.children:
            yield from _inline_mentions(token.children, token.map[0] + offset + 1)
        elif token.type in ("fence", "colon_fence") and token.map:
            parts = token.info.strip().split(maxsplit=1)
            name = parts[0] if parts else ""
            if name.startswith("{") and name.endswith("}") and name[1:-1] not in LITERAL_DIRECTIVES \
                    and depth < MAX_NESTING:
                start = token.map[0] + offset + 1
                directive = read_directive(token, name[1:-1], start, start, 0, "")
                yield from _mentions(md, _tokens(md, directive.body), directive.body_line - 1, depth + 1)


def _inline_mentions(children: list[Token], line: int) -> Iterator[tuple[int, str, bool]]:
    """The mentions of a paragraph's text starting at ``line``: IDs outside links, and
    the targets of {need} roles."""
    in_link = 0
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        elif child.type == "text" and not in_link:
            for match in schema.LOGGED_ID.finditer(child.content):
                yield line, match[0], False
        elif child.type == "myst_role" and child.meta.get("name") == _NEED_ROLE[1:-1]:
            content = child.content
            target = content.rsplit("<", 1)[1].rstrip(">") if content.endswith(">") else content
            # sphinx-needs links ID.part to the part of a record
            yield line, target.strip().split(".", 1)[0], True


def form_problems(files: list[SourceFile], included: set[str] | None = None) -> list[Problem]:
    """Rules of where records are written, shared by ``dmlog check`` and the build.

    ``included``: the pages some toctree includes (None: work it out from the files).
    """
    problems = []
    if included is None:
        included = included_pages(files)
    for source in files:
        for item in source.records:
            record = item.record
            home = tuple(schema.TYPES[record.type].home.split("/")) \
                if record.type in schema.logged_types() else ()
            parts = source.relpath.split("/")
            if home and not (parts[:len(home)] == list(home) and len(parts) == len(home) + 2
                             and re.fullmatch(r"[0-9]{4}", parts[len(home)])
                             and source.relpath.endswith(".md")):
                problems.append(Problem(source.relpath, record.line, (
                    f"{record.id}: {schema.a(record.type)} is written in "
                    f"{'/'.join(home)}/YYYY/<meeting>.md, not here; move it there "
                    f"(`dmlog new {record.type}` writes it in the right file)"), record.id))
            elif home and parts[-1].startswith("_"):
                problems.append(Problem(source.relpath, record.line, (
                    f"{record.id} is in a draft file (its name starts with '_'); move it into "
                    "its meeting's file, or rename the file"), record.id))
            elif source.docname not in included and not source.orphan:
                problems.append(Problem(source.relpath, record.line, (
                    f"{record.id} is in a page no toctree includes, so it would not be "
                    "published; put the file in a year folder the log lists, or add it "
                    "to a toctree"), record.id))
    return problems


def included_pages(files: list[SourceFile]) -> set[str]:
    """The pages a ``{toctree}`` or ``{dmlog-toctree}`` of the log includes (and the
    home page), worked out as Sphinx does for plain names and glob patterns."""
    docnames = {source.docname for source in files}
    # the home page, and the list pages of the log's own types with their files
    by_name = {source.docname: source for source in files}
    included = {"docs/index"} | typepages.included_pages(
        docnames, lambda page: "".join(by_name[page].lines[:8]))
    for source in files:
        folder = source.docname.rsplit("/", 1)[0] if "/" in source.docname else ""
        for directive in source.directives:
            if directive.name not in TOCTREE_DIRECTIVES:
                continue
            globbing = directive.name == "dmlog-toctree" or _has_glob_option(source, directive)
            for raw in directive.body.splitlines():
                entry = raw.strip()
                if not entry or entry.startswith(":"):
                    continue
                if match := re.fullmatch(r".*<(.+)>", entry):
                    entry = match[1]
                entry = entry.removesuffix(".md")
                name = entry[1:] if entry.startswith("/") else \
                    (f"{folder}/{entry}" if folder else entry)
                name = _normalise(name)
                if globbing and any(c in name for c in "*?["):
                    pattern = _glob_regex(name)
                    included |= {d for d in docnames if pattern.fullmatch(d)}
                else:
                    included.add(name)
    return included


def _has_glob_option(source: SourceFile, directive: Directive) -> bool:
    text = "".join(source.lines[directive.line:directive.body_line - 1])
    return re.search(r"^\s*:?glob:?", text, re.M) is not None


def _normalise(name: str) -> str:
    parts: list[str] = []
    for part in name.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Sphinx's glob: ``*`` and ``?`` stay within a folder, ``**`` crosses them."""
    out = ""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            out += ".*"
            index += 2
            continue
        out += {"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char))
        index += 1
    return re.compile(out)


@dataclass
class Log:
    """Every record of a project: the Markdown files as the reader read them, the
    registries' entries, and the problems found while reading."""

    root: Path
    files: list[SourceFile]
    entries: list[registries.Entry]
    problems: list[Problem]

    @property
    def records(self) -> list[Record]:
        """In reading order: the files' records, then the registries'."""
        return [r.record for f in self.files for r in f.records] + [e.record() for e in self.entries]

    def find(self, record_id: str) -> tuple[SourceFile, SourceRecord]:
        for source in self.files:
            for record in source.records:
                if record.record.id == record_id:
                    return source, record
        raise LogError("", 0, f"no record {record_id!r} in the log's Markdown files")

    def ids(self) -> set[str]:
        return {record.id for record in self.records}

    def pages(self) -> dict[str, str]:
        """Record ID -> the page (document name) that shows it: its file's, or the page
        generated for its registry entry; the first record of an ID (a second one is
        refused)."""
        pages: dict[str, str] = {}
        for source in self.files:
            page = sys.intern(source.docname)
            for item in source.records:
                pages.setdefault(item.record.id, page)
        for entry in self.entries:
            pages.setdefault(entry.id, entry.page)
        return pages


#: A file's reading, reused while the file is unchanged: (mtime_ns, size, extensions)
#: -> (the file read, its problems). Only the build keeps one between runs.
ReadCache = dict[str, tuple[tuple[int, int, tuple[str, ...]], SourceFile, list[Problem]]]


def keep_reading(cache: ReadCache, text: str, path: Path, relpath: str,
                 extensions: tuple[str, ...], md: MarkdownIt) -> None:
    """Read a page whose text is in hand (the build, as Sphinx reads it) with the parser
    ``md``, and keep the reading in ``cache``: :func:`read_sources` then neither opens
    nor parses the page again while it is unchanged."""
    key = cache_key(path, extensions)
    if key is not None:
        source, found = parse_text(text, path, relpath, extensions, md)
        cache[relpath] = (key, source.slim(), found)


def read_sources(root: Path, extensions: Iterable[str] = DEFAULT_EXTENSIONS,
                 cache: ReadCache | None = None) -> tuple[list[SourceFile], list[Problem]]:
    """Every source file of the log's folders, read as MyST reads it, with the
    problems of their form (the same for ``dmlog check`` and the build).

    ``cache``: readings of files from an earlier run, reused where the file's time
    and size are unchanged, and updated in place; with a cache, the readings are slim
    (:meth:`SourceFile.slim`: no text, read again on demand)."""
    files = []
    found_in_tree = tree.scan(root)
    problems = list(found_in_tree.problems)
    extensions = tuple(extensions)
    seen = set()
    for path in found_in_tree.pages:
        relpath = path.relative_to(root).as_posix()
        key = cached = None
        if cache is not None:
            seen.add(relpath)
            key, cached = cache_key(path, extensions), cache.get(relpath)
        if key is not None and cached is not None and cached[0] == key:
            _, source, found = cached
            source.path = path
        else:
            try:
                source, found = parse_file(path, root, extensions)
            except LogError as err:
                problems.append(err.problem)
                continue
            if cache is not None and key is not None:
                # the build keeps only slim readings, this run's too (its memory)
                source = source.slim()
                cache[relpath] = (key, source, found)
        files.append(source)
        problems += found
    if cache is not None:
        for gone in set(cache) - seen:
            del cache[gone]
    problems += form_problems(files)
    return files, problems


def cache_key(path: Path, extensions: tuple[str, ...]) -> tuple[int, int, tuple[str, ...]] | None:
    """What must be unchanged for a file's earlier reading to stand (None: unreadable)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, extensions)


def load_log(root: Path, registry_dir: str = registries.DEFAULT_DIR,
             extensions: Iterable[str] = DEFAULT_EXTENSIONS) -> Log:
    files, problems = read_sources(root, extensions)
    entries, registry_problems = registries.load(root / registry_dir, root)
    return log_of(root, files, entries, problems + registry_problems, extensions)


def log_of(root: Path, files: list[SourceFile], entries: list[registries.Entry],
           problems: list[Problem], extensions: Iterable[str] = DEFAULT_EXTENSIONS) -> Log:
    """The log of these readings, with the mentions of IDs that are no record of it
    among its problems (the build reads the files and registries in its own steps)."""
    log = Log(root, files, entries, problems)
    log.problems += mention_problems(files, log.ids(), extensions)
    return log

