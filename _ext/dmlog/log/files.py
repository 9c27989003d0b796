"""Jinja2 templates of generated pages and scaffolded records, and safe file writes."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jinja2


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("dmlog", "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file renamed over the target."""
    tmp = path.with_name(f".{path.name}.dmlog-tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
