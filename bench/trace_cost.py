"""What graphviz would cost for the trace pictures, against dmlog's own layout.

    python bench/trace_cost.py SITE/_build/html/needs.json [--sample 200]

Reads the records of a built log (its needs.json), draws every decision's, meeting's
and milestone's trace with dmlog's layout (:mod:`dmlog.sphinxext.tracegraph`), and
the same graphs (same nodes, edges, labels and colours) as DOT for graphviz's ``dot``:
one process per graph, as Sphinx's graphviz extension and sphinx-needs' ``needflow``
run it (timed on a sample, scaled to all), and all graphs in one batched call. Also
a small matplotlib figure per graph. CPU times; needs ``dot`` on the PATH for the
graphviz figures (Debian: ``apt-get install graphviz``).
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dmlog.sphinxext import tracegraph


class _Records:
    """What the layout reads of a page's renderer: the records, and links to them."""

    def __init__(self, needs: dict[str, dict[str, Any]]) -> None:
        self.needs = needs
        self.shown: set[str] = set()

    def uri(self, record: Mapping[str, Any]) -> str:
        return f"#{record['id']}"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def dot_source(records: _Records, need: Mapping[str, Any]) -> str | None:
    layers, edges = tracegraph._layers(records, need)  # type: ignore[arg-type]
    layers = [[i for i in layer if i in records.needs][:12] for layer in layers]
    if sum(1 for layer in layers if layer) < 2 or not edges:
        return None
    lines = [f'digraph "{need["id"]}" {{ rankdir=LR; node [shape=box style="rounded,filled" '
             'fontsize=10 fontname="sans-serif"];']
    for layer in layers:
        for node_id in layer:
            status = records.needs[node_id].get("status") or ""
            lines.append(f'"{node_id}" [label="{node_id} · {status}" URL="#{node_id}" '
                         f'fillcolor="{tracegraph._FILL.get(status, "#f5f5f5")}"];')
    lines += [f'"{a}" -> "{b}";' for a, b in edges]
    return "\n".join([*lines, "}"])


def matplotlib_figure(rows: int) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    figure, axes = plt.subplots(figsize=(6, 0.35 * rows + 0.3))
    axes.set_axis_off()
    for column in range(3):
        for row in range(rows):
            axes.add_patch(FancyBboxPatch((column * 3, row), 2.2, 0.7, boxstyle="round,pad=0.02",
                                          fc="#e3f0fb"))
            axes.text(column * 3 + 0.1, row + 0.3, f"ACT-2020-{row:03d} · open", fontsize=8)
    axes.set_xlim(0, 9)
    axes.set_ylim(0, rows)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("needs_json", type=Path)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    needs = json.loads(args.needs_json.read_text(encoding="utf-8"))["versions"][""]["needs"]
    for need in needs.values():
        need.setdefault("overdue", False)
    records = _Records(needs)
    subjects = [n for n in needs.values() if n["type"] in ("decision", "meeting", "milestone")]

    start = time.process_time()
    drawn = [svg for svg in (tracegraph.trace_graph(records, n) for n in subjects)  # type: ignore[arg-type]
             if svg]
    print(f"dmlog layout: {len(drawn)} graphs in {time.process_time() - start:.2f} s CPU, "
          f"{sum(map(len, drawn)) / 1e6:.1f} MB of SVG")

    sources = [s for s in (dot_source(records, n) for n in subjects) if s]
    sample = sources[: args.sample]
    start = time.process_time()
    for _ in range(min(30, len(sample))):
        matplotlib_figure(3)
    each = (time.process_time() - start) / max(1, min(30, len(sample)))
    print(f"matplotlib: {each * 1000:.0f} ms CPU per figure, {each * len(sources):.1f} s for all")

    if shutil.which("dot") is None:
        print("graphviz: no `dot` on the PATH (apt-get install graphviz); not measured")
        return 0
    before = _children_cpu()
    for source in sample:
        subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, check=True)
    each = (_children_cpu() - before) / len(sample)
    print(f"graphviz, a process per graph: {each * 1000:.1f} ms CPU each "
          f"(a sample of {len(sample)}), {each * len(sources):.1f} s for all {len(sources)}")
    before = _children_cpu()
    out = subprocess.run(["dot", "-Tsvg"], input="\n".join(sources), capture_output=True,
                         text=True, check=True).stdout
    print(f"graphviz, one batched call: {_children_cpu() - before:.2f} s CPU for "
          f"{out.count('<svg')} graphs, {len(out) / 1e6:.1f} MB of SVG")
    return 0


if __name__ == "__main__":
    sys.exit(main())
