"""What the build's highlighter says of a code block, said without Sphinx.

Sphinx colours every code block with Pygments when it writes the page
(``sphinx.highlighting.PygmentsBridge``) and warns, which fails a ``-W`` build, when
the block names a language Pygments does not know, or when the lexer of the language it
names meets a token it cannot read (unless the block says ``:force:``). Both come long
after the page was read, at a line of their own; the gate (:mod:`dmlog.log.gate`) asks
this module first, so that `dmlog check` and the build report the same problem at the
block's first line and the engine never sees the block. It follows Sphinx's choice of
lexer: Python for ``py``, ``python``, ``py3``, ``python3`` and ``default`` (a Python
console session when the code starts with ``>>>``), and ``default`` (the
``highlight_language`` of a site that sets none) falls back to plain text without a word.

Pygments is the library Sphinx itself uses (pinned with it), so the two cannot
disagree about the names of languages or what their lexers read. Lexers a site adds
in conf.py (``app.add_lexer``) are not known here: a block in such a language is
refused by both tools.
"""

from __future__ import annotations

from pygments.lexer import Lexer
from pygments.lexers import (
    CLexer,
    PythonConsoleLexer,
    PythonLexer,
    RstLexer,
    TextLexer,
    get_lexer_by_name,
    guess_lexer,
)
from pygments.token import Error
from pygments.util import ClassNotFound

#: The language of a code block that names none, unless conf.py sets ``highlight_language``.
DEFAULT = "default"
_PYTHON = frozenset({"py", "python", "py3", "python3", DEFAULT})
#: Lexers Sphinx chooses for these names itself.
_SPHINX_LEXERS: dict[str, type[Lexer]] = {"none": TextLexer, "python": PythonLexer,
                                          "pycon": PythonConsoleLexer, "rest": RstLexer, "c": CLexer}


def _lexer(code: str, language: str) -> Lexer:
    """The lexer Sphinx picks for ``language`` (ClassNotFound if Pygments knows none)."""
    if language in _PYTHON:
        language = "pycon" if code.startswith(">>>") else "python"
    elif language == "pycon3":
        language = "pycon"
    if language in _SPHINX_LEXERS:
        return _SPHINX_LEXERS[language](stripnl=False)
    if language == "guess":
        return guess_lexer(code, stripnl=False)
    return get_lexer_by_name(language, stripnl=False)


def problem(code: str, language: str, force: bool = False) -> str | None:
    """Why the build would warn about a code block in ``language``, or None."""
    try:
        lexer = _lexer(code, language)
    except ClassNotFound:
        return (f"the code block's language '{language}' is not one the build knows (Pygments): "
                "name a language it knows (python, sh, yaml, json, text, …; "
                "https://pygments.org/languages/) or `text` for plain text")
    if force or language == DEFAULT:  # Sphinx shows it as plain text, quietly
        return None
    line = 1
    for kind, value in lexer.get_tokens(code):
        if kind is Error:
            return (f"the code block is not {language} as the build reads it: '{value}' on its "
                    f"line {line} is not {language} (Pygments); correct the code, or name the "
                    "language it is in (`text` for plain text)")
        line += value.count("\n")
    return None
