"""What the log may publish, as plain rules shared by the build and ``dmlog``.

Record bodies, registry values, imported minutes and text given on the command line
are untrusted: whoever can open a pull request writes them, and a pull-request
preview built in CI runs with the runner's files. These functions say what is
allowed (links, files, HTML, the ``dmlog_today`` setting) and how text is written
into the log's files so that it stays text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from dmlog.log import allowlist, characters, layout, tree

#: URL schemes a link of the log may use; anything else (javascript:, data:, file:,
#: vbscript:...) is refused. Links without a scheme are relative links of the site.
URL_SCHEMES = ("http", "https", "mailto")
ALLOWED_URLS = "http(s):// or mailto: URLs, or links relative to the site"

HTML_TAGS, HTML_ATTRIBUTES = allowlist.HTML_TAGS, allowlist.HTML_ATTRIBUTES
ALLOWED_HTML = (f"only the tags <{'>, <'.join(HTML_TAGS)}> with {' and '.join(HTML_ATTRIBUTES)} "
                "attributes; write links, images and tables in Markdown")


#: The folders of the site a page may take files (images, downloads) from.
LOG_FOLDERS = layout.RECORD_DIRS
def url_problem(url: str) -> str | None:
    """Why a URL may not be published, or None if it may."""
    text = url.strip()
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    compact = re.sub(r"[\x00-\x20\x7f]+", "", text)
    try:
        scheme = urlsplit(compact).scheme.lower()
    except ValueError:
        return f"{url!r} is not a valid URL; use {ALLOWED_URLS}"
    if scheme and scheme not in URL_SCHEMES:
        return f"the {scheme}: URL {url!r} is not allowed; use {ALLOWED_URLS}"
    if compact.startswith("//") or compact.startswith("\\\\"):
        return f"{url!r} has no scheme; write it with https://"
    return None


def path_problem(target: str, folder: str, allowed_roots: tuple[str, ...],
                 root: Path | None = None, link: bool = False) -> str | None:
    """Why a file a page includes, shows or offers for download may not be published.

    ``target`` is as written: relative to the page's ``folder``, or starting with '/'
    for the site's root. Only files under the log's own folders are allowed, and no
    hidden file or folder (.git, .env) among them; with the log's ``root``, only files
    that are there (a ``link`` may name a page), reached without a symbolic link
    (:func:`dmlog.log.tree.target_problem`).
    """
    raw = target.strip()
    if "\x00" in raw or "\\" in raw:
        return f"the path {target!r} is not allowed: write it with '/' between folders"
    base = PurePosixPath("/") if raw.startswith("/") else PurePosixPath("/") / folder
    parts: list[str] = []
    for part in (base / raw.lstrip("/")).parts[1:]:
        if part == "..":
            if not parts:
                return _outside(target, allowed_roots)
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    if not parts or parts[0] not in allowed_roots:
        return _outside(target, allowed_roots)
    if any(part.startswith(".") for part in parts):
        return f"the path {target!r} names a hidden file or folder, which is never published"
    return tree.target_problem(root, "/".join(parts), target, link) if root is not None else None


def _outside(target: str, allowed_roots: tuple[str, ...]) -> str:
    return (f"the file {target!r} is outside the log's folders: only files under "
            f"{', '.join(r + '/' for r in allowed_roots)} may be included, shown or downloaded")


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refused: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS:
            self.refused.append(f"<{tag}>")
        for name, _ in attrs:
            if name not in HTML_ATTRIBUTES:
                self.refused.append(f"the attribute {name}= of <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in HTML_TAGS:
            self.refused.append(f"</{tag}>")

    def handle_decl(self, decl: str) -> None:
        self.refused.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.refused.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.refused.append(f"<![{data}]>")


def html_problem(html: str) -> str | None:
    """Why a piece of HTML written in a page may not be published, or None. Comments
    are allowed (they are not published); so are the formatting tags of HTML_TAGS."""
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    if re.search(r"<\s*/?\s*(script|style|iframe|object|embed)", html, re.IGNORECASE):
        collector.refused.append("a script or embedded content")
    if not collector.refused:
        return None
    found = ", ".join(dict.fromkeys(collector.refused))
    return f"raw HTML is not allowed here ({found}): {ALLOWED_HTML}"


def is_comment(html: str) -> bool:
    """HTML that is only comments (as generated pages start with)."""
    return re.fullmatch(r"\s*(?:<!--.*?-->\s*)+", html, re.DOTALL) is not None


def today_setting(value: object) -> dt.date | None:
    """The ``dmlog_today`` setting as a date: None (the day of the build), a
    ``datetime.date`` or the text YYYY-MM-DD. Raises ValueError saying what to write."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"dmlog_today = {value!r} is not a date: write dmlog_today = \"YYYY-MM-DD\" "
                     "(in quotes), or leave it unset for the day of the build")


def setting_line(conf_text: str, name: str) -> int:
    """The line of conf.py that sets ``name`` (1 if none does), for messages."""
    match = re.search(rf"^{re.escape(name)}\s*=", conf_text, re.MULTILINE)
    return conf_text.count("\n", 0, match.start()) + 1 if match else 1


def title_problem(title: str) -> str | None:
    """Why a title given on the command line cannot be a record's title, or None."""
    if problem := characters.field_problem(title):
        return problem
    if "`" in title:
        return ("has a backtick (`), which sphinx-needs cannot show in a title: write it "
                "without backticks (code may go in the record's text)")
    return allowlist.evaluated_syntax(title)


def option_value(value: str) -> str:
    """A value as written after ``:name:`` so that MyST reads back exactly this text:
    as it is where it can be, else double-quoted (a value starting with a quote, a
    bracket or '#' would otherwise be read as YAML, or lost with its record)."""
    from myst_parser.parsers.options import TokenizeError, options_to_items

    text = " ".join(str(value).split())
    try:
        if options_to_items(f"value: {text}\n")[0] == [("value", text)]:
            return text
    except TokenizeError:
        pass
    return json.dumps(text, ensure_ascii=False)


def fence_for(text: str, character: str = "`") -> str:
    """A fence longer than any run of ``character`` that starts a line of ``text``, so
    that nothing in the text can close the block it is written in (at least 3)."""
    runs = [len(m.group(1)) for m in re.finditer(rf"^[ \t]*({re.escape(character)}{{3,}})",
                                                  text, re.MULTILINE)]
    return character * max(3, max(runs, default=0) + 1)


def directive_in(text: str, names: Iterable[str]) -> str | None:
    """The first directive of ``names`` opened in ``text`` (```{decision} ...), if any:
    text written into a record must not hold another record."""
    pattern = "|".join(re.escape(name) for name in names)
    match = re.search(rf"^[ \t]*(?:`{{3,}}|~{{3,}}|:{{3,}})[ \t]*\{{({pattern})\}}", text, re.MULTILINE)
    return match.group(1) if match else None


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$&])")


def markdown_text(text: str) -> str:
    """Text (a name, a title) as Markdown that shows exactly that text: on one line,
    with every character Markdown or MyST could read as markup escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
