"""The gate's reading of code blocks agrees with Sphinx's highlighter, which warns (and
fails a -W build) about the same blocks when it writes the page."""

from __future__ import annotations

import logging

import pytest
from sphinx.highlighting import PygmentsBridge

from dmlog.log import highlighting

#: (code, language, :force:, whether the build warns)
BLOCKS = [
    ("x = 1\n", "python", False, False), ("a $ b ?\n", "python", False, True),
    ("a $ b ?\n", "py3", False, True), ("a $ b ?\n", "default", False, False),
    (">>> 1 $\n", "default", False, False), (">>> 1 $\n", "pycon", False, True),
    ("a $ b ?\n", "python", True, False), ("{,,}\n", "json", False, False),
    ("a: [\n", "yaml", False, False), ("x\n", "nosuchlang", False, True),
    ("x\n", "nosuchlang", True, True), ("x\n", "none", False, False), ("make html\n", "sh", False, False),
    ("int main() { @ }\n", "c", False, True), ("`x` $\n", "text", False, False),
    ("SELECT 1;\n", "sql", False, False), ("<b>\n", "html", False, False), ("x\n", "guess", False, False),
]


@pytest.mark.parametrize(("code", "language", "force", "warns"), BLOCKS)
def test_the_gate_refuses_the_blocks_sphinx_warns_about(caplog: pytest.LogCaptureFixture, code: str,
                                                        language: str, force: bool, warns: bool) -> None:
    with caplog.at_level(logging.WARNING):
        PygmentsBridge("html").highlight_block(code, language, force=force)
    assert any(record.levelno >= logging.WARNING for record in caplog.records) is warns
    assert (highlighting.problem(code, language, force) is not None) is warns
