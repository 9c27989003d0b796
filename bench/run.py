"""Benchmark: dmlog against the same text as plain MyST pages, measured in one run.

    python bench/run.py [--sizes 5000 20000] [--repeat 3]

For each size it generates a synthetic log (bench/generate.py), then, alternating
the two sites so that both see the same machine load:

- full build: a fresh ``sphinx-build -b html`` of each site (median of --repeat);
- incremental build: one action's status changed in one file, then a rebuild
  (dmlog), and the same line changed in the plain site;
- peak memory of each build process;
- ``dmlog check`` of the whole log, against the dmlog full build.

It prints the times and their ratios: of the build processes' CPU time (on a shared
machine wall time also measures the other jobs; it is shown beside), measured in the
same run. Results are also written to bench/_work/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

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
      "cpu_s": usage.ru_utime + usage.ru_stime, "sphinx_needs_cpu_s": inside["cpu_s"]}))
"""
#: issue #7's targets, against plain MyST measured in the same run
TARGET_FULL_RATIO = 1.25
TARGET_INCREMENTAL_RATIO = 2.0
TARGET_MEMORY_RATIO = 1.4
TARGET_CHECK_RATIO = 0.03


def build(site: Path, fresh: bool) -> dict:
    out = site / "_build"
    if fresh and out.exists():
        shutil.rmtree(out)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, "-b", "html", "-d", str(out / "doctrees"),
         str(site), str(out / "html")], capture_output=True, text=True,
        # one progress line per page written: CI=true would make Sphinx redraw one line
        env={**os.environ, "NO_COLOR": "1"})
    seconds = time.perf_counter() - start
    lines = result.stdout.splitlines()
    report = [json.loads(line[6:]) for line in lines if line.startswith("BENCH ")]
    if result.returncode or not report or report[0]["rc"]:
        sys.exit(f"build of {site} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    written = sum(1 for line in lines if line.startswith("writing output... ["))
    return {"seconds": seconds, "cpu_s": report[0]["cpu_s"], "memory_mb": report[0]["maxrss_mb"],
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


def change_one_status(site: Path, plain: bool) -> None:
    """Close the first open action of the log, as a user would before a rebuild."""
    for path in sorted((site / "actions").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        old, new = (("status: open · ", "status: done · ") if plain else
                    (":status: open\n", ":status: done\n"))
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            return
    sys.exit(f"no open action found in {site}")


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
    dmlog, plain = root / "dmlog", root / "plain"
    fulls: dict[str, list[dict]] = {"dmlog": [], "plain": []}
    sites = {"dmlog": dmlog, "plain": plain}
    if review:
        sites["review"] = review_site(dmlog, root / "review")
        fulls["review"] = []
    for _ in range(repeat):
        for name, site in sites.items():
            fulls[name].append(build(site, fresh=True))
    change_one_status(dmlog, plain=False)
    change_one_status(plain, plain=True)
    incremental = {"dmlog": build(dmlog, fresh=False), "plain": build(plain, fresh=False)}
    checks = [c for c in (check(dmlog) for _ in range(repeat)) if c is not None]

    def median(site: str, key: str) -> float:
        return statistics.median(run[key] for run in fulls[site])

    result = {
        "records": size,
        "pages": fulls["dmlog"][0]["pages_written"],
        "full_s": {s: median(s, "seconds") for s in fulls},
        "full_cpu_s": {s: median(s, "cpu_s") for s in fulls},
        "memory_mb": {s: median(s, "memory_mb") for s in fulls},
        "incremental_s": {s: incremental[s]["seconds"] for s in incremental},
        "incremental_cpu_s": {s: incremental[s]["cpu_s"] for s in incremental},
        "incremental_pages": {s: incremental[s]["pages_written"] for s in incremental},
        "check_s": statistics.median(checks) if checks else None,
        # CPU time inside sphinx-needs' own code in the dmlog builds
        "sphinx_needs_cpu_s": {"full": median("dmlog", "sphinx_needs_cpu_s"),
                               "incremental": incremental["dmlog"]["sphinx_needs_cpu_s"]},
    }
    # ratios of CPU time: on a shared machine wall time also measures the other jobs
    result["ratios"] = {
        "full": result["full_cpu_s"]["dmlog"] / result["full_cpu_s"]["plain"],
        "incremental": result["incremental_cpu_s"]["dmlog"] / result["incremental_cpu_s"]["plain"],
        "incremental_vs_full": result["incremental_cpu_s"]["dmlog"] / result["full_cpu_s"]["dmlog"],
        "full_wall": result["full_s"]["dmlog"] / result["full_s"]["plain"],
        "memory": result["memory_mb"]["dmlog"] / result["memory_mb"]["plain"],
        "check_vs_full": (result["check_s"] / result["full_s"]["dmlog"]) if checks else None,
        # the same ratios without the time spent inside sphinx-needs: dmlog's own cost
        "full_without_sphinx_needs": (result["full_cpu_s"]["dmlog"] - result["sphinx_needs_cpu_s"]["full"])
        / result["full_cpu_s"]["plain"],
        "incremental_without_sphinx_needs": (result["incremental_cpu_s"]["dmlog"]
                                             - result["sphinx_needs_cpu_s"]["incremental"])
        / result["incremental_cpu_s"]["plain"],
    }
    if review:
        # CPU time, as the ratio it is compared with (wall time beside)
        result["ratios"]["full_review"] = (result["full_cpu_s"]["review"]
                                           / result["full_cpu_s"]["plain"])
        result["ratios"]["full_review_wall"] = result["full_s"]["review"] / result["full_s"]["plain"]
    return result


def report(results: list[dict]) -> str:
    lines = ["| records (pages) | measure | dmlog | plain MyST | ratio |", "|---|---|---|---|---|"]
    for r in results:
        label = f"{r['records']:,} ({r['pages']:,})"
        lines.append(f"| {label} | full build, CPU (wall) | {r['full_cpu_s']['dmlog']:.1f} s "
                     f"({r['full_s']['dmlog']:.1f} s) | {r['full_cpu_s']['plain']:.1f} s "
                     f"({r['full_s']['plain']:.1f} s) | **{r['ratios']['full']:.2f}** "
                     f"({r['ratios']['full_wall']:.2f}) |")
        lines.append(f"| {label} | incremental build (one status changed), CPU | "
                     f"{r['incremental_cpu_s']['dmlog']:.1f} s, {r['incremental_pages']['dmlog']} pages | "
                     f"{r['incremental_cpu_s']['plain']:.1f} s, {r['incremental_pages']['plain']} pages | "
                     f"**{r['ratios']['incremental']:.2f}** |")
        sn = r["sphinx_needs_cpu_s"]
        lines.append(f"| {label} | of which inside sphinx-needs, CPU (full / incremental) | "
                     f"{sn['full']:.1f} s / {sn['incremental']:.1f} s | | "
                     f"without it: {r['ratios']['full_without_sphinx_needs']:.2f} / "
                     f"{r['ratios']['incremental_without_sphinx_needs']:.2f} |")
        lines.append(f"| {label} | incremental / full (dmlog) | | | "
                     f"{r['ratios']['incremental_vs_full']:.2f} |")
        lines.append(f"| {label} | peak memory | {r['memory_mb']['dmlog']:.0f} MB | "
                     f"{r['memory_mb']['plain']:.0f} MB | {r['ratios']['memory']:.2f} |")
        if r["check_s"] is not None:
            lines.append(f"| {label} | `dmlog check` / dmlog full build | {r['check_s']:.2f} s | | "
                         f"**{r['ratios']['check_vs_full']:.3f}** |")
        if "full_review" in r["ratios"]:
            lines.append(f"| {label} | full build with traceability, review page, history, CPU "
                         f"(wall) | {r['full_cpu_s']['review']:.1f} s ({r['full_s']['review']:.1f} s) | "
                         f"{r['full_cpu_s']['plain']:.1f} s ({r['full_s']['plain']:.1f} s) | "
                         f"**{r['ratios']['full_review']:.2f}** "
                         f"({r['ratios']['full_review'] - r['ratios']['full']:+.2f}; wall "
                         f"{r['ratios']['full_review_wall']:.2f}) |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=HERE / "_work")
    parser.add_argument("--review", action="store_true",
                        help="also build the log with the review pages and git history on")
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        print(f"measuring {size:,} records ...", flush=True)
        results.append(measure(size, args.repeat, args.workdir, args.review))
    print()
    print(report(results))
    verdicts = []
    for r in results:
        ratios, n = r["ratios"], f"{r['records']:,} records"
        verdicts += [
            f"{n}: full build {ratios['full']:.2f} x plain (target <= {TARGET_FULL_RATIO})",
            f"{n}: incremental build {ratios['incremental']:.2f} x plain's incremental "
            f"(target <= {TARGET_INCREMENTAL_RATIO})",
            f"{n}: peak memory {ratios['memory']:.2f} x plain (target <= {TARGET_MEMORY_RATIO})"]
        if ratios["check_vs_full"] is not None:
            verdicts.append(f"{n}: dmlog check {ratios['check_vs_full']:.1%} of the full build "
                            f"(target <= {TARGET_CHECK_RATIO:.0%})")
    print("\n" + "\n".join(verdicts))
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / "results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
