"""What `dmlog check` sees of unsafe content in the pages, as the build refuses it.

The build refuses raw HTML that is not formatting, unsafe links and files from outside
the log as it reads a page (:mod:`dmlog.sphinxext.sanitise`); this module applies the
same rules (:mod:`dmlog.log.safety`) to the Markdown of the sources, read by MyST's own
parser with inline text, so that `dmlog check` reports them at the same lines. It
reads only pages that could hold such content (a quick text test first).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from dmlog.log import safety
from dmlog.log.problems import Problem
from dmlog.log.sources import DEFAULT_EXTENSIONS, LITERAL_DIRECTIVES, SourceFile

#: Text without any of these cannot hold HTML, a link, an image or a download.
_MARKERS = ("<", "](", "{download}", "{image}", "{figure}", "![")
#: Directives whose text is not Markdown (code, or reStructuredText the build reads).
_NOT_MARKDOWN = frozenset({"eval-rst", "csv-table", "math", *safety.REFUSED_DIRECTIVES})


@functools.lru_cache(maxsize=4)
def _parser(extensions: tuple[str, ...]) -> MarkdownIt:
    try:
        config = MdParserConfig(enable_extensions=set(extensions))
    except (TypeError, ValueError):  # an extension this myst-parser does not know
        config = MdParserConfig(enable_extensions=set(DEFAULT_EXTENSIONS))
    return create_md_parser(config, RendererHTML)


def problems(source: SourceFile, extensions: tuple[str, ...] = DEFAULT_EXTENSIONS) -> list[Problem]:
    """Raw HTML, unsafe links and files outside the log in one page, at their lines."""
    text = "".join(source.lines)
    if not any(marker in text for marker in _MARKERS):
        return []
    md = _parser(tuple(sorted(extensions)))
    folder = source.relpath.rpartition("/")[0]
    root = source.path.parents[source.relpath.count("/")]  # the log's folder
    found = [Problem(source.relpath, line, message)
             for line, message in _scan(md.parse(text), 0, folder, root)]
    for directive in source.directives:
        if directive.name in ("image", "figure") and \
                (message := _file_problem(directive.argument.strip(), folder, root)):
            found.append(Problem(source.relpath, directive.line, f"image refused: {message}"))
        if directive.name in LITERAL_DIRECTIVES or directive.name in _NOT_MARKDOWN:
            continue
        if any(marker in directive.body for marker in _MARKERS):
            found += [Problem(source.relpath, line, message) for line, message in
                      _scan(md.parse(directive.body), directive.body_line - 1, folder, root)]
    return found


def text_problems(text: str, folder: str) -> list[tuple[int, str]]:
    """(line, message) of what the build would refuse in a record's text written in a
    page of ``folder`` (lines counted from the text's first)."""
    if not any(marker in text for marker in _MARKERS):
        return []
    return list(_scan(_parser(DEFAULT_EXTENSIONS).parse(text), 0, folder, None))


def _scan(tokens: list[Token], offset: int, folder: str,
          root: Path | None) -> Iterator[tuple[int, str]]:
    """(line, message) of each unsafe thing of a token stream, directives left out (the
    caller reads their text as a page of its own); with the log's ``root``, files
    shown or offered must be there (else only their paths are checked)."""
    for token in tokens:
        if token.map is None:
            continue
        line = token.map[0] + offset + 1
        if token.type == "html_block" and not safety.is_comment(token.content):
            if message := safety.html_problem(token.content):
                yield line, message
        elif token.type == "inline":
            yield from _scan_inline(token.children or [], line, folder, root)


def _scan_inline(children: list[Token], line: int, folder: str,
                 root: Path | None) -> Iterator[tuple[int, str]]:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            if message := safety.html_problem(child.content):
                yield line, message
        elif child.type in ("link_open", "image"):
            target = str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
            kind = "unsafe link" if child.type == "link_open" else "image refused"
            if message := _target_problem(target, folder, root, child.type == "link_open"):
                yield line, f"{kind}: {message}"
        elif child.type == "myst_role" and child.meta.get("name") == "download":
            content = child.content
            target = content.rsplit("<", 1)[1].rstrip(">") if content.endswith(">") else content
            if message := _target_problem(target.strip(), folder, root):
                yield line, f"download refused: {message}"
        if child.children:
            yield from _scan_inline(child.children, line, folder, root)


def _target_problem(target: str, folder: str, root: Path | None, link: bool = False) -> str | None:
    if target.startswith("path:"):  # MyST's own schemes: a file, a page, an inventory
        return _file_problem(target.removeprefix("path:").split("#", 1)[0], folder, root, link)
    if target.startswith(("project:", "inv:")):
        return None
    if message := safety.url_problem(target):
        return message
    if "://" in target or target.startswith(("mailto:", "#")) or not target:
        return None
    return _file_problem(target.split("#", 1)[0], folder, root, link)


def _file_problem(target: str, folder: str, root: Path | None, link: bool = False) -> str | None:
    return safety.path_problem(target, folder, safety.LOG_FOLDERS, root, link) if target else None
