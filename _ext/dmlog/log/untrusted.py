"""The checks one untrusted value passes before the log publishes it, shared by the
build and ``dmlog``: a URL, a file a page takes, inline HTML, a title given on the
command line, text that would open a record.

Record bodies, registry values, imported minutes and text given on the command line
are untrusted: whoever can open a pull request writes them, and a pull-request
preview built in CI runs with the runner's files. What content may use at all is the
policy (:mod:`dmlog.log.allowlist`); reading every page against it is the gate
(:mod:`dmlog.log.gate`); writing untrusted text into the log's files so that it stays
text is :mod:`dmlog.log.escaping`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from dmlog.log import allowlist, characters, tree

#: URL schemes a link of the log may use; anything else (javascript:, data:, file:,
#: vbscript:...) is refused. Links without a scheme are relative links of the site.
URL_SCHEMES = ("http", "https", "mailto")
ALLOWED_URLS = "http(s):// or mailto: URLs, or links relative to the site"

HTML_TAGS, HTML_ATTRIBUTES = allowlist.HTML_TAGS, allowlist.HTML_ATTRIBUTES
ALLOWED_HTML = (f"only the tags <{'>, <'.join(HTML_TAGS)}> with {' and '.join(HTML_ATTRIBUTES)} "
                "attributes; write links, images and tables in Markdown")


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


def title_problem(title: str) -> str | None:
    """Why a title given on the command line cannot be a record's title, or None."""
    if problem := characters.field_problem(title):
        return problem
    if "`" in title:
        return ("has a backtick (`), which sphinx-needs cannot show in a title: write it "
                "without backticks (code may go in the record's text)")
    return allowlist.evaluated_syntax(title)


def directive_in(text: str, names: Iterable[str]) -> str | None:
    """The first directive of ``names`` opened in ``text`` (```{decision} ...), if any:
    text written into a record must not hold another record."""
    pattern = "|".join(re.escape(name) for name in names)
    match = re.search(rf"^[ \t]*(?:`{{3,}}|~{{3,}}|:{{3,}})[ \t]*\{{({pattern})\}}", text, re.MULTILINE)
    return match.group(1) if match else None
