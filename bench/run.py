"""Benchmark: dmlog against the same text as plain MyST pages and as a plain
sphinx-needs site, measured in one run.

    python bench/run.py [--sizes 5000 20000] [--repeat 3]

For each size it generates a synthetic log (bench/generate.py) as four sites: dmlog,
plain MyST (the same pages, the records as paragraphs), plain sphinx-needs (the peer a
team would otherwise use: the same record directives, two ``needtable`` views,
sphinx-needs' own cards) and the sphinx-needs floor (dmlog's record directives and
sphinx-needs settings, sphinx-needs trimmed as dmlog trims it, none of dmlog's pages:
each record shown as its body, what keeping the records as sphinx-needs directives
costs before anything is drawn from them). Then, alternating the sites so that all see
the same machine load, each --repeat times (medians reported):

- full build: a fresh ``sphinx-build -b html`` of each site;
- incremental build: one action's status changed in one file (open to done, then
  back, ...), then a rebuild of each site;
- peak memory of each full build's process;
- ``dmlog check`` of the whole log, against the dmlog full build.

It prints the times and their ratios: of the build processes' CPU time, whole
processes from start to exit (on a shared machine wall time also measures the other
jobs; it is shown beside), measured in the same run. Results are also written to bench/_work/results.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import dmlog

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import add_review_pages, generate  # noqa: E402

CHILD = """
import json, resource, sys, time
from sphinx.cmd.build import build_main
# CPU time spent inside sphinx-needs' own code (its directives while reading, its
# event handlers, its post-processing wherever it is first asked for), so that the
# report can tell sphinx-needs' share of a dmlog build from dmlog's
inside = {"cpu_s": 0.0, "depth": 0}
def timed(function):
    def wrapper(*args, **kwargs):
        if inside["depth"]:
            return function(*args, **kwargs)
        inside["depth"] += 1
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            inside["cpu_s"] += time.process_time() - start
            inside["depth"] -= 1
    return wrapper
try:
    import sphinx.events
    import sphinx_needs.directives.need as need_module
    need_module.NeedDirective.run = timed(need_module.NeedDirective.run)
    need_module.post_process_needs_data = timed(need_module.post_process_needs_data)
    connect = sphinx.events.EventManager.connect
    def connect_timed(self, name, callback, priority):
        # (not the purge handler dmlog replaces: it finds it by identity)
        if getattr(callback, "__module__", "").startswith("sphinx_needs") and name != "env-purge-doc":
            callback = timed(callback)
        return connect(self, name, callback, priority)
    sphinx.events.EventManager.connect = connect_timed
except ImportError:
    pass
rc = build_main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
print("BENCH " + json.dumps({"rc": rc, "maxrss_mb": usage.ru_maxrss / 1024,
      "sphinx_needs_cpu_s": inside["cpu_s"]}))
