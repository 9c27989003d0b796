"""Record types live in the schema: outside ``schema.py`` no string in dmlog's code is a
type's name, its plural (capitalised or not) or its ID prefix (``DEC``, ``DEC-…``).
Code that means a type says so through the schema (``schema.DECISION``, a type's
``plural``, ``home``, ``prefix``); what remains is named below with why. Docstrings are
prose and not counted."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dmlog import schema

PACKAGE = Path(__file__).parents[2] / "_ext" / "dmlog"

_VOCABULARY = "the words minutes use for decisions, actions and meetings (section headings, labels), " \
    "which the importer reads: English, not the record types"
_COMPUTED = "names of the table language's computed columns (`:columns: actions, milestones`), " \
    "which pages write"
_LABELS = "what dmlog's own views of the built-in types print: figures, column titles and axes"
#: file -> (how many type names it holds, why they stay)
ALLOWED: dict[str, tuple[int, str]] = {
    "importer/vocabulary.py": (11, _VOCABULARY),
    "importer/style.py": (2, _VOCABULARY + " (a style file's section names)"),
    "importer/catalogue.py": (1, _VOCABULARY),
    "importer/plan.py": (1, "the key of the meeting's attendees in `dmlog import --format json`"),
    "log/tablespec.py": (14, _COMPUTED),
    "sphinxext/tabledirective.py": (5, _COMPUTED),
    "sphinxext/views.py": (4, "view names pages write (`{dmlog-view} people`)"),
    "sphinxext/overviews.py": (6, _LABELS),
    "sphinxext/traceability.py": (2, _LABELS),
    "sphinxext/charts.py": (2, _LABELS),
    "sphinxext/datatable.py": (1, "a column's option: its names sorted as people's, by surname"),
}


def _type_words() -> tuple[set[str], re.Pattern[str]]:
    builtin = [t for t in schema.TYPES.values() if not t.custom]
    words = {form for t in builtin for word in (t.name, t.plural) for form in (word, word.capitalize())}
    prefixes = [t.prefix for t in builtin if t.prefix]
    return words | set(prefixes), re.compile(rf"^(?:{'|'.join(prefixes)})-")


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """The string constants of a module but its docstrings, with their lines."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docstrings]


def type_names() -> dict[str, list[str]]:
    """file -> the type names its strings are (with their lines)."""
    words, prefixed = _type_words()
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relpath = path.relative_to(PACKAGE).as_posix()
        if relpath == "schema.py":
            continue
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if text in words or prefixed.match(text):
                found.setdefault(relpath, []).append(f"{line}: {text!r}")
    return found


def test_no_record_type_is_named_outside_the_schema_but_those_allowed() -> None:
    found = type_names()
    wrong = [f"{relpath}: {len(names)} type names ({', '.join(names)}), allowed "
             f"{ALLOWED.get(relpath, (0, ''))[0]}" for relpath, names in found.items()
             if len(names) != ALLOWED.get(relpath, (0, ""))[0]]
    wrong += [f"{relpath}: allowed {count} type names, holds none: remove it from ALLOWED"
              for relpath, (count, _) in ALLOWED.items() if relpath not in found]
    assert not wrong, ("a record type named outside the schema: take it from dmlog.schema "
                       "(schema.DECISION, a type's plural, home or prefix), or name the file in "
                       "ALLOWED with why\n" + "\n".join(wrong))


def test_the_scan_finds_type_names_in_code_but_not_in_docstrings() -> None:
    words, prefixed = _type_words()
    tree = ast.parse('"""About decisions."""\nKIND = "decision"\nLABEL = "Actions"\n'
                     'PATTERN = "DEC-2019-003"\nOTHER = "agenda"\n')
    assert [text for _, text in _strings(tree) if text in words or prefixed.match(text)] == [
        "decision", "Actions", "DEC-2019-003"]
