"""Rubin reference data: people from lsst-texmf's authordb.yaml, documents from its
lsst.bib. The log ships only the entries it uses; these functions refresh them from
a user's copy of lsst-texmf (``dmlog registry refresh``)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pybtex.database import parse_file

_TEX = re.compile(r"\\[ ,]|[{}]|~")
_ACCENTS = {r"\o{a}": "å", r"\'e": "é", r"\'a": "á", r'\"o': "ö", r'\"u': "ü"}


def plain(text: str) -> str:
    """TeX-free text for the web: authordb and lsst.bib hold LaTeX."""
    for tex, char in _ACCENTS.items():
        text = text.replace(tex, char)
    return " ".join(_TEX.sub(" ", text).replace("--", "–").split())


def authordb_people(path: Path) -> dict[str, dict[str, str]]:
    """authordb id -> {name, affiliation} for every author of the database."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    affiliations = data.get("affiliations", {})
    people = {}
    for author_id, author in data.get("authors", {}).items():
        name = plain(f"{author.get('given_name') or ''} {author.get('family_name') or ''}")
        affil = [plain(affiliations.get(code, {}).get("institute") or code)
                 for code in author.get("affil") or []]
        people[author_id] = {"name": name, "affiliation": "; ".join(affil)}
    return people


def bib_documents(path: Path) -> dict[str, dict[str, str]]:
    """handle -> {title, url} for every document of an lsst.bib."""
    documents = {}
    for key, entry in parse_file(str(path)).entries.items():
        handle = entry.fields.get("handle") or key
        if "title" in entry.fields:
            documents[handle] = {"title": plain(entry.fields["title"]),
                                 "url": entry.fields.get("url", "")}
    return documents
