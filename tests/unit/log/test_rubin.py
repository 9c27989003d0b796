"""lsst-texmf's reference files read, and a file of another shape refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmlog.log.rubin import NotReferenceFile, authordb_people

AUTHORDB = """\
affiliations:
  UW: {institute: University of Washington}
authors:
  ann: {given_name: Ann, family_name: O'Neil, affil: [UW, Elsewhere]}
"""


def test_an_authordb_gives_names_and_affiliations(tmp_path: Path) -> None:
    path = tmp_path / "authordb.yaml"
    path.write_text(AUTHORDB, encoding="utf-8")
    assert authordb_people(path) == {
        "ann": {"name": "Ann O'Neil", "affiliation": "University of Washington; Elsewhere"}}


@pytest.mark.parametrize(("text", "said"), [
    ("- a list\n", "the file is not a mapping but a list"),
    ("authors: [a, b]\n", "authors is not a mapping but a list"),
    ("authors:\n  ann: 5\n", "author ann is not a mapping but a int"),
    ("authors:\n  ann: {affil: UW}\n", "affil of author ann is not a list"),
    ("affiliations: {UW: Somewhere}\nauthors:\n  ann: {affil: [UW]}\n",
     "affiliation UW is not a mapping but a str"),
])
def test_another_shape_is_refused_saying_where(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "authordb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NotReferenceFile, match=said):
        authordb_people(path)
