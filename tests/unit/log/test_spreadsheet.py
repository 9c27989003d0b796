"""Every CSV the log writes shows record text as text in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from dmlog.log import spreadsheet


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x/?leak","Click")', "+1+cmd|' /C calc'!A0",
                                  "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"])
def test_a_cell_a_spreadsheet_would_read_as_a_formula_starts_with_an_apostrophe(text: str) -> None:
    assert spreadsheet.cell(text) == "'" + text


@pytest.mark.parametrize("value, shown", [("Use Gaia DR2", "Use Gaia DR2"), ("", ""), (None, ""),
                                          (True, "True"), ("a = b", "a = b"), ("'quoted", "'quoted")])
def test_other_cells_are_as_they_are(value: object, shown: str) -> None:
    assert spreadsheet.cell(value) == shown


def test_csv_text_neutralises_every_cell_and_reads_back() -> None:
    text = spreadsheet.csv_text(["id", "=title"], [["DEC-2020-001", '=HYPERLINK("x", "y")'],
                                                   ["DEC-2020-002", "plain, with a comma"]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["id", "'=title"], ["DEC-2020-001", "'=HYPERLINK(\"x\", \"y\")"],
        ["DEC-2020-002", "plain, with a comma"]]
