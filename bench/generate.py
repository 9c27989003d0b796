"""Synthetic decision logs for the benchmark.

``generate(n, root)`` writes four sites with the same text: ``root/dmlog`` (records as
dmlog directives, views and registries), ``root/plain`` (the same records as plain
MyST paragraphs, the same pages, no sphinx-needs), ``root/needs`` (the peer a team
would otherwise use: the same record directives in a plain sphinx-needs site, with
extra fields and links, two ``needtable`` views and sphinx-needs' own cards) and
``root/floor`` (dmlog's record directives and sphinx-needs settings, sphinx-needs trimmed
as dmlog trims it, but none of dmlog's pages: each record shown as its body text, no
views, so what is left is what keeping the records as sphinx-needs directives costs at
all).
About 10 records per meeting; people, milestones and documents in proportion.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from dmlog.log import registries

WORDS = [
    "butler", "registry", "schema", "pipeline", "alert", "production", "calibration", "camera",
    "summit", "portal", "notebook", "qserv", "ingest", "milestone", "release", "metrics", "coadd",
    "template", "survey", "photometry", "astrometry", "database", "catalog", "deployment",
    "service", "review", "plan", "budget", "middleware", "workflow", "provenance", "dataset",
    "processing", "science", "platform", "operations", "verification", "commissioning", "network",
    "storage", "authentication", "tutorial",
]
STATUSES = ("proposed", "adopted", "adopted", "adopted", "implemented", "withdrawn")
ACTION_STATUSES = ("open", "open", "in-progress", "done", "done", "cancelled")

CONF = """
from dmlog.conf import *
project = "Benchmark log"
dmlog_today = "2026-01-01"
# Sphinx's own search index, as the plain site builds (the Pagefind index is apart)
dmlog_search = False
"""
# The plain site: the same theme and settings, without dmlog and sphinx-needs.
PLAIN_CONF = """
from dmlog.conf import *
extensions = ["myst_parser"]
project = "Benchmark log"
"""

# The peer: the same theme and settings, sphinx-needs as a team would set it up for
# these records (three types, their fields as strings, two links), no dmlog.
NEEDS_CONF = """
from dmlog.conf import *
# sphinx-needs' own defaults, not the settings dmlog derives for it
for _name in [name for name in globals() if name.startswith("needs_")]:
    del globals()[_name]
extensions = ["myst_parser", "sphinx_needs"]
project = "Benchmark log"
needs_types = [{"directive": name, "title": name.title(), "prefix": "", "color": "#BFD8D2",
                "style": "node"} for name in ("decision", "action", "meeting")]
needs_fields = {name: {"nullable": True, "schema": {"type": "string"}}
                for name in ("date", "owner", "due", "closed", "chair", "milestone", "document")}
needs_links = {"meeting": {"incoming": "decisions and actions", "outgoing": "meeting"},
               "decision": {"incoming": "actions", "outgoing": "decision"}}
