"""Parity: what `dmlog import` writes from every corpus file passes `dmlog check` and
builds with no warning, once the names the importer reported are in the registry.

The corpus is imported in two halves, each into one site built once (builds are slow),
by this module and tests/build/test_import_parity_second_half.py, so that the two run at
the same time. The people the importer could not resolve (a dry run of the half as one
back catalogue names them) are added to the people registry before the real import, in
one edit of people.yaml per round as a reviewer would make it (`dmlog new person` adding
them one by one would read the whole log 240 times; it has its own tests); actions the
minutes give no owner are then assigned by hand. Each meeting is then imported on its
own, with the date, title and slug its labels give.
"""

from __future__ import annotations

from pathlib import Path

from helpers import corpus_minutes, import_and_build


def test_the_first_half_of_the_corpus_imports_to_a_log_that_checks_and_builds(tmp_path: Path) -> None:
    import_and_build(tmp_path / "site", corpus_minutes()[0::2])
