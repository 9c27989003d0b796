"""Charts for the review meeting, drawn at build time as static SVG with matplotlib:
``{dmlog-view} chart-actions`` (open and overdue actions over time, from git history)
and ``{dmlog-view} chart-decisions`` (decisions per quarter by status). Each has a
text alternative: a caption and the figures as a table.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes

from dmlog import schema
from dmlog.log import timeline
from dmlog.sphinxext import state
from dmlog.sphinxext.history import HISTORY_KIND
from dmlog.sphinxext.html import Renderer, raw
from dmlog.sphinxext.incremental import TODAY_KIND

CHART_DIR = "_static/dmlog-charts"
#: Amber, purple, blue and green (after Okabe and Ito's colours, told apart with any
#: colour vision), each at 4:1 or more on white; the two retired statuses are greys,
#: hatched, so that they stay apart in grey print. Charts are drawn for a light
#: background (in dark mode the theme sets images on a white one).
STATUS_COLOURS = {"proposed": "#b36b00", "flagged": "#a6508a", "adopted": "#0072b2",
                  "implemented": "#008060", "superseded": "#767676", "withdrawn": "#4d4d4d"}
STATUS_HATCHES = {"superseded": "//", "withdrawn": ".."}
#: Text and lines of the charts: dark enough for 4.5:1 on their light background.
INK, LINES = "#333333", "#666666"


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    # no date, and IDs salted by content: the same log draws the same bytes
    figure.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True,
                   bbox_inches="tight")
    return buffer.getvalue()


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.hashsalt": "dmlog", "font.size": 9, "text.color": INK,
                                "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
                                "axes.edgecolor": LINES, "hatch.color": "#ffffff"})
    import matplotlib.pyplot as plt

    return plt


def _write(r: Renderer, name: str, svg: str) -> str:
    """The chart's file in the output, and its address from the page being written."""
    path = Path(r.app.outdir) / CHART_DIR / f"{name}.svg"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != svg:
        path.write_text(svg, encoding="utf-8")
    digest = hashlib.sha1(svg.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{'../' * r.docname.count('/')}{CHART_DIR}/{name}.svg?v={digest}"


def date_ticks(days: Sequence[date], most: int = 8) -> list[date]:
    """The dates of a series to mark on its axis: at most ``most``, every k-th from the
    last (today's) back, so that ticks fall on the series' own days, never between
    them, and each is labelled as a full date with its year."""
    step = max(1, math.ceil(len(days) / most))
    return list(days[::-1][::step][::-1])


def _figure(src: str, alt: str, caption: str, table: str) -> str:
    return (f'<figure class="dmlog-chart"><img src="{escape(src)}" alt="{escape(alt)}">'
            f"<figcaption>{escape(caption)}</figcaption>"
            f"<details><summary>The figures</summary>{table}</details></figure>")


def chart_actions(r: Renderer, _node: nodes.Element, _doctree: nodes.document) -> list[nodes.Node]:
    build = state.of(r.app)
    r.read(HISTORY_KIND, TODAY_KIND)  # a commit alone, or a new day, changes the chart
    if build.history is None:
        return [raw(f'<p class="dmlog-empty">{escape(build.history_note)} The chart of open '
                    "actions over time needs it.</p>")]
    facts = build.facts
    today = facts.today if facts is not None else None
    series = timeline.actions_over_time(r.by_type.get(schema.ACTION, []), build.history,
                                        today or max(e.date for h in build.history.records.values()
                                                     for e in h.events))
    if not series:
        return [raw('<p class="dmlog-empty">No action has a history in git yet.</p>')]
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.4, 2.6))
    days = [d for d, _, _ in series]
    axes.plot(days, [o for _, o, _ in series], color=STATUS_COLOURS["adopted"], marker="o", label="open")
    axes.plot(days, [v for _, _, v in series], color="#c92a2a", marker="s", linestyle="--",
              label="overdue")
    axes.set_ylabel("actions")
    axes.set_ylim(bottom=0)
    ticks = date_ticks(days)
    axes.set_xticks(ticks, [day.isoformat() for day in ticks])
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.autofmt_xdate()
    src = _write(r, "actions-over-time", _svg(figure))
    plt.close(figure)
    last = series[-1]
    rows = "".join(f"<tr><td>{d.isoformat()}</td><td>{o}</td><td>{v}</td></tr>" for d, o, v in series)
    return [raw(_figure(
        src, f"Line chart: open and overdue actions at the end of each month; on "
             f"{last[0].isoformat()}, {last[1]} open and {last[2]} overdue.",
        "Open and overdue actions at the end of each month (from git history).",
        '<table class="table dmlog-table"><thead><tr><th>Date</th><th>Open</th><th>Overdue</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"), "no-search")]


def chart_decisions(r: Renderer, _node: nodes.Element, _doctree: nodes.document) -> list[nodes.Node]:
    counts = timeline.decisions_by_quarter(r.by_type.get(schema.DECISION, []))
    if not counts:
        return [raw('<p class="dmlog-empty">No decisions recorded yet.</p>')]
    statuses = [s for s in schema.TYPES[schema.DECISION].statuses
                if any(s in by_status for by_status in counts.values())]
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.4, 2.6))
    quarters = list(counts)
    bottom = [0] * len(quarters)
    for status in statuses:
        heights = [counts[q].get(status, 0) for q in quarters]
        axes.bar(quarters, heights, width=0.6, bottom=bottom, label=status,
                 color=STATUS_COLOURS.get(status, "#999"), hatch=STATUS_HATCHES.get(status))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_ylabel("decisions")
    # a quarter or two keep bars of a quarter's width (of six), centred, not the chart's
    margin = max(0, 6 - len(quarters)) / 2
    axes.set_xlim(-0.6 - margin, len(quarters) - 0.4 + margin)
    # the legend beside the bars, newest status on top as the bars are stacked
    handles, labels = axes.get_legend_handles_labels()
    axes.legend(handles[::-1], labels[::-1], frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    src = _write(r, "decisions-per-quarter", _svg(figure))
    plt.close(figure)
    head = "".join(f"<th>{escape(s)}</th>" for s in statuses)
    rows = "".join(f"<tr><td>{escape(q)}</td>" + "".join(
        f"<td>{counts[q].get(s, 0)}</td>" for s in statuses) + "</tr>" for q in quarters)
    summary = "; ".join(f"{q}: {sum(counts[q].values())}" for q in quarters)
    return [raw(_figure(
        src, f"Stacked bar chart of decisions per quarter by their status now. {summary}.",
        "Decisions per quarter, by their status now.",
        f'<table class="table dmlog-table"><thead><tr><th>Quarter</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"), "no-search")]