needs_id_regex = "^[A-Z][A-Za-z0-9-]+$"
needs_build_json = True
"""

# The floor: the records as the dmlog site has them (its directives, and its registry
# entries as directives too), read with the sphinx-needs settings dmlog derives
# (dmlog.conf), without dmlog's pages: each record shown as its body
# (records_as_text.py), sphinx-needs trimmed as dmlog's adapter trims it
FLOOR_CONF = """
from dmlog.conf import *
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
extensions = ["myst_parser", "sphinx_needs", "records_as_text"]
project = "Benchmark log"
"""
# Before sphinx-needs draws its cards (its doctree-resolved handler, at the default
# priority 500), each record becomes its body: the text plain MyST shows, no table of
# fields. sphinx-needs still reads, resolves and writes every record to needs.json, with
# what dmlog saves it (dmlog.sphinxext.needs): no copy of each record's node kept in the
# environment, no bookkeeping fields in needs.json.
RECORDS_AS_TEXT = '''"""Each sphinx-needs record shown as its body text; sphinx-needs trimmed
as dmlog trims it."""
from docutils import nodes
from sphinx_needs.nodes import Need

from dmlog.sphinxext import incremental, leave_out_of_needs_json


def _as_text(app, doctree, docname):
    for node in list(doctree.findall(Need)):
        node.replace_self(nodes.container("", *node.children, ids=node["ids"]))


def _json_fields(app, exception):
    if exception is None:
        leave_out_of_needs_json(app)


def setup(app):
    app.connect("doctree-resolved", _as_text, priority=400)
    app.connect("env-updated", incremental.drop_node_copies)
    app.connect("build-finished", _json_fields, priority=400)
    return {"parallel_read_safe": True}
'''


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _directive(kind: str, title: str, options: dict[str, str], body: str) -> str:
    lines = [f"```{{{kind}}} {title}"] + [f":{k}: {v}" for k, v in options.items() if v]
    return "\n".join(lines) + f"\n\n{body}\n```\n"


def _plain(kind: str, record_id: str, title: str, options: dict[str, str], body: str) -> str:
    facts = " · ".join(f"{k}: {v}" for k, v in options.items() if v and k != "id")
    return f"**{record_id}** ({kind}) **{title}**\n\n{facts}\n\n{body}\n"


def generate(n: int, root: Path, seed: int = 2019) -> None:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    meetings = max(1, n // 10)
    people = [f"person{i:03d}" for i in range(max(10, n // 80))]
    milestones = [f"MS-bench-{i:03d}" for i in range(max(5, n // 120))]
    documents = [f"DMTN-{100 + i:03d}" for i in range(max(5, n // 60))]
    dmlog: dict[str, str] = {"conf.py": CONF}
    plain: dict[str, str] = {"conf.py": PLAIN_CONF}
    peer: dict[str, str] = {"conf.py": NEEDS_CONF}

    registry = {"people.yaml": "people:\n" + "".join(
        f"  {p}:\n    name: Person {p[6:]} {rng.choice(WORDS).title()}\n" for p in people),
        "milestones.yaml": "milestones:\n" + "".join(
            f"  {m}:\n    title: {_sentence(rng, 4)}\n    due: 2026-0{rng.randint(1, 9)}-15\n"
            for m in milestones),
        "documents.yaml": "documents:\n" + "".join(
            f"  {d}:\n    title: {_sentence(rng, 5)}\n" for d in documents)}
    for name, text in registry.items():
        dmlog[f"docs/registry/{name}"] = text
    for folder, ids in (("people", people), ("milestones", milestones), ("documents", documents)):
        plain[f"docs/{folder}/index.md"] = f"# {folder.title()}\n\n```{{toctree}}\n:hidden:\n\n" + \
            "\n".join(ids) + "\n```\n"
        for record_id in ids:
            plain[f"docs/{folder}/{record_id}.md"] = f"# {record_id}\n\n**{record_id}** entry.\n"
    peer.update(plain)
    peer["conf.py"] = NEEDS_CONF

    counters: dict[str, int] = {}
    for m in range(meetings):
        year = 2015 + m * 12 // meetings
        month = 1 + m % 12
        day = 1 + m % 28
        slug = f"meeting-{m:04d}"
        meeting_id = f"MTG-{year}-{month:02d}-{day:02d}-{slug}"
        name = f"{year}-{month:02d}-{day:02d}-{slug}"
        title = f"Meeting {m}: {_sentence(rng, 3)}"
        meeting_opts = {"id": meeting_id, "date": f"{year}-{month:02d}-{day:02d}",
                        "chair": rng.choice(people)}
        notes = "\n\n".join(_sentence(rng, 25) + "." for _ in range(3))
        dmlog[f"docs/meetings/{year}/{name}.md"] = peer[f"docs/meetings/{year}/{name}.md"] = (
            f"# {title}\n\n" + _directive("meeting", title, meeting_opts, "Minutes.") + f"\n{notes}\n")
        plain[f"docs/meetings/{year}/{name}.md"] = (
            f"# {title}\n\n" + _plain("meeting", meeting_id, title, meeting_opts, "Minutes.")
            + f"\n{notes}\n")
        decisions, actions = [], []
        per_meeting = 10 if m < meetings - 1 else n - 10 * (meetings - 1)
        for r in range(per_meeting):
            kind = "decision" if r < 4 else "action"
            counters[f"{kind}{year}"] = number = counters.get(f"{kind}{year}", 0) + 1
            prefix = "DEC" if kind == "decision" else "ACT"
            record_id = f"{prefix}-{year}-{number:03d}"
            title = _sentence(rng, 7)
            body = _sentence(rng, 40) + "."
            if kind == "decision":
                options = {"id": record_id, "status": rng.choice(STATUSES),
                           "date": meeting_opts["date"], "meeting": meeting_id,
                           "owner": rng.choice(people),
                           "milestone": rng.choice(milestones) if rng.random() < 0.3 else "",
                           "document": rng.choice(documents) if rng.random() < 0.3 else "",
                           "tags": ", ".join(rng.sample(WORDS, 2))}
                decisions.append((record_id, title, options, body))
            else:
                options = _action_options(rng, record_id, meeting_id, people, decisions)
                actions.append((record_id, title, options, body))
        for kind, records, folder in (("decision", decisions, "decisions"),
                                      ("action", actions, "actions")):
            heading = f"# {folder.title()}: {title}\n\n"
            dmlog[f"{folder}/{year}/{name}.md"] = peer[f"{folder}/{year}/{name}.md"] = (
                heading + "\n".join(_directive(kind, t, o, b) for _, t, o, b in records))
            plain[f"{folder}/{year}/{name}.md"] = heading + "\n".join(
                _plain(kind, i, t, o, b) for i, t, o, b in records)

    _add_views(dmlog, plain, peer)
    floor = _floor(dmlog, plain)
    for site, files in (("dmlog", dmlog), ("plain", plain), ("needs", peer), ("floor", floor)):
        for name, text in files.items():
            path = root / site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.lstrip("\n"), encoding="utf-8")
    _floor_entries(root)


def _floor(dmlog: dict[str, str], plain: dict[str, str]) -> dict[str, str]:
    """The floor site's files but its registry entries' pages (:func:`_floor_entries`):
    dmlog's records and meetings, plain MyST's list pages (no views)."""
    floor = {"conf.py": FLOOR_CONF, "records_as_text.py": RECORDS_AS_TEXT}
    floor.update({name: text for name, text in dmlog.items()
                  if name.startswith(("decisions/", "actions/", "docs/meetings/"))})
    floor.update({name: text for name, text in plain.items()
                  if name.endswith("index.md") or name in ("docs/decisions.md", "docs/actions.md")})
    return floor


def _floor_entries(root: Path) -> None:
    """The floor's registry entries: each the page dmlog generates for it (its directive),
    from the dmlog site's registries; the folders' index pages stay plain MyST's."""
    entries, problems = registries.load(root / "dmlog" / "docs" / "registry", root / "dmlog")
    assert not problems, problems
    docs = root / "floor" / "docs"
    indexes = {path: path.read_text(encoding="utf-8") for path in docs.glob("*/index.md")}
    registries.write_pages(entries, docs)
    for path, text in indexes.items():
        path.write_text(text, encoding="utf-8")


