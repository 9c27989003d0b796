"""Untrusted text (a title, a name, a value, a record's body) written into the log's
MyST files so that it reads back as exactly that text: the transform of the writers
(:mod:`dmlog.log.edits`, the templates of :mod:`dmlog.log.files`, the importer).
"""

from __future__ import annotations

import json
import re


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


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$&])")


def markdown_text(text: str) -> str:
    """Text (a name, a title) as Markdown that shows exactly that text: on one line,
    with every character Markdown or MyST could read as markup escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