"""
#: issue #7's targets, against plain MyST measured in the same run
TARGET_FULL_RATIO = 1.25
TARGET_INCREMENTAL_RATIO = 2.0
TARGET_MEMORY_RATIO = 1.4
TARGET_CHECK_RATIO = 0.03
#: issue #18's target: at or below the plain sphinx-needs peer on every figure
TARGET_PEER_RATIO = 1.0
#: the sites of one size, built in this order each round
SITES = ("dmlog", "plain", "needs", "floor")


def build(site: Path, fresh: bool) -> dict:
    out = site / "_build"
    if fresh and out.exists():
        shutil.rmtree(out)
    start, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, "-b", "html", "-d", str(out / "doctrees"),
         str(site), str(out / "html")], capture_output=True, text=True,
        # one progress line per page written: CI=true would make Sphinx redraw one line
        env={**os.environ, "NO_COLOR": "1"})
    seconds = time.perf_counter() - start
    # the whole process's CPU, its exit included (tearing down a large heap is part of
    # what a build costs), as /usr/bin/time reports it
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    lines = result.stdout.splitlines()
    report = [json.loads(line[6:]) for line in lines if line.startswith("BENCH ")]
    if result.returncode or not report or report[0]["rc"]:
        sys.exit(f"build of {site} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    written = sum(1 for line in lines if line.startswith("writing output... ["))
    return {"seconds": seconds, "cpu_s": cpu_s, "memory_mb": report[0]["maxrss_mb"],
            "pages_written": written, "sphinx_needs_cpu_s": report[0]["sphinx_needs_cpu_s"]}


def check(site: Path) -> float | None:
    """Seconds `dmlog check` takes on the whole log (None where it is not installed)."""
    command = shutil.which("dmlog", path=str(Path(sys.executable).parent))
    if command is None:
        return None
    start = time.perf_counter()
    result = subprocess.run([command, "check", "--root", str(site)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    # exit status 1 with its summary: the check ran and found problems in the generated
    # data (e.g. open actions of withdrawn decisions), which is what it is timed doing
    if result.returncode and not (result.returncode == 1 and "problem(s) in" in result.stderr):
        sys.exit(f"dmlog check failed on {site}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return seconds


def edited_record(site: Path) -> str:
    """The ID of the first open action of the log: the record the incremental builds edit."""
    for path in sorted((site / "actions").rglob("*.md")):
        if found := re.search(r":id: (ACT-[\w-]+)\n:status: open\n", path.read_text(encoding="utf-8")):
            return found[1]
    sys.exit(f"no open action found in {site}")


def set_status(site: Path, record_id: str, old: str, new: str) -> None:
    """Change one action's status in its file, as a user would before a rebuild; the
    plain site holds the same line as text (``status: open · ...``)."""
    pattern = re.compile(rf"(:id: {record_id}\n:status: |\*\*{record_id}\*\* \(action\) [^\n]*\n\n"
                         rf"status: ){old}\b")
    for path in sorted((site / "actions").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        changed, count = pattern.subn(rf"\g<1>{new}", text, count=1)
        if count:
            path.write_text(changed, encoding="utf-8")
            return
    sys.exit(f"{record_id} with status {old} not found in {site}")


def review_site(dmlog: Path, target: Path) -> Path:
    """The dmlog site with the traceability, needs-attention and review pages, in a
    git repository (so that history is read), as issue #11 measures it."""
    shutil.copytree(dmlog, target)
    add_review_pages(target)
    (target / ".gitignore").write_text("_build/\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "log"]):
        subprocess.run(["git", "-C", str(target), *command], check=True, env=env)
    return target


def measure(size: int, repeat: int, workdir: Path, review: bool = False) -> dict:
    root = workdir / str(size)
    generate(size, root)
    sites = {name: root / name for name in SITES}
    if review:
        sites["review"] = review_site(sites["dmlog"], root / "review")
    fulls: dict[str, list[dict]] = {name: [] for name in sites}
    for _ in range(repeat):
        for name, site in sites.items():
            fulls[name].append(build(site, fresh=True))
    # one record edited, then each site rebuilt; the status goes back and forth, so
    # every round is the same one-record edit
    record_id = edited_record(sites["dmlog"])
    incrementals: dict[str, list[dict]] = {name: [] for name in SITES}
    for round_ in range(repeat):
        old, new = ("open", "done") if round_ % 2 == 0 else ("done", "open")
        for name in SITES:
            set_status(sites[name], record_id, old, new)
            incrementals[name].append(build(sites[name], fresh=False))
    checks = [c for c in (check(sites["dmlog"]) for _ in range(repeat)) if c is not None]

    def median(runs: dict[str, list[dict]], site: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[site])

    result = {
        "records": size,
        "edited": record_id,
        "pages": fulls["dmlog"][0]["pages_written"],
        "full_s": {s: median(fulls, s, "seconds") for s in fulls},
        "full_cpu_s": {s: median(fulls, s, "cpu_s") for s in fulls},
        "memory_mb": {s: median(fulls, s, "memory_mb") for s in fulls},
        "incremental_s": {s: median(incrementals, s, "seconds") for s in SITES},
        "incremental_cpu_s": {s: median(incrementals, s, "cpu_s") for s in SITES},
        "incremental_pages": {s: incrementals[s][0]["pages_written"] for s in SITES},
        "check_s": statistics.median(checks) if checks else None,
        # CPU time inside sphinx-needs' own code in the dmlog and peer builds
        "sphinx_needs_cpu_s": {s: {"full": median(fulls, s, "sphinx_needs_cpu_s"),
                                   "incremental": median(incrementals, s, "sphinx_needs_cpu_s")}
                               for s in ("dmlog", "needs", "floor")},
        "runs": {"full": fulls, "incremental": incrementals},
    }
    full, inc, memory = result["full_cpu_s"], result["incremental_cpu_s"], result["memory_mb"]
    inside = result["sphinx_needs_cpu_s"]["dmlog"]
    # ratios of CPU time: on a shared machine wall time also measures the other jobs
    result["ratios"] = {
        "full": full["dmlog"] / full["plain"],
        "incremental": inc["dmlog"] / inc["plain"],
        "memory": memory["dmlog"] / memory["plain"],
        "needs_full": full["needs"] / full["plain"],
        "needs_incremental": inc["needs"] / inc["plain"],
        "needs_memory": memory["needs"] / memory["plain"],
        # the floor: records as sphinx-needs directives, nothing drawn from them
        "floor_full": full["floor"] / full["plain"],
        "floor_incremental": inc["floor"] / inc["plain"],
        "floor_memory": memory["floor"] / memory["plain"],
        "over_floor_full": full["dmlog"] / full["floor"],
        "over_floor_incremental": inc["dmlog"] / inc["floor"],
        "over_floor_memory": memory["dmlog"] / memory["floor"],
        "peer_full": full["dmlog"] / full["needs"],
        "peer_incremental": inc["dmlog"] / inc["needs"],
        "peer_memory": memory["dmlog"] / memory["needs"],
        "incremental_vs_full": inc["dmlog"] / full["dmlog"],
        "full_wall": result["full_s"]["dmlog"] / result["full_s"]["plain"],
        "check_vs_full": (result["check_s"] / result["full_s"]["dmlog"]) if checks else None,
        # the same ratios without the time spent inside sphinx-needs: dmlog's own cost
        "full_without_sphinx_needs": (full["dmlog"] - inside["full"]) / full["plain"],
        "incremental_without_sphinx_needs": (inc["dmlog"] - inside["incremental"]) / inc["plain"],
    }
    if review:
        # CPU time, as the ratio it is compared with (wall time beside)
        result["ratios"]["full_review"] = full["review"] / full["plain"]
        result["ratios"]["full_review_wall"] = result["full_s"]["review"] / result["full_s"]["plain"]
    return result


def summary(results: list[dict]) -> str:
    """The three figures as ratios: the peer and dmlog against plain MyST, and dmlog
    against the peer (CPU time; medians of the run's builds)."""
    lines = []
    for r in results:
        ratios = r["ratios"]
        lines += [f"| {r['records']:,} records | full | one-record edit | peak memory |",
                  "|---|---|---|---|"]
        for label, prefix, unit in (("plain sphinx-needs / plain MyST", "needs_", " ×"),
                                    ("sphinx-needs floor / plain MyST", "floor_", " ×"),
                                    ("dmlog / plain MyST", "", " ×"),
                                    ("dmlog / sphinx-needs floor", "over_floor_", ""),
                                    ("dmlog / plain sphinx-needs", "peer_", "")):
            lines.append(f"| {label} | {ratios[prefix + 'full']:.2f} | "
                         f"{ratios[prefix + 'incremental']:.2f}{unit} | {ratios[prefix + 'memory']:.2f} |")
        lines.append("")
    return "\n".join(lines)


def report(results: list[dict]) -> str:
    lines = ["| records (pages) | measure | dmlog | plain MyST | plain sphinx-needs | sphinx-needs floor "
             "| dmlog / MyST |", "|---|---|---|---|---|---|---|"]
    for r in results:
        label = f"{r['records']:,} ({r['pages']:,})"
        full, wall, ratios = r["full_cpu_s"], r["full_s"], r["ratios"]
        lines.append(f"| {label} | full build, CPU (wall) | "
                     + " | ".join(f"{full[s]:.1f} s ({wall[s]:.1f} s)" for s in SITES)
                     + f" | **{ratios['full']:.2f}** ({ratios['full_wall']:.2f}) |")
        inc, pages = r["incremental_cpu_s"], r["incremental_pages"]
        lines.append(f"| {label} | incremental build (one status changed), CPU, pages written | "
                     + " | ".join(f"{inc[s]:.2f} s, {pages[s]}" for s in SITES)
                     + f" | **{ratios['incremental']:.2f}** |")
        inside = r["sphinx_needs_cpu_s"]
        lines.append(f"| {label} | of which inside sphinx-needs, CPU (full / incremental) | "
                     f"{inside['dmlog']['full']:.1f} s / {inside['dmlog']['incremental']:.2f} s | | "
                     f"{inside['needs']['full']:.1f} s / {inside['needs']['incremental']:.2f} s | "
                     f"{inside['floor']['full']:.1f} s / {inside['floor']['incremental']:.2f} s | "
                     f"without it: {ratios['full_without_sphinx_needs']:.2f} / "
                     f"{ratios['incremental_without_sphinx_needs']:.2f} |")
        lines.append(f"| {label} | peak memory | "
                     + " | ".join(f"{r['memory_mb'][s]:.0f} MB" for s in SITES)
                     + f" | {ratios['memory']:.2f} |")
        if r["check_s"] is not None:
            lines.append(f"| {label} | `dmlog check` / dmlog full build | {r['check_s']:.2f} s | | | | "
                         f"**{ratios['check_vs_full']:.3f}** |")
        if "full_review" in ratios:
            lines.append(f"| {label} | full build with traceability, review page, history, CPU "
                         f"(wall) | {full['review']:.1f} s ({wall['review']:.1f} s) | | | | "
                         f"**{ratios['full_review']:.2f}** "
                         f"({ratios['full_review'] - ratios['full']:+.2f}; wall "
                         f"{ratios['full_review_wall']:.2f}) |")
    return "\n".join(lines)


def verdicts(r: dict) -> list[str]:
    ratios, n = r["ratios"], f"{r['records']:,} records"
    lines = [
        f"{n}: full build {ratios['full']:.2f} x plain (target <= {TARGET_FULL_RATIO})",
        f"{n}: incremental build {ratios['incremental']:.2f} x plain's incremental "
        f"(target <= {TARGET_INCREMENTAL_RATIO})",
        f"{n}: peak memory {ratios['memory']:.2f} x plain (target <= {TARGET_MEMORY_RATIO})"]
    lines += [f"{n}: {what} {ratios['peer_' + key]:.2f} x plain sphinx-needs "
              f"(target <= {TARGET_PEER_RATIO})"
              for key, what in (("full", "full build"), ("incremental", "incremental build"),
                                ("memory", "peak memory"))]
    lines.append(f"{n}: the sphinx-needs floor (no dmlog pages) is {ratios['floor_full']:.2f} x plain "
                 f"(full), {ratios['floor_incremental']:.2f} x (incremental), "
                 f"{ratios['floor_memory']:.2f} x (memory)")
    if ratios["check_vs_full"] is not None:
        lines.append(f"{n}: dmlog check {ratios['check_vs_full']:.1%} of the full build "
                     f"(target <= {TARGET_CHECK_RATIO:.0%})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=HERE / "_work")
    parser.add_argument("--review", action="store_true",
                        help="also build the log with the review pages and git history on")
    args = parser.parse_args()
    # dmlog's bytecode cached, as every other package's is since it was installed: where
    # PYTHONDONTWRITEBYTECODE is set, an editable dmlog was compiled from source in every
    # build (0.1 s of a one-record edit), which a user's builds are not
    compileall.compile_dir(Path(dmlog.__file__).parent, quiet=1)
    results = []
    for size in args.sizes:
        print(f"measuring {size:,} records ...", flush=True)
        results.append(measure(size, args.repeat, args.workdir, args.review))
    print()
    print(summary(results))
    print(report(results))
    print("\n" + "\n".join(line for r in results for line in verdicts(r)))
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / "results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
