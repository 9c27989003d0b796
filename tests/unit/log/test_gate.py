"""The gate and the allow-list it applies, as plain functions (the build and `dmlog check`
run them in tests/build/test_catalogue_sources.py and test_content_gate.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmlog.log import allowlist, gate, layout
from dmlog.settings import SettingError, Settings

RECORDS = "decisions/2021/2021-01-01-x.md"
SITE_PAGE = "docs/notes.md"


def lines_of(problems: list) -> list[int]:
    return [p.line for p in problems]


@pytest.mark.parametrize(("relpath", "content"), [
    ("decisions/2019/x.md", True), ("actions/2019/x.md", True),
    ("docs/meetings/2019/x.md", True), ("docs/meetings/x.md", True),
    ("docs/registry/people.yaml", True),
    ("docs/meetings/index.md", False), ("docs/index.md", False), ("docs/help.md", False),
    ("conf.py", False), ("decisionsX/a.md", False),
])
def test_content_is_the_records_meeting_pages_and_registries(relpath: str, content: bool) -> None:
    assert layout.is_content(relpath) is content


def test_a_refused_directive_is_blanked_line_for_line_and_named_with_what_is_allowed() -> None:
    text = "# T\n\n```{needtable}\n:filter: True\n```\n\nAfter.\n"
    verdict = gate.read(text, RECORDS)
    assert lines_of(verdict.problems) == [3]
    assert "{needtable} directive is not allowed" in verdict.problems[0].message
    assert "{decision}" in verdict.problems[0].message and "{need}" in verdict.problems[0].message
    assert verdict.text == "# T\n\n\n\n\n\nAfter.\n"


def test_the_same_directive_in_a_site_page_is_site_code() -> None:
    text = "# T\n\n```{needtable}\n:filter: True\n```\n"
    assert gate.read(text, SITE_PAGE) == gate.Verdict([], text)


@pytest.mark.parametrize("directive", [*sorted(allowlist.SITE_REFUSED), "NeedExtend"])
def test_directives_that_change_records_are_refused_in_site_pages_too(directive: str) -> None:
    verdict = gate.read(f"```{{{directive}}} X\n```\n", SITE_PAGE)
    assert lines_of(verdict.problems) == [1] and "any page" in verdict.problems[0].message


def test_a_code_fence_myst_reads_as_a_directive_is_one() -> None:
    text = "```needtable\n:filter: True\n```\n"
    # else a code block in a language the highlighter does not know
    assert "language 'needtable' is not one the build knows" in gate.read(text, RECORDS).problems[0].message
    engine = gate.Engine(fence_directives=frozenset({"needtable"}))
    assert lines_of(gate.read(text, RECORDS, engine=engine).problems) == [1]


def test_a_refused_role_and_substitution_become_text_on_their_line() -> None:
    text = "A {need_count}`x` and {{ y }}.\r\nNext.\r\n"
    verdict = gate.read(text, RECORDS)
    assert lines_of(verdict.problems) == [1, 1]
    assert verdict.text == "A need_count`x` and { { y }}.\r\nNext.\r\n"


def test_front_matter_with_a_refused_key_is_left_out_whole() -> None:
    text = "---\norphan: true\nmyst:\n  substitutions: {}\n---\n# T\n"
    verdict = gate.read(text, RECORDS)
    assert lines_of(verdict.problems) == [3] and "'myst'" in verdict.problems[0].message
    assert verdict.text == "\n\n\n\n\n# T\n"
    assert gate.read("---\norphan: true\n---\n# T\n", RECORDS).problems == []


def test_options_beyond_the_allowed_ones_are_refused() -> None:
    verdict = gate.read("```{image} a.png\n:target: javascript:x\n```\n", RECORDS)
    assert lines_of(verdict.problems) == [1] and ":target:" in verdict.problems[0].message
    assert gate.read("```{image} a.png\n:alt: A\n```\n", RECORDS).problems == []


def test_a_formula_may_not_make_links() -> None:
    assert lines_of(gate.read("```{math}\n\\href{javascript:x}{y}\n```\n", RECORDS).problems) == [1]
    assert lines_of(gate.read("See {math}`\\href{javascript:x}{y}`.\n", RECORDS).problems) == [1]


def test_values_the_engine_would_evaluate_are_refused() -> None:
    for value in ("[[copy('id')]]", "<<a:b>>", "{{ x }}", "<{x}>"):
        assert allowlist.evaluated_syntax(f"a {value}") is not None
    assert allowlist.evaluated_syntax("a < b and [link](x)") is None


def test_the_gate_finds_nothing_in_its_own_text() -> None:
    """What the build parses holds nothing refused: the verdict's text passes the gate."""
    text = ("---\nmyst: {}\n---\n# T <img src=x onerror=y>\n\n```{needlist}\n```\n\n"
            "````{decision} T [[x]]\n:id: DEC-2021-001\n:note: <<a:b>>\n\n"
            "{need_func}`x` ![i](../../../etc/passwd) <script>x</script>\n\n"
            "```{eval-rst}\n.. raw:: html\n```\n````\n")
    verdict = gate.read(text, RECORDS)
    assert len(verdict.problems) >= 7
    assert gate.read(verdict.text, RECORDS).problems == []
    assert verdict.text.count("\n") == text.count("\n")


