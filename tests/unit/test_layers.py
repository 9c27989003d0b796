"""The packages stay layered: the import graph of ``dmlog``, drawn statically from the
sources (every import, including those inside functions and under TYPE_CHECKING), has
no cycle and no import from a lower layer to a higher one, and only the Sphinx
extension imports Sphinx, docutils and sphinx-needs (sphinx-needs through its adapter).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "_ext" / "dmlog"

#: The layers, lowest first: a module may import its own layer (within its package)
#: and the layers below. A module belongs to the longest name listed that it starts with.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("schema", ("dmlog.schema",)),
    # the declarations the settings are made of (each imports only the schema)
    # (and the kinds of option value the allow-list gives, dmlog.log.options, which imports nothing)
    ("declarations", ("dmlog.log.layout", "dmlog.log.allowlist", "dmlog.log.options",
                      "dmlog.log.references")),
    ("settings", ("dmlog.settings",)),
    ("log", ("dmlog.log",)),
    # inside the extension: the adapter and the build state, the stages of a build that
    # draw no record, the HTML primitives, the card, the features, the one table of
    # views, and the wiring
    ("sphinxext: adapter and state", ("dmlog.sphinxext.needs", "dmlog.sphinxext.state")),
    ("sphinxext: stages", tuple(f"dmlog.sphinxext.{name}" for name in (
        "inputs", "gate", "transforms", "incremental", "reconcile", "history", "permalinks",
        "editlinks", "typepages"))),
    ("sphinxext: html", ("dmlog.sphinxext.html",)),
    ("sphinxext: card", ("dmlog.sphinxext.card", "dmlog.sphinxext.tracegraph")),
    ("sphinxext: features", tuple(f"dmlog.sphinxext.{name}" for name in (
        "datatable", "overviews", "attention", "traceability", "charts", "tabledirective",
        "reviewpack", "feeds", "search"))),
    ("sphinxext: views", ("dmlog.sphinxext.views",)),
    ("front ends", ("dmlog.sphinxext", "dmlog.importer")),
    ("command", ("dmlog.cli",)),
    ("preset", ("dmlog.conf",)),
)
#: The root package: ``__version__`` (which every layer may read) and the ``setup``
#: Sphinx calls, which imports the extension when called.
ROOT = "dmlog"
#: Who may import what besides dmlog itself.
SPHINX = ("sphinx", "docutils", "sphinx_needs")
SPHINX_NEEDS_ADAPTER = "dmlog.sphinxext.needs"
#: Imports that break the layering or close a cycle today, each with why it is allowed.
KNOWN: dict[tuple[str, str], str] = {
    ("dmlog.importer.structure", "dmlog.importer.finder"):
        "TYPE_CHECKING only: a line names the record it continues",
}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """Every module ``name`` imports: ``from a import b`` names ``a.b`` when that is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            yield from (m for m in submodules if m in known)
            if not all(m in known for m in submodules):
                yield base


@functools.cache
def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: set(imports(name, path, set(found))) for name, path in found.items()}


def checked() -> dict[str, set[str]]:
    """The graph of dmlog's own modules (without the root package) less the known imports."""
    return {module: {t for t in internal(edges) if (module, t) not in KNOWN}
            for module, edges in graph().items() if module != ROOT}


def layer_of(module: str) -> int:
    matches = [(len(prefix), index) for index, (_, prefixes) in enumerate(LAYERS)
               for prefix in prefixes if module == prefix or module.startswith(prefix + ".")]
    if not matches:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__name__}")
    return max(matches)[1]


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def internal(edges: set[str]) -> set[str]:
    return {m for m in edges if (m == ROOT or m.startswith(ROOT + ".")) and m != ROOT}


def test_every_module_is_in_a_layer() -> None:
    listed = {prefix for _, prefixes in LAYERS for prefix in prefixes}
    for module in graph():
        if module != ROOT:
            layer_of(module)
        # the extension's modules are each placed in one of its layers
        assert not module.startswith("dmlog.sphinxext.") or module in listed, \
            f"{module}: add it to one of the sphinxext layers of LAYERS in {__name__}"


def test_no_module_imports_a_higher_layer() -> None:
    upward = []
    for module, edges in checked().items():
        for target in edges:
            here, there = layer_of(module), layer_of(target)
            if there > here or (there == here and package_of(module) != package_of(target)):
                upward.append(f"{module} ({LAYERS[here][0]}) imports {target} ({LAYERS[there][0]})")
    assert not upward, "\n".join(upward)


def test_the_known_exceptions_are_still_needed() -> None:
    edges = graph()
    for module, target in KNOWN:
        assert target in edges[module], f"{module} no longer imports {target}: drop it from KNOWN"


def test_no_import_cycle() -> None:
    edges = checked()
    cycles = []
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target):], target]))
            elif target not in state:
                walk(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            walk(module, [module])
    assert not cycles, "\n".join(cycles)


def test_only_the_extension_imports_sphinx_and_only_its_adapter_sphinx_needs() -> None:
    wrong = []
    for module, edges in graph().items():
        outside = {m.split(".")[0] for m in edges} & set(SPHINX)
        if module == ROOT or module.startswith("dmlog.sphinxext"):
            outside = {"sphinx_needs"} & outside if module != SPHINX_NEEDS_ADAPTER else set()
        wrong += [f"{module} imports {name}" for name in sorted(outside)]
    assert not wrong, "\n".join(wrong)
