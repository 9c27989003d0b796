"""Rubin reference data: people from lsst-texmf's authordb.yaml, documents from its
lsst.bib. The log ships only the entries it uses; these functions refresh them from
a user's copy of lsst-texmf (``dmlog registry refresh``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pybtex.database import parse_file

_TEX = re.compile(r"\\[ ,]|[{}]|~")
_ACCENTS = {r"\o{a}": "å", r"\'e": "é", r"\'a": "á", r'\"o': "ö", r'\"u': "ü"}


def plain(text: str) -> str:
    """TeX-free text for the web: authordb and lsst.bib hold LaTeX."""
    for tex, char in _ACCENTS.items():
        text = text.replace(tex, char)
    return " ".join(_TEX.sub(" ", text).replace("--", "–").split())


class NotReferenceFile(ValueError):
    """The file is not what lsst-texmf's file of that name holds (the message says what)."""


def _mapping(value: Any, what: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise NotReferenceFile(f"{what} is not a mapping but a {type(value).__name__}")
    return value


def authordb_people(path: Path) -> dict[str, dict[str, str]]:
    """authordb id -> {name, affiliation} for every author of the database; raises
    OSError, UnicodeDecodeError, yaml.YAMLError or NotReferenceFile."""
    data = _mapping(yaml.load(path.read_text(encoding="utf-8"),
                              Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), "the file")
    affiliations = _mapping(data.get("affiliations"), "affiliations")
    people = {}
    for author_id, value in _mapping(data.get("authors"), "authors").items():
        author = _mapping(value, f"author {author_id}")
        name = plain(f"{author.get('given_name') or ''} {author.get('family_name') or ''}")
        codes = author.get("affil") or []
        if not isinstance(codes, list):
            raise NotReferenceFile(f"affil of author {author_id} is not a list")
        affil = [plain(str(_mapping(affiliations.get(str(code)), f"affiliation {code}").get("institute")
                           or code))
                 for code in codes]
        people[str(author_id)] = {"name": name, "affiliation": "; ".join(affil)}
    return people


def bib_documents(path: Path) -> dict[str, dict[str, str]]:
    """handle -> {title, url} for every document of an lsst.bib; raises OSError,
    UnicodeDecodeError or pybtex's PybtexError."""
    documents = {}
    for key, entry in parse_file(str(path)).entries.items():
        handle = entry.fields.get("handle") or key
        if "title" in entry.fields:
            documents[handle] = {"title": plain(entry.fields["title"]),
                                 "url": entry.fields.get("url", "")}
    return documents