def _action_options(rng: random.Random, record_id: str, meeting_id: str, people: list[str],
                    decisions: list[tuple[str, str, dict[str, str], str]]) -> dict[str, str]:
    """An action's options: due at the end of its meeting's month (70 %), implementing
    the meeting's first decision (half of them)."""
    year, month = meeting_id.split("-")[1:3]
    status = rng.choice(ACTION_STATUSES)
    return {"id": record_id, "status": status,
            "owner": ", ".join(rng.sample(people, rng.choice((1, 1, 2)))),
            "meeting": meeting_id,
            "due": f"{year}-{month}-28" if rng.random() < 0.7 else "",
            # an open action never implements a withdrawn decision (a problem)
            "decision": decisions[0][0] if decisions and rng.random() < 0.5
            and (status in ("done", "cancelled")
                 or decisions[0][2]["status"] != "withdrawn")
            else "",
            "closed": f"{year}-{month}-20" if status in ("done", "cancelled") else ""}


def _add_views(dmlog: dict[str, str], plain: dict[str, str], peer: dict[str, str]) -> None:
    """The index and the list pages of each site: dmlog's views, the peer's two tables."""
    index = ("# Benchmark log\n\n{views}\n```{{toctree}}\n:hidden:\n\ndecisions\nactions\n"
             "meetings/index\npeople/index\nmilestones/index\ndocuments/index\n```\n")
    dmlog["docs/index.md"] = index.format(views="```{dmlog-view} summary\n```\n\n"
                                          "```{dmlog-view} latest-decisions\n```\n")
    plain["docs/index.md"] = peer["docs/index.md"] = index.format(views="")
    for name, view, glob in (("decisions", "decision-log", "/decisions/*/*"),
                             ("actions", "action-tracker", "/actions/*/*"),
                             ("meetings/index", "meetings", "*/*")):
        dmlog[f"docs/{name}.md"] = (f"# {name}\n\n```{{dmlog-view}} {view}\n```\n\n"
                                    f"```{{dmlog-toctree}}\n{glob}\n```\n")
        plain[f"docs/{name}.md"] = peer[f"docs/{name}.md"] = (
            f"# {name}\n\n```{{toctree}}\n:hidden:\n:glob:\n\n{glob}\n```\n")
    # the peer's two views: its tables of decisions and of actions
    for name, columns in (("decisions", "id, title, status, owner, date, meeting"),
                          ("actions", "id, title, status, owner, due, meeting, decision")):
        peer[f"docs/{name}.md"] = peer[f"docs/{name}.md"].replace(
            "\n\n", f"\n\n```{{needtable}}\n:types: {name[:-1]}\n:columns: {columns}\n"
            ":style: datatables\n```\n\n", 1)


REVIEW_PAGES = {
    "docs/traceability.md": "# Traceability\n\n```{dmlog-view} traceability\n```\n",
    "docs/attention.md": "# Needs attention\n\n```{dmlog-view} needs-attention\n```\n",
    "docs/review.md": ("# Review\n\n```{dmlog-review}\n:since: 2024-01-01\n```\n\n"
                       "```{dmlog-table}\n:types: action\n:filter: open and due-within: 30d\n"
                       ":columns: id, title, owner, due, overdue, decision, milestone, gaps\n"
                       ":sort: due\n:group-by: owner\n```\n"),
}


def add_review_pages(site: Path) -> None:
    """The review pages of issue #11 in a generated dmlog site, linked from its index."""
    for name, text in REVIEW_PAGES.items():
        (site / name).write_text(text, encoding="utf-8")
    index = site / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "actions\n", "actions\ntraceability\nattention\nreview\n", 1), encoding="utf-8")


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
