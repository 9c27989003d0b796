"""`dmlog check --format github`: workflow commands GitHub turns into annotations."""

from __future__ import annotations

from dmlog.cli.check import github_annotation
from dmlog.log.problems import Problem


def test_annotation_names_file_and_line() -> None:
    problem = Problem("actions/a.md", 12, "unknown owner 'nobody': fix the spelling")
    assert github_annotation(problem) == ("::error file=actions/a.md,line=12,title=dmlog check::"
                                          "unknown owner 'nobody': fix the spelling")
    assert github_annotation(problem, "log/").startswith("::error file=log/actions/a.md,line=12,")


def test_untrusted_text_cannot_end_the_command() -> None:
    problem = Problem("a,b:c.md", 0, "100% bad\n::warning::injected\r")
    line = github_annotation(problem)
    assert line == ("::error file=a%2Cb%3Ac.md,line=1,title=dmlog check::"
                    "100%25 bad%0A::warning::injected%0D")
    assert "\n" not in line