def test_a_site_adds_to_the_allow_list_with_a_reason() -> None:
    settings = Settings.read({"dmlog_content_allow": [
        {"directive": "epigraph", "reason": "a quotation", "options": ["class"]},
        {"role": "pep", "reason": "a link to a PEP"}]})
    assert gate.read("```{epigraph}\nQuote.\n```\n\n{pep}`8`\n", RECORDS, settings.policy).problems == []
    assert lines_of(gate.read("```{epigraph}\n:name: x\n```\n", RECORDS, settings.policy).problems) == [1]


@pytest.mark.parametrize(("entry", "message"), [
    ({"directive": "epigraph"}, "give the reason"),
    ({"role": "pep", "reason": " "}, "give the reason"),
    ({"directive": "eval-rst", "reason": "we trust everyone"}, "can never be allowed"),
    ({"directive": "needextend", "reason": "handy"}, "can never be allowed"),
    ({"directive": "a", "role": "b", "reason": "x"}, "name one directive or one role"),
    ("epigraph", "is not a dict"),
])
def test_an_addition_without_its_reason_or_beyond_the_rules_is_a_setting_error(
        entry: object, message: str) -> None:
    with pytest.raises(SettingError, match=message) as raised:
        Settings.read({"dmlog_content_allow": [entry]})
    assert raised.value.setting == "dmlog_content_allow"


# --- what a later stage of the engine would refuse, said by the gate (its unit cases; the
# catalogue runs the same through check and build) ------------------------------------------
@pytest.mark.parametrize(("text", "line", "says"), [
    ("```nosuchlang\nx\n```\n", 1, "language 'nosuchlang' is not one the build knows"),
    ("```python\na $ b\n```\n", 1, "is not python as the build reads it"),
    ("```{list-table}\n:widths: 1 2 3\n\n* - a\n  - b\n```\n", 1, "has 2 column(s) but :widths: gives 3"),
    ("```{list-table}\n:header-rows: x\n\n* - a\n```\n", 2, ":header-rows: 'x' of {list-table} is not"),
    ("```{list-table}\n* - a\n* b\n```\n", 1, "row 2 of the {list-table} is not a bulleted list"),
    ("```{table}\n:widths: 1\n\n| a | b |\n|---|---|\n```\n", 1, "has 2 column(s) but :widths: gives 1"),
    ("```{code-block} python\n:emphasize-lines: 3\n\nx = 1\n```\n", 1, "names lines the code block"),
    ("```{code-block} python\n:dedent: 2\n\n x = 1\n```\n", 1, ":dedent: 2 would cut text"),
    ("```{note}\n```\n", 1, "{note} needs text"),
    ("```{note}\n:class: a # b\n\nx\n```\n", 2, "'#' starts a comment"),
    ("(x)=\n# T\n", 1, "the label (x)= is not allowed"),
    ("A[^n].\n", 1, "the footnote [^n] is not defined"),
    ("A\n\n---\n", 3, "a horizontal rule"),
])
def test_what_the_engine_would_refuse_later_is_refused_at_its_line(text: str, line: int, says: str) -> None:
    verdict = gate.read(text, RECORDS)
    assert [(p.line, says in p.message) for p in verdict.problems] == [(line, True)]
    assert gate.read(verdict.text, RECORDS).problems == []  # the engine reads nothing of it


def test_references_are_checked_against_the_sites_pages_and_the_pages_headings(tmp_path: Path) -> None:
    (tmp_path / "decisions/2021").mkdir(parents=True)
    (tmp_path / "decisions/2021/other.md").write_text("# Other\n\n## Its part\n")
    engine = gate.Engine(pages=frozenset({"decisions/2021/other", "docs/index"}), heading_anchors=3)
    text = ("# Here\n\n{doc}`other` {doc}`/docs/index` [a](other.md) [b](#here) [c](other.md#its-part)\n\n"
            "{doc}`gone` [d](gone.md) [e](#there) [f](other.md#nope)\n")
    verdict = gate.read(text, RECORDS, engine=engine, root=tmp_path)
    assert [p.line for p in verdict.problems] == [5, 5, 5, 5]
    # without the site's pages (a text alone, as `dmlog new --text` gives one) nothing is resolved
    assert gate.read(text, RECORDS).problems == []
