"""Plain-text minutes as the meeting page's Markdown, laid out as they were written.

Text pasted from a wiki or an e-mail keeps its structure in glyphs and indentation:
"Agenda" alone on a line, "1. Datasets" with "- Gaia DR3" indented under it, "Date: …"
and "Attendees: …" at the top. The page writes them again as Markdown: section lines as
headings, bullets and numbered items as lists nested as the indentation nests them
(numbers kept), the meeting's fields (date, attendees, chair, …) as a definition list,
and other lines as paragraphs. The text itself is only ever shown, never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dmlog.importer import vocabulary
from dmlog.importer.structure import Line, section_label
from dmlog.log import allowlist

#: A list item of plain text: a bullet glyph or a number, then its text.
_ITEM = re.compile(r"^(?P<marker>[•·▪◦‣●○■□➢➤►▶✓✔☐☑→*+-]|\d{1,2}[.)])\s+(?P<text>\S.*)$")
#: A short line naming what follows ("Summit services"), not a sentence.
_TITLE = re.compile(r"^[A-Z0-9][^.,;:!?]{0,58}[^.,;:!?\s]$")
_HEADING_LEVEL = 3  # under the page's "## Discussion"


def safe_markdown(text: str) -> str:
    """Minutes' Markdown made safe for this site: roles and directives of other
    extensions (a technote's {cite:p}, {abstract}) become plain text."""
    text = re.sub(r"\{cite:\w+\}`([^`]*)`", r"(\1)", text)
    # links within the minutes' own page ("[Action #3](#action3)") or to files beside it
    # have no target in the log: keep their text (an image's: its description)
    text = re.sub(r"!\[([^\]]*)\]\((?!https?://)(?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\((?!https?://|mailto:)(?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)",
                  r"\1", text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    # a link definition ("[r]: path") would make "[text][r]" elsewhere a link: text too
    text = re.sub(r"^(\s*)\[(?=[^\]]+\]:)", r"\1\\[", text)
    # a MyST label ("(name)=") names something for the whole site, which content may not: text too
    text = re.sub(r"^(\s*)\((?=[^()\n]*\)=\s*$)", r"\1\\(", text, flags=re.M)
    # a URL of another scheme (ftp://) or none (//host), which linkify would link: text
    text = re.sub(r"(?<![\w.+-])(?!https?:)([A-Za-z][\w+.-]*:)//", r"\1/ /", text)
    text = re.sub(r"(?<![\w:/])//(?=\w)", "/ /", text)
    # roles that link to a record, page or file name targets of the log the minutes came
    # from, not of this one: their text is kept as code, like other extensions' roles
    roles = "|".join(map(re.escape, set(allowlist.ROLES) - allowlist.TARGET_ROLES))
    text = re.sub(rf"\{{(?!(?:{roles})\}})[\w:.+-]+\}}`([^`]*)`", r"`\1`", text)
    # minutes are untrusted: their HTML is shown as text, never run, and so is what
    # would be a substitution if a page turned them on
    return re.sub(r"<(?=[A-Za-z!/?])", "&lt;", text).replace("{{", "{ {")


def inline_text(text: str) -> str:
    """A line's text as the inline content of a paragraph, list item or field: nothing at
    its start may open a block (a heading, list, quote, table, fence, HTML)."""
    text = " ".join(safe_markdown(text).split())
    if number := re.match(r"^\d+(?=[.)](?:\s|$))", text):  # "1." would number a list: "1\."
        return f"{number[0]}\\{text[number.end():]}"
    if re.match(r"^(?:[#>|*+=_:~-]|`{3}|<)", text):
        text = "\\" + text
    return text


def meeting_field(line: Line) -> tuple[str, str] | None:
    """(label, value) of a line that gives a field of the meeting ("Date: 2024-05-02",
    "Attendees: …"), or None."""
    match = re.match(r"^(?P<label>[^:]{2,40}):\s*(?P<value>\S.*)$", line.clean)
    if not match:
        return None
    found = section_label(line)
    if (found and found[1]) or vocabulary.MEETING_FIELD.fullmatch(match["label"].strip()):
        return match["label"].strip(), match["value"]
    return None


@dataclass
class _Level:
    indent: int  # the minutes' indentation of this list's items
    content: int  # the column where an item's text, and what nests in it, is written


class TextNotes:
    """The notes of plain-text minutes, line by line, as Markdown."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.levels: list[_Level] = []  # the lists open at this point, outermost first

    def add(self, line: Line, following: Line | None, text: str | None = None) -> None:
        """Write ``line`` (or ``text`` in its place: a pointer to the records it became);
        ``following`` is the next line, which tells a section title from a sentence."""
        item = _ITEM.match(line.text)
        words = text if text is not None else (item["text"] if item else line.text)
        if item:
            self._item(line.depth, item["marker"], words)
        elif self.levels and line.depth > self.levels[0].indent:
            self._nested_paragraph(line.depth, words)
        elif text is None and (found := meeting_field(line)):
            self._block(f"{inline_text(found[0])}\n: {inline_text(found[1])}")
        elif text is None and self._is_heading(line, following):
            self._block(f"{'#' * _HEADING_LEVEL} {inline_text(line.clean.rstrip(':'))}")
        else:
            self._block(inline_text(words))

    def markdown(self) -> str:
        return "\n".join(self.out).strip("\n") + "\n"

    @staticmethod
    def _is_heading(line: Line, following: Line | None) -> bool:
        if line.role == "heading":  # "Agenda", "Action items" alone on a line
            return True
        leads_a_list = following is not None and (
            following.depth > line.depth or bool(_ITEM.match(following.text)))
        return line.depth == 0 and leads_a_list and bool(_TITLE.match(line.clean))

    def _block(self, markdown: str) -> None:
        """A paragraph, heading or field at the margin: it ends any open list."""
        self.levels.clear()
        if self.out and self.out[-1]:
            self.out.append("")
        self.out += [markdown, ""]

    def _item(self, indent: int, marker: str, words: str) -> None:
        starts_a_list = not self.levels
        while self.levels and self.levels[-1].indent > indent:
            self.levels.pop()
        if self.levels and self.levels[-1].indent == indent:
            self.levels.pop()  # a sibling: written where the list's last item was
        column = self.levels[-1].content if self.levels else 0
        if starts_a_list and self.out and self.out[-1]:
            self.out.append("")
        if not marker[0].isdigit():
            marker = "-"
        self.levels.append(_Level(indent, column + len(marker) + 1))
        self.out.append(f"{' ' * column}{marker} {inline_text(words)}")

    def _nested_paragraph(self, indent: int, words: str) -> None:
        """An indented line without a marker: a paragraph of the item it is under."""
        while len(self.levels) > 1 and self.levels[-1].indent >= indent:
            self.levels.pop()
        self.out += ["", f"{' ' * self.levels[-1].content}{inline_text(words)}"]
