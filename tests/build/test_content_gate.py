"""Every directive and role the running Sphinx application knows, in a content file:
`dmlog check` and the build both refuse each one the allow-list does not name, at its
line, and the build reports nothing else of the file (the engine never saw them).

The names come from an application made from the site's own conf.py: docutils' own,
Sphinx's (with its domains, prefixed and as the default and standard domains let them be
written unprefixed), MyST's, sphinx-needs' and those of every other extension conf.py
loads. An extension added to conf.py adds its names here: if the gate let any through,
this test fails.

The same site holds random pages mixing allowed and refused content
(tests/content_markdown.py; Hypothesis draws them, seeded): `dmlog check` and the build
report the same (file, line) problems for each page, and the same records: every record
the reader sees is a record of the site at its line, or both tools report that line.
A failure names the page, whose text is in the site folder it prints.

One build and one check of one site hold them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from content_markdown import page
from dmlog.log import allowlist, options, sources
from helpers import Build, copy_root, dmlog, sphinx_build

PAGE = "decisions/2020/2020-05-01-everything.md"
#: the random pages, and where they go
PAGES = 40
RANDOM_PAGE = "decisions/2022/2022-01-01-page-{:02d}.md"
#: MyST reads ```{eval-rst} itself: it is no directive docutils or Sphinx registers
MYST_OWN_DIRECTIVES = ("eval-rst",)


#: Option converters of the engine, by directive and option (the allowed ones)
Converters = dict[str, dict[str, Callable[[str | None], object]]]


def registered_names(site: Path) -> tuple[set[str], set[str], Converters]:
    """(directives, roles) of a Sphinx application configured by the site's conf.py, and
    the option converters of the allowed directives."""
    from docutils.parsers.rst import directives, roles
    from docutils.parsers.rst.languages import en
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    out = site.parent / "enumerate"
    with patch_docutils(site), docutils_namespace():
        app = Sphinx(site, site, out / "html", out / "doctrees", "html", status=None, warning=None)
        converters = {name: dict(getattr(directives.directive(name, en, None)[0], "option_spec", None) or {})
                      for name in allowlist.DIRECTIVES}
        found_directives = {*directives._directive_registry, *directives._directives,
                            *en.directives, *MYST_OWN_DIRECTIVES}
        found_roles = {*roles._role_registry, *roles._roles, *en.roles}
        unprefixed = {app.config.primary_domain or "py", "std"}
        for domain in app.env.domains.sorted():
            found_directives |= {f"{domain.name}:{name}" for name in domain.directives}
            found_roles |= {f"{domain.name}:{name}" for name in domain.roles}
            if domain.name in unprefixed:
                found_directives |= set(domain.directives)
                found_roles |= set(domain.roles)
    return found_directives, found_roles, converters


def drawn_pages() -> list[str]:
    """PAGES pages, the same on every run: Hypothesis draws them (generation only, one
    list per example; the last, most varied, is kept)."""
    drawn: list[list[str]] = []

    @settings(max_examples=5, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.tuples(*(page(number) for number in range(PAGES))))
    def collect(pages: tuple[str, ...]) -> None:
        drawn.append(list(pages))

    collect()
    return drawn[-1]


@dataclass
class Everything:
    site: Path
    lines: dict[int, str]  # line -> the directive or role written there
    build: Build
    by_build: set[tuple[str, int, str]]  # (file, line, message)
    by_check: set[tuple[str, int, str]]
    converters: Converters


LOCATION = re.compile(r"^(?:.*?/site/)?(?P<path>(?:decisions|actions|docs)/[^\s:]+):(?P<line>\d+): "
                      r"(?:WARNING|ERROR|CRITICAL): (?P<message>.*?)(?: \[[\w.]+\])?$", re.M)


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> Everything:
    site = copy_root("mini", tmp_path_factory.mktemp("everything") / "site")
    # conf.py may have MyST read code fences of a language as a directive
    with open(site / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('myst_fence_as_directive = ["needlist"]\n')
    directives, roles, converters = registered_names(site)
    assert {"needtable", "needextend", "needimport", "eval-rst", "raw", "py:function",
            "dmlog-review"} <= directives
    assert {"need_count", "ndf", "raw", "variant", "sub-ref"} <= roles
    text = ["# Everything the engine knows", ""]
    lines: dict[int, str] = {}
    for name in sorted(directives - set(allowlist.DIRECTIVES)):
        lines[len(text) + 1] = f"directive {name}"
        text += [f"```{{{name}}}", "```", ""]
    lines[len(text) + 1] = "directive needlist as a code fence"
    text += ["```needlist", "```", ""]
    md = sources.markdown_parser(inline=True)
    for name in sorted(roles - set(allowlist.ROLES)):
        written = f"{{{name}}}`x`"
        # a name MyST does not read as a role (too long) is text for the engine too
        if any(child.type == "myst_role" for child in md.parseInline(written)[0].children or []):
            lines[len(text) + 1] = f"role {name}"
            text += [written, ""]
    (site / PAGE).write_text("\n".join(text), encoding="utf-8")
    (site / RANDOM_PAGE).parent.mkdir(parents=True)
    for number, drawn in enumerate(drawn_pages()):
        (site / RANDOM_PAGE.format(number)).write_text(drawn, encoding="utf-8")
    build = sphinx_build(site)
    check = dmlog(site, "check", "--format", "json")
    problems = json.loads(check.stdout)["problems"]
    assert "Traceback" not in build.output + check.stderr
    return Everything(site, lines, build,
                      {(m["path"], int(m["line"]), m["message"]) for m in LOCATION.finditer(build.output)},
                      {(p["file"], p["line"], p["message"]) for p in problems}, converters)


def test_there_are_hundreds_of_names_and_most_are_refused(everything: Everything) -> None:
    kinds = [what.split()[0] for what in everything.lines.values()]
    assert kinds.count("directive") > 150 and kinds.count("role") > 100


def test_check_refuses_every_name_not_on_the_allow_list_at_its_line(everything: Everything) -> None:
    refused = {line for (path, line, message) in everything.by_check
               if path == PAGE and "is not allowed in the log's content" in message}
    missed = {everything.lines[line] for line in set(everything.lines) - refused}
    assert not missed, sorted(missed)
    # and nothing at other lines (a record type of the registries is also a record
    # without an ID, at the same line)
    assert {line for (path, line, _) in everything.by_check if path == PAGE} == set(everything.lines)


def test_the_build_refuses_the_same_and_reports_nothing_else(everything: Everything) -> None:
    assert "Traceback" not in everything.build.output and everything.build.returncode != 0
    assert ({p for p in everything.by_build if p[0] == PAGE}
            == {p for p in everything.by_check if p[0] == PAGE})
    # the rest of the site is as it was: the file added nothing but its refusals
    assert {p[0] for p in everything.by_build} <= {PAGE, *(RANDOM_PAGE.format(n) for n in range(PAGES))}


# --- random pages ---------------------------------------------------------------------------
def test_the_pages_mix_allowed_and_refused_content(everything: Everything) -> None:
    texts = [(everything.site / RANDOM_PAGE.format(n)).read_text(encoding="utf-8") for n in range(PAGES)]
    refused = {path for path, _, _ in everything.by_check if path.startswith("decisions/2022/")}
    assert 5 < len(refused) < PAGES  # some pages pass, most do not
    assert sum(text.count("{decision}") for text in texts) > 20


@pytest.mark.parametrize("number", range(PAGES))
def test_check_and_build_report_the_same_lines(everything: Everything, number: int) -> None:
    path = RANDOM_PAGE.format(number)
    by_build = {p[:2] for p in everything.by_build if p[0] == path}
    by_check = {p[:2] for p in everything.by_check if p[0] == path}
    assert by_check == by_build, \
        f"{everything.site / path}: check {sorted(by_check)}, build {sorted(by_build)}"


def test_check_and_build_have_the_same_records(everything: Everything) -> None:
    files, _ = sources.read_sources(everything.site)
    seen = {(source.relpath, item.record.id, item.record.line)
            for source in files if source.relpath.startswith("decisions/2022/") for item in source.records}
    built = {(f"{need['docname']}.md", need_id, need["lineno"])
             for need_id, need in everything.build.needs.items()
             if need["docname"].startswith("decisions/2022/")}
    reported = {p[:2] for p in everything.by_check} & {p[:2] for p in everything.by_build}
    assert built <= seen
    assert {(path, line) for path, _, line in seen - built} <= reported


# --- the values of allowed options ----------------------------------------------------------
#: Values to try on every allowed option (MyST hands an empty one over as None).
VALUES = ("", "x", "Title", "1", "0", "-1", "007", "3.5", "12px", "3 em", "2Q", "50%", "50 %", "auto",
          "grid", "1 2", "1,2", "1, 2", "1,,2", "0 1", "left", "Center", "top", "image", "a b", "a1 b2",
          "123", "é", "-", "1-3", "3-1", "2-", "-2", "1,3-5", "1-2-3", "x y", "٣", "1_0", "12 px")


def test_every_allowed_option_is_one_the_engine_knows(everything: Everything) -> None:
    for name, allowed in allowlist.DIRECTIVES.items():
        if allowed.options is not None:
            assert set(allowed.options) <= set(everything.converters[name]), name


def test_the_gate_passes_only_option_values_the_engine_accepts(everything: Everything) -> None:
    """A value the gate lets through is never refused later by the option's converter
    (MyST calls it at the option's line; a flag is given no value whatever is written)."""
    from docutils.parsers.rst.directives import flag

    accepted_somewhere = set()
    for name, allowed in allowlist.DIRECTIVES.items():
        for option, kind in (allowed.options or {}).items():
            convert = everything.converters[name][option]
            for value in VALUES:
                if options.problem(kind, value) is None:
                    accepted_somewhere.add((kind, value))
                    convert(None if not value or convert is flag else value)  # raises if refused
    # and each kind lets through the values it is for
    assert {(options.LENGTH, "12px"), (options.ALIGN, "Center"), (options.WIDTHS, "1, 2"),
            (options.TABLE_WIDTHS, "grid"), (options.LINES, "1,3-5"), (options.CLASS, "a1 b2"),
            (options.INTEGER, "-1"), (options.OPTIONAL_COUNT, ""), (options.FIGURE_WIDTH, "image"),
            (options.LENGTH_OR_PERCENTAGE, "50 %")} <= accepted_somewhere
