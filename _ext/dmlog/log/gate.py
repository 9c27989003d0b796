"""The gate: one reading of a page against the allow-list (:mod:`dmlog.log.allowlist`),
the one verdict `dmlog check` reports and the build acts on.

:func:`read` takes a page's text as it is on disk and returns its problems, at their
lines, and the text the build may hand to the engine: the same lines, with every refused
construct made inert (a refused directive blanked, a refused role, HTML, link or
substitution turned into text, front matter with a refused key left out), so that
nothing refused is run, read or published even on a build that does not stop at
warnings. The build calls it on every page as Sphinx reads it (``source-read``,
:mod:`dmlog.sphinxext.gate`) with the bytes of the file; `dmlog check` calls it on the
same files read the same way. Nothing here imports Sphinx.

Content (:func:`dmlog.log.layout.is_content`) may use only what the allow-list names;
the site's own pages may use anything but :data:`~dmlog.log.allowlist.SITE_REFUSED`.
Both keep to the publishing rules of :mod:`dmlog.log.untrusted`: links http(s), mailto or
relative, images and downloads of files in the log's folders, HTML only formatting.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from myst_parser import slugs

from dmlog import schema
from dmlog.log import allowlist, highlighting, layout, options, registries, sources, typepages, untrusted
from dmlog.log.problems import LogError, Problem
from dmlog.log.query import QueryError
from dmlog.log.tablespec import TableError, read_spec


@dataclass(frozen=True)
class Engine:
    """How the site's engine reads a page, from conf.py: the MyST extensions it enables,
    the code fences MyST reads as directives (``myst_fence_as_directive``) and the
    language of a code block that names none (``highlight_language``)."""

    extensions: tuple[str, ...] = sources.DEFAULT_EXTENSIONS
    fence_directives: frozenset[str] = frozenset()
    highlight_language: str = highlighting.DEFAULT
    #: the site's pages (document names), which {doc} and links to pages must name
    #: (None: not checked)
    pages: frozenset[str] | None = None
    #: headings of levels up to this one have an anchor (``myst_heading_anchors``)
    heading_anchors: int = 0

    #: the conf.py settings it is made of (beside the MyST extensions)
    SETTINGS = ("myst_fence_as_directive", "highlight_language", "myst_heading_anchors")

    @classmethod
    def of(cls, extensions: Iterable[str], config: Mapping[str, Any],
           pages: Iterable[str] | None = None) -> Engine:
        """The engine of a site whose conf.py gives ``config`` (Sphinx's config or the
        values conf.py sets: a missing or empty one is Sphinx's default)."""
        return cls(tuple(extensions), frozenset(config.get("myst_fence_as_directive") or ()),
                   str(config.get("highlight_language") or highlighting.DEFAULT),
                   None if pages is None else frozenset(pages),
                   int(config.get("myst_heading_anchors") or 0))


def site_pages(log: sources.Log) -> frozenset[str]:
    """The pages of a log's site as `dmlog check` knows them (the build takes Sphinx's
    list, which holds the same): the pages the reader reads, each registry entry's page
    and the index of their folders, and the list pages of the log's own record types."""
    return frozenset({source.docname for source in log.files} | {entry.page for entry in log.entries}
                     | {f"{layout.PAGES}/{folder}/index" for folder in registries.PAGE_DIRS.values()}
                     | {f"{layout.PAGES}/{kind.plural}" for kind in typepages.generated_types(log.root)})


@dataclass
class Verdict:
    """What the gate found in a page, and the page as the engine may read it."""

    problems: list[Problem]
    text: str


#: How deep directives may be nested in a page (markdown-it's own limit for blocks).
MAX_NESTING = sources.MAX_NESTING
#: A line as markdown-it counts them (ended by LF, CR LF or CR only: str.splitlines also ends
#: one at U+2028, NEL, FF..., which moved what the gate blanks off the lines it refused)
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")
#: A role as written (``{name}`text```), for making a refused one text.
_ROLE = re.compile(r"\{([^\s{}`]+)\}(?=`)")
#: A link definition, which links elsewhere on the page may use (``[text][label]``).
_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:", re.M)
_MATH_COMMAND = re.compile(r"\\(" + "|".join(allowlist.MATH_COMMANDS) + r")(?![A-Za-z])")
#: Front matter: a top-level key (its value may go on over indented lines).
_FRONT_KEY = re.compile(r"^([^\s#:][^:]*):")


def read(text: str, relpath: str, policy: allowlist.Policy = allowlist.DEFAULT,
         engine: Engine = Engine(), root: Path | None = None) -> Verdict:
    """The gate's verdict on one page (``relpath``: its path in the log; with the log's
    ``root``, the files it shows or offers must be there, reached without a link)."""
    md = parser(text, engine)
    lines = _LINE.findall(text)
    scan = _Scan(relpath, layout.is_content(relpath), policy, md, root, engine)
    tokens, env = sources.parsed(md, text)  # the reader's parse, when it read the page so
    scan.env = copy.deepcopy(env)  # the scan adds the definitions of directives' bodies
    scan.anchors = _heading_anchors(list(tokens), engine.heading_anchors)
    scan.tokens(list(tokens), 0)
    if scan.content:
        scan.substitutions(lines)
        scan.footnote_problems()
    return Verdict(sorted(set(scan.problems)), scan.inert(lines))


def parser(text: str, engine: Engine) -> MarkdownIt:
    """The parser the gate reads a page with: MyST's, inline level too when the text may
    hold inline markup it checks."""
    return sources.markdown_parser(tuple(sorted(engine.extensions)), inline=_inline_markers(text))


def text_problems(text: str, folder: str) -> list[tuple[int, str]]:
    """(line, message) of what the gate refuses in a record's text that is to be written
    into a records file of ``folder`` (lines counted from the text's first)."""
    return [(p.line, p.message) for p in read(text, f"{folder}/text.md").problems]


@dataclass
class _Scan:
    relpath: str
    content: bool
    policy: allowlist.Policy
    md: MarkdownIt
    root: Path | None
    engine: Engine
    problems: list[Problem] = field(default_factory=list)
    depth: int = 0  # directives around the text being read
    blank: set[int] = field(default_factory=set)  # lines made empty
    text_only: set[int] = field(default_factory=set)  # lines whose markup becomes text
    literal: set[int] = field(default_factory=set)  # lines of code blocks, never substituted
    #: the page's footnotes (label -> the lines of its definition) and references to them
    footnotes: dict[str, range] = field(default_factory=dict)
    footnote_refs: list[tuple[str, int]] = field(default_factory=list)
    #: the anchors of the page's headings, which a link '#anchor' must name
    anchors: frozenset[str] = frozenset()
    #: the page's link definitions, which MyST lets links in directives' text use too
    env: dict[str, object] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return self.relpath.rpartition("/")[0]

    def refuse(self, line: int, message: str, lines: Iterable[int] = ()) -> None:
        self.problems.append(Problem(self.relpath, line, message))
        self.text_only.update(lines or (line,))

    def tokens(self, tokens: list[Token], offset: int) -> None:
        for token in tokens:
            if token.map is None:
                continue
            start, end = token.map[0] + offset + 1, token.map[1] + offset
            if token.type == "front_matter":
                self.front_matter(token.content, start + 1, range(start, end + 1))
            elif token.type in ("fence", "colon_fence"):
                self.fence(token, start, end)
            elif token.type == "code_block":
                self.literal.update(range(start, end + 1))
            elif token.type == "html_block" and not untrusted.is_comment(token.content):
                if message := untrusted.html_problem(token.content):
                    self.refuse(start, message, range(start, end + 1))
            elif token.type == "inline":
                self.inline(token.children or [], start)
            elif token.type == "math_block" and self.content:
                self.math(token.content, start, range(start, end + 1))
            elif token.type in ("hr", "footnote_reference_open") and self.content:
                self.rule_or_footnote(token, range(start, end + 1))
            elif token.type == "myst_target" and self.content:
                self.problems.append(Problem(self.relpath, start, (
                    f"the label ({token.content})= is not allowed in the log's content: a label is "
                    "a name for the whole site, which another page may also give; link a record "
                    "with {need}`ID`, a page with {doc}, a heading by its anchor ([text](#anchor))")))
                self.blank.add(start)

    def rule_or_footnote(self, token: Token, block: range) -> None:
        """A horizontal rule, which docutils refuses where a section starts or ends or
        next to another; a footnote's definition, which must be the only one of its label."""
        start = block[0]
        if token.type == "hr":
            self.problems.append(Problem(self.relpath, start, (
                "a horizontal rule (---, ***, ___) is not allowed in the log's content: the "
                "engine refuses one at the start or end of a section or next to another; "
                "use a heading, or write the characters apart (- - -)")))
            self.blank.update(block)
            return
        label = str(token.meta.get("label", ""))
        if label in self.footnotes:
            self.problems.append(Problem(self.relpath, start, (
                f"the footnote [^{label}] is defined twice (first on line "
                f"{self.footnotes[label][0]}): give each footnote its own label")))
            self.blank.update(block)
        else:
            self.footnotes[label] = block

    def footnote_problems(self) -> None:
        """Each reference names a footnote of the page, and each footnote is referenced
        (docutils warns of one that is not): a footnote whose references were all made
        text goes too."""
        for label, line in self.footnote_refs:
            if label not in self.footnotes:
                self.refuse(line, f"the footnote [^{label}] is not defined on this page: add "
                            f"its text ([^{label}]: …) or remove the reference")
        kept = {label for label, line in self.footnote_refs
                if line not in self.text_only and line not in self.blank}
        for label, block in self.footnotes.items():
            if not any(label == referenced for referenced, _ in self.footnote_refs):
                self.problems.append(Problem(self.relpath, block[0], (
                    f"the footnote [^{label}] is never referenced: reference it ([^{label}]) "
                    "or remove it")))
            if label not in kept:
                self.blank.update(block)

    def fence(self, token: Token, start: int, end: int) -> None:
        """A fenced block: a directive ({name}, or a name the engine runs as one), else code
        its lexer must read."""
        parts = token.info.strip().split(maxsplit=1)
        name = parts[0] if parts else ""
        if name.startswith("{") and name.endswith("}") and len(name) > 2:
            if not self.nothing_to_check(name[1:-1], token):
                self.directive(sources.read_directive(token, name[1:-1], start, end, 0, self.relpath))
        elif token.type == "fence" and name in self.engine.fence_directives:
            self.directive(sources.read_directive(token, name, start, end, 0, self.relpath))
        elif message := highlighting.problem(token.content, name or self.engine.highlight_language):
            self.problems.append(Problem(self.relpath, start, message))
            self.blank.update(range(start, end + 1))
        else:
            self.literal.update(range(start + 1, end))

    def nothing_to_check(self, name: str, token: Token) -> bool:
        """A record with nothing in it the gate looks at (the usual case): read no further."""
        allowed = self.policy.directives.get(name) if self.content else None
        return (allowed is not None and allowed.options is None and allowed.body == allowlist.MARKDOWN
                and allowlist.evaluated_syntax(f"{token.info}\n{token.content}") is None
                and not self.worth_reading(token.content))

    def worth_reading(self, markdown: str) -> bool:
        """Whether Markdown may hold anything the gate checks: a directive or code block, a
        role, HTML, a link or image (also by a definition of the page), a substitution,
        a formula."""
        return bool(_inline_markers(markdown) or sources.FENCE_START.search(markdown)
                    or "{{" in markdown or "$" in markdown or "\n    " in f"\n{markdown}"
                    or ("[" in markdown and self.env.get("references")))

    def front_matter(self, yaml: str, first: int, block: range) -> None:
        """Only the allowed keys (``first``: the line after the opening ``---``); front
        matter with any other is left out whole."""
        for number, line in enumerate(yaml.splitlines(), first):
            match = _FRONT_KEY.match(line)
            if match and self.content and (key := match[1].strip()) not in allowlist.FRONT_MATTER_KEYS:
                self.problems.append(Problem(self.relpath, number, (
                    f"the front-matter key {key!r} is not allowed in the log's content "
                    "(it changes how the page is read); content may set only "
                    f"{', '.join(allowlist.FRONT_MATTER_KEYS)}")))
                self.blank.update(block)

    def directive(self, directive: sources.Directive) -> None:
        name, line = directive.name, directive.line
        block = range(line, directive.end + 1)
        if self.content:
            allowed = self.policy.directives.get(name)
            if allowed is None:
                self.problems.append(Problem(self.relpath, line, _refused_directive(name, self.policy)))
                self.blank.update(block)
                return
            header = directive.argument + "\n" + "\n".join(directive.options.values())
            if message := allowlist.evaluated_syntax(header):
                self.refuse(line, message, range(line, directive.body_line))
        elif (lower := name.lower()) in allowlist.SITE_REFUSED:  # docutils ignores case
            self.problems.append(Problem(self.relpath, line, (
                f"the {{{name}}} directive is not allowed in any page of the log: "
                f"{allowlist.SITE_REFUSED[lower]}")))
            self.blank.update(block)
            return
        else:
            allowed = None
        if found := self._directive_problem(directive, allowed):
            self.problems.append(Problem(self.relpath, *found))
            self.blank.update(block)
            return
        if allowed is not None and allowed.options is not None:
            self.inline_header(directive)
        body = allowed.body if allowed is not None else (
            allowlist.LITERAL if name in sources.LITERAL_DIRECTIVES else allowlist.MARKDOWN)
        if body == allowlist.MARKDOWN and self.worth_reading(directive.body):
            if self.depth == MAX_NESTING:  # deeper, reading (the gate's and MyST's) recurses out
                self.problems.append(Problem(self.relpath, line, (
                    f"directives are nested more than {MAX_NESTING} deep here: "
                    "write them one after another")))
                self.blank.update(block)
                return
            self.depth += 1
            self.tokens(self.md.parse(directive.body, self.env), directive.body_line - 1)
            self.depth -= 1
            written = [number for number, text in enumerate(directive.body.split("\n"), directive.body_line)
                       if text.strip()]
            if name not in schema.TYPES and all(number in self.blank for number in written):
                # its text was all refused: an empty note or table is an error of the engine's
                self.blank.update(block)
        elif body == allowlist.LITERAL:
            self.literal.update(range(directive.body_line, directive.end))

    def inline_header(self, directive: sources.Directive) -> None:
        """MyST reads a directive's title (an admonition's, a table's; the first line of the
        text of one that takes none) and a code block's caption as Markdown: their roles,
        HTML and links are checked as the page's."""
        texts = [(directive.argument, directive.line)] if directive.name not in ("image", "figure") else []
        if caption := directive.options.get("caption"):
            texts.append((caption, directive.option_lines.get("caption", directive.line)))
        found = len(self.problems)
        for text, line in texts:
            if _inline_markers(text):
                for token in self.md.parseInline(text, self.env):
                    self.inline(token.children or [], line)
        if len(self.problems) > found:  # the engine reads none of what was refused
            self.text_only.update(range(directive.line, directive.body_line))

    def _directive_problem(self, directive: sources.Directive,
                           allowed: allowlist.Allowed | None) -> tuple[int, str] | None:
        """(line, message) of the first reason to refuse the directive, or None."""
        if directive.unread_options:  # MyST warns about them, for any directive
            return directive.unread_options[0]
        if allowed is not None and (found := self._policy_problem(directive, allowed)):
            return found
        message = self._engine_problem(directive)
        return (directive.line, message) if message else None

    def _policy_problem(self, directive: sources.Directive,
                        allowed: allowlist.Allowed) -> tuple[int, str] | None:
        """(line, message) of what the allow-list refuses in an allowed directive: options,
        their values, a text it takes none of, a formula's command, its shape."""
        name, line = directive.name, directive.line
        if allowed.options is not None and (extra := set(directive.options) - set(allowed.options)):
            return line, (f"the option{'s' if len(extra) > 1 else ''} "
                          f"{', '.join(':' + o + ':' for o in sorted(extra))} of {{{name}}} "
                          "not allowed in the log's content; it may use "
                          + (", ".join(f":{o}:" for o in sorted(allowed.options)) or "no options"))
        for option, value in directive.options.items():
            if allowed.options is not None and (why := options.problem(allowed.options[option], value)):
                return directive.option_lines.get(option, line), (
                    f"the option :{option}: {value.strip()!r} of {{{name}}} {why}")
        if allowed.body == allowlist.NO_BODY and directive.body.strip():
            return line, f"{{{name}}} takes no text in its block: remove the text"
        if name == "math" and (match := _MATH_COMMAND.search(
                f"{directive.argument}\n{directive.body}")):  # MyST reads both as the formula
            return line, _math_message(match[1])
        if message := self.shape_problem(directive):
            return line, message
        return None

    def _engine_problem(self, directive: sources.Directive) -> str | None:
        """What the build would refuse in a table, image or code block the policy lets through."""
        name = directive.name
        message = None
        if name == "dmlog-table":
            try:
                read_spec(directive.options)
            except (TableError, QueryError) as err:
                message = f"dmlog-table: {err}"
        elif name in ("image", "figure") and (why := self.file_problem(directive.argument)):
            message = f"image refused: {why}"
        elif name in allowlist.CODE_DIRECTIVES:
            language = directive.argument or self.engine.highlight_language
            message = highlighting.problem(directive.body, language, "force" in directive.options)
        return message

    def shape_problem(self, directive: sources.Directive) -> str | None:
        """What docutils or Sphinx would refuse in an allowed directive of content whose
        options are all of the right kind: a missing argument or text, a table of the
        wrong shape, lines a code block does not have."""
        name, argument, body = directive.name, directive.argument, directive.body
        if name in (*allowlist.ADMONITIONS, "admonition"):
            if name == "admonition" and not argument:
                return "{admonition} needs a title after its name: ```{admonition} The title"
            # MyST makes the argument of an admonition that takes none its first line
            if not body.strip() and (name == "admonition" or not argument):
                return f"{{{name}}} needs text: write it in its block"
        elif name in ("image", "figure") and not argument:
            return f"{{{name}}} needs the path of the image after its name: ```{{{name}}} diagram.png"
        elif name == "figure" and body.strip():
            blocks = _blocks(self.md.parse(body, self.env), 0)
            if blocks and blocks[0].type != "paragraph_open":
                return "the text of a {figure} starts with its caption, a paragraph: write the caption first"
        elif name in ("table", "list-table"):
            return self.table_problem(directive)
        elif name in ("code-block", "sourcecode"):
            return _code_lines_problem(directive)
        return None

    def table_problem(self, directive: sources.Directive) -> str | None:
        """A {table} holds one Markdown table; a {list-table} one list of rows, each a list
        of its cells, all rows alike; both as many :widths: as columns, and the header rows
        and stub columns leave some of the table."""
        name, tokens = directive.name, self.md.parse(directive.body, self.env)
        blocks = _blocks(tokens, 0)
        if name == "table":
            if len(blocks) != 1 or blocks[0].type != "table_open":
                return "a {table} holds exactly one Markdown table (| a | b |): write just the table in it"
            columns = sum(1 for token in tokens if token.type == "th_open")
            rows: list[int] = []
        else:
            if len(blocks) != 1 or blocks[0].type != "bullet_list_open":
                return ("a {list-table} holds exactly one bulleted list of rows, each row a bulleted "
                        "list of its cells ('* - a' with its other cells below as '  - b')")
            rows = []
            for token in tokens:
                if token.level == 1 and token.type == "list_item_open":
                    rows.append(0)
                    if [block.type for block in _blocks(tokens, 2, token)] != ["bullet_list_open"]:
                        return (f"row {len(rows)} of the {{list-table}} is not a bulleted list of its "
                                "cells: write each row as '* - a' with its other cells below as '  - b'")
                elif token.level == 3 and token.type == "list_item_open":
                    rows[-1] += 1
            if any(cells != rows[0] for cells in rows):
                return (f"the rows of the {{list-table}} have different numbers of cells ({rows}): "
                        "give each the same")
            columns = rows[0]
        widths = options.column_widths(directive.options.get("widths", ""))
        if widths is not None and len(widths) != columns:
            return (f"the {{{name}}} has {columns} column(s) but :widths: gives {len(widths)}: "
                    "give one width a column")
        header = int(directive.options.get("header-rows") or 0)
        stub = int(directive.options.get("stub-columns") or 0)
        if rows and header and header >= len(rows):
            return (f":header-rows: {header} leaves none of the {len(rows)} row(s) of the "
                    "{list-table} for its body: make it smaller")
        if rows and stub and stub >= columns:
            return (f":stub-columns: {stub} leaves none of the {columns} column(s) of the "
                    "{list-table} for its body: make it smaller")
        return None

    def inline(self, children: list[Token], line: int) -> None:
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                if message := untrusted.html_problem(child.content):
                    self.refuse(line, message)
            elif child.type in ("link_open", "image"):
                target = str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
                kind = "link refused" if child.type == "link_open" else "image refused"
                if message := self.target_problem(target, child.type == "link_open"):
                    self.refuse(line, f"{kind}: {message}")
            elif child.type == "myst_role":
                self.role(child, line)
            elif child.type == "footnote_ref" and self.content:
                self.footnote_refs.append((str(child.meta.get("label", "")), line))
            elif child.type == "math_inline" and self.content:
                self.math(child.content, line, (line,))
            if child.children:
                self.inline(child.children, line)

    def role(self, role: Token, line: int) -> None:
        name, content = str(role.meta.get("name", "")), role.content
        if self.content and name not in self.policy.roles:
            self.refuse(line, f"the {{{name}}} role is not allowed in the log's content: it "
                        f"may use the roles {self.policy.allowed_roles()} and Markdown")
        elif name == "download":
            if message := self.target_problem(_role_target(content)):
                self.refuse(line, f"download refused: {message}")
        elif name == "doc" and self.engine.pages is not None and not content.startswith("!"):
            target = _role_target(content)
            page = posixpath.normpath(posixpath.join(f"/{self.relpath}", "..", target))[1:]
            if page not in self.engine.pages:
                self.refuse(line, f"{{doc}}`{target}` names no page of the site (there is no "
                            f"{page}.md): write the page's path relative to this page's folder "
                            "(or from the site's root, starting with /), without .md")
        elif name == "math" and (match := _MATH_COMMAND.search(content)):
            self.refuse(line, _math_message(match[1]))

    def math(self, formula: str, line: int, lines: Iterable[int]) -> None:
        if match := _MATH_COMMAND.search(formula):
            self.refuse(line, _math_message(match[1]), lines)

    def substitutions(self, lines: list[str]) -> None:
        """MyST substitutions anywhere in content but code (a site may turn them on)."""
        for number, line in enumerate(lines, 1):
            if "{{" in line and number not in self.literal:
                self.refuse(number, "'{{' (a MyST substitution, which jinja2 evaluates) is "
                            "not allowed in the log's content: the log is data; write '{ {' "
                            "or the text itself")

    def target_problem(self, target: str, link: bool = False) -> str | None:
        if target.startswith("path:"):  # MyST's own schemes: a file, a page, an inventory
            return self.file_problem(target.removeprefix("path:").split("#", 1)[0], link)
        if target.startswith(("project:", "inv:")):
            return None
        if message := untrusted.url_problem(target):
            return message
        if "://" in target or target.startswith("mailto:") or not target:
            return None
        path, _, anchor = target.partition("#")
        return self.file_problem(path, link) or (self.anchor_problem(path, anchor) if link else None)

    def anchor_problem(self, path: str, anchor: str) -> str | None:
        """A link to a heading of this page, or of another page of content, must name its
        anchor (MyST warns, at another line, of one it does not find). Anchors of site
        pages are not checked: they may be labels."""
        if not anchor or self.engine.pages is None or self.root is None:
            return None
        if path:
            page = posixpath.normpath(posixpath.join(f"/{self.folder}", path))[1:]
            if not (page.endswith(".md") and layout.is_content(page) and (self.root / page).is_file()):
                return None
            try:
                text = sources.read_text(self.root / page, page)
            except LogError:  # the reader reports that page
                return None
            md = sources.markdown_parser(tuple(sorted(self.engine.extensions)), inline=True)
            anchors = _heading_anchors(md.parse(text), self.engine.heading_anchors)
        else:
            page, anchors = self.relpath, self.anchors
        if anchor in anchors:
            return None
        return (f"there is no heading with the anchor '#{anchor}' in {page}"
                + (f" (its anchors: {', '.join(sorted(anchors))})" if anchors else "")
                + f": link a heading of level 1-{self.engine.heading_anchors} by its title in lower "
                "case with '-' for spaces, or a record with {need}`ID`")

    def file_problem(self, target: str, link: bool = False) -> str | None:
        target = target.strip()
        if not target:
            return None
        if message := untrusted.path_problem(target, self.folder, layout.record_dirs(), self.root, link):
            return message
        if link and self.root is not None and self.engine.pages is not None:
            # MyST makes a link to a file of the log a download, and to a page a link to it
            path = posixpath.normpath(posixpath.join(f"/{self.folder}", target))[1:]
            if not (self.root / path).exists() and path.removesuffix(".md") not in self.engine.pages:
                return (f"{target!r} is no file or page of the log (there is no {path}): "
                        "correct the path (relative to the page's folder)")
        return None

    def inert(self, lines: list[str]) -> str:
        """The page with what was refused made inert, line for line."""
        if not (self.blank or self.text_only):
            return "".join(lines)
        out = []
        # a refused link may take its target from a definition: none is kept then
        definitions = bool(self.text_only and self.env.get("references"))
        for number, line in enumerate(lines, 1):
            ending = line[len(line.rstrip("\r\n")):]
            if number in self.blank:
                line = ending
            elif number in self.text_only:
                line = _as_text(line)
            elif definitions and _DEFINITION.match(line):
                line = "\\" + line.lstrip()
            out.append(line)
        return "".join(out)


def _blocks(tokens: list[Token], level: int, within: Token | None = None) -> list[Token]:
    """The blocks at ``level`` of a token stream (those of the block ``within`` opens)."""
    if within is not None:
        start = tokens.index(within) + 1
        depth, end = 1, start
        while end < len(tokens) and depth:
            depth += tokens[end].nesting
            end += 1
        tokens = tokens[start:end]
    return [token for token in tokens if token.level == level and token.nesting != -1]


def _code_lines_problem(directive: sources.Directive) -> str | None:
    """Sphinx warns about a code block's :emphasize-lines: beyond its lines and a
    :dedent: that cuts into its text."""
    lines = directive.body.split("\n") if directive.body else []
    spec = directive.options.get("emphasize-lines", "").strip()
    if spec and (numbers := options.line_numbers(spec, len(lines))) is not None \
            and any(number > len(lines) for number in numbers):
        return (f":emphasize-lines: {spec} names lines the code block does not have (it has "
                f"{len(lines)}): name lines 1-{len(lines)}")
    dedent = directive.options.get("dedent", "").strip()
    if dedent and any(line[:int(dedent)].strip() for line in lines):
        return (f":dedent: {dedent} would cut text off a line of the code block: make it smaller, "
                "or leave the number out (the common indent goes)")
    return None


def _heading_anchors(tokens: list[Token], levels: int) -> frozenset[str]:
    """The anchors MyST gives the headings of a page (levels 1 to ``levels``)."""
    anchors: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and int(token.tag[1:]) <= levels:
            title = "".join(child.content for child in tokens[index + 1].children or []
                            if child.type in ("text", "code_inline"))
            if slug := slugs.github_slugify(title):
                anchors.append(slugs.unique_slug(slug, anchors))
    return frozenset(anchors)


def _role_target(content: str) -> str:
    """The target of a role written ``text <target>`` or ``target``."""
    return (content.rsplit("<", 1)[1].rstrip(">") if content.endswith(">") else content).strip()


def _inline_markers(text: str) -> bool:
    """Whether text may hold roles, HTML, links, images, footnotes, a link definition or a URL
    linkify links (without any, its paragraphs need no reading)."""
    return ("<" in text or "](" in text or "//" in text or "[^" in text
            or ("}`" in text and _ROLE.search(text) is not None)
            or ("]:" in text and _DEFINITION.search(text) is not None))


def _as_text(line: str) -> str:
    """A line whose markup is shown as text: no HTML, role, link (nor URL linkify would
    link), image, substitution or evaluated value is left in it."""
    line = line.replace("<", "&lt;").replace("](", "] (").replace("{{", "{ {").replace("//", "/ /")
    line = line.replace("[^", "[\\^")
    return _ROLE.sub(r"\1", line.replace("[[", "[ ["))


def _refused_directive(name: str, policy: allowlist.Policy) -> str:
    what = ("reStructuredText ({eval-rst})" if name == "eval-rst"
            else f"the {{{name}}} directive")
    return (f"{what} is not allowed in the log's content (decisions, actions, meeting "
            f"pages): it may use the directives {policy.allowed_directives()}, the roles "
            f"{policy.allowed_roles()} and Markdown (a site adds more in conf.py's "
            f"{allowlist.SETTING}, with a reason)")


def _math_message(command: str) -> str:
    return (f"the formula uses \\{command}, which makes links or sets HTML in the page; "
            "formulas in the log may not")


def problems(files: Iterable[sources.SourceFile], policy: allowlist.Policy = allowlist.DEFAULT,
             engine: Engine = Engine()) -> Iterator[Problem]:
    """The gate's problems in every page the reader read (what `dmlog check` reports)."""
    for source in files:
        root = source.path.parents[source.relpath.count("/")]  # the log's folder
        yield from read("".join(source.lines), source.relpath, policy, engine, root).problems
