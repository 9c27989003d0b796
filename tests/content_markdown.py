"""Hypothesis strategies for pages of the log mixing what content may use with what it
may not: the property tests of the gate (tests/unit/log/test_gate_properties.py) and
of check against the build (tests/build/test_content_gate.py) draw from them."""

from __future__ import annotations

from hypothesis import strategies as st

MEETING = "MTG-2020-05-01-review"

#: Blocks content may use.
ALLOWED = (
    "Plain text with *emphasis*, **strong** and `code`.",
    "- one\n- two\n  - nested",
    "1. first\n2. second",
    "```python\nprint('code {{ is not a substitution }}')\n```",
    ":::{note}\nA note with a [link](https://example.org).\n:::",
    "```{math}\ne = mc^2\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "See {need}`DEC-2020-001` and <kbd>Ctrl</kbd>.",
    "```{warning}\n- a list in a warning\n```",
    "Term\n: its definition",
    "<!-- a comment -->",
    "```{list-table}\n:widths: 1 2\n:header-rows: 1\n\n* - a\n  - b\n* - 1\n  - 2\n```",
)
#: Blocks content may not use (each refused somewhere on its lines).
REFUSED = (
    "```{needtable}\n:filter: True\n```",
    "```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```",
    "Count {need_count}`True` here.",
    "A substitution {{ x }} here.",
    "<script>alert(1)</script>",
    "Inline <img src=x onerror=y> here.",
    "![p](../../../etc/passwd)",
    "```{dmlog-table}\n:filter: stauts == open\n```",
    "```{needextend} DEC-2020-001\n:status: withdrawn\n```",
    "See {pep}`8`.",
    ":::{note}\n```{needlist}\n```\n:::",
    "```{image} a.png\n:target: javascript:x\n```",
    "```{math}\n\\href{javascript:x}{y}\n```",
    "[r]: ../../../etc/passwd\n\nSee [this][r] and [r].",
    "See ftp://example.org/x.",
    "```nosuchlang\nx = 1\n```",
    "```{list-table}\n:widths: 1 2 3\n\n* - a\n  - b\n```",
    "```{note}\n```",
    "(a-label)=\n## A labelled heading",
    "See [nowhere](#nowhere) and {doc}`no/page`.",
    "```python\na $ b ?\n```",
)
FRONT_MATTER = ("", "---\norphan: true\n---\n", "---\nmyst:\n  substitutions:\n    x: 1\n---\n")


@st.composite
def record(draw: st.DrawFn, record_id: str) -> str:
    """A decision, its title, options and text drawn from both lists."""
    title = draw(st.sampled_from(("A decision", "Use {{ x }}", "Plain [[copy('id')]]")))
    note = draw(st.sampled_from(("", ":note: fine\n", ":note: <<a:b>>\n", ':note: [[copy("id")]]\n')))
    body = draw(st.lists(st.sampled_from(ALLOWED + REFUSED), max_size=3))
    return (f"````{{decision}} {title}\n:id: {record_id}\n:status: adopted\n:date: 2021-01-01\n"
            f":meeting: {MEETING}\n{note}\n" + "\n\n".join(body or ["Text."]) + "\n````\n")


@st.composite
def page(draw: st.DrawFn, number: int) -> str:
    """A records file: front matter or not, a heading, blocks and records in any order."""
    blocks = []
    for index in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(("allowed", "refused", "record")))
        if kind == "record":
            blocks.append(draw(record(f"DEC-2022-{number:02d}{index}")))
        else:
            blocks.append(draw(st.sampled_from(ALLOWED if kind == "allowed" else REFUSED)))
    return draw(st.sampled_from(FRONT_MATTER)) + f"# Page {number}\n\n" + "\n\n".join(blocks) + "\n"
