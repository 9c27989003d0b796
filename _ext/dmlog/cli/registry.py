"""`dmlog registry refresh`: the registries in step with lsst-texmf."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dmlog import schema
from dmlog.cli.project import Project, fail, root_option
from dmlog.log import edits


@click.group()
def registry() -> None:
    """Keep the registries in step with lsst-texmf (authordb.yaml, lsst.bib)."""


@registry.command()
@click.option("--authordb", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="lsst-texmf's etc/authordb.yaml: refresh names and affiliations.")
@click.option("--bib", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="lsst-texmf's lsst.bib: refresh document titles and URLs.")
@click.option("--add", "add_ids", multiple=True,
              help="Also add this authordb id or document handle (repeatable).")
@root_option
def refresh(authordb: Path | None, bib: Path | None, add_ids: tuple[str, ...], root: Path | None) -> None:
    """Refresh the registry entries the log uses from a copy of lsst-texmf."""

    if not authordb and not bib:
        fail("give --authordb and/or --bib")
    project = Project(root)
    with project.editing():
        _refresh(project, authordb, bib, add_ids)


def _refresh(project: Project, authordb: Path | None, bib: Path | None,
             add_ids: tuple[str, ...]) -> None:
    from dmlog.log import rubin

    folder = project.root / project.registry_dir
    changes = []
    for source, kind, load, fields in (
            (authordb, schema.PERSON, rubin.authordb_people, ("name", "affiliation")),
            (bib, schema.DOCUMENT, rubin.bib_documents, ("title", "url"))):
        filename, section = schema.TYPES[kind].registry
        if source is None:
            continue
        reference = _reference(source, section, load)
        path = folder / filename
        entries = _registry_section(path, section)
        changes += [(path, *change) for change in _differences(entries, reference, fields)]
        for entry_id in add_ids:
            if entry_id in reference and entry_id not in entries:
                found = reference[entry_id]
                edits.add_registry_entry(project.root, path, section, entry_id,
                                         {k: found[k] for k in fields if found.get(k)})
                click.echo(f"{path.relative_to(project.root)}: added {entry_id}")
    for path, entry_id, key, value in changes:
        edits.set_registry_value(path, entry_id, key, value)
        click.echo(f"{path.relative_to(project.root)}: {entry_id}.{key} = {value}")
    if not changes:
        click.echo("registries are up to date")


Reference = dict[str, dict[str, str]]


def _reference(source: Path, section: str, load: Callable[[Path], Reference]) -> Reference:
    """lsst-texmf's file read, or exit saying it is not one."""
    import yaml
    from pybtex.exceptions import PybtexError

    try:
        return load(source)
    # a copy of lsst-texmf's file that is not what it should be
    except (OSError, ValueError, yaml.YAMLError, PybtexError) as err:
        kind = "authordb.yaml" if section == schema.TYPES[schema.PERSON].registry[1] else "lsst.bib"
        fail(f"{source}: cannot be read as lsst-texmf's {kind} ({type(err).__name__}: "
             f"{' '.join(str(err).split())}); give a copy of lsst-texmf's file")


def _registry_section(path: Path, section: str) -> dict[str, Any]:
    """The entries of a section of the log's registry file (none if there is no file)."""
    from dmlog.log import safeyaml
    from dmlog.log.problems import LogError

    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"), str(path)) if path.exists() else {}
    except LogError as err:
        fail(str(err))
    return (data or {}).get(section) or {}


def _differences(entries: dict[str, Any], reference: Reference,
                 fields: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(entry, field, lsst-texmf's value) wherever the registry says otherwise, but for
    entries marked ``authordb: no``."""
    found = []
    for entry_id, values in entries.items():
        if entry_id in reference and (values or {}).get("authordb") != "no":
            for key in fields:
                if reference[entry_id].get(key) and (values or {}).get(key) != reference[entry_id][key]:
                    found.append((entry_id, key, reference[entry_id][key]))
    return found
