"""Benchmark: the site in headless Chromium at 5,000 records, and the search index build.

    python bench/browser.py [--size 5000] [--repeat 5]

Generates a synthetic log (bench/generate.py), builds it once with ``sphinx-build``
(the build prints how long the Pagefind index took: its share of the build is the
figure), serves the site on the loopback address and measures, each the median of
--repeat fresh page loads:

- decision log and action tracker "usable": navigation start to the table's search
  box and first row being visible (performance.now()); and, as the floor, a page of
  text (the home page: figures and short lists) to its heading being visible;
- a filter keystroke in the decision log's table: typing one more letter to the
  table having new rows laid out;
- search: typing a word on the search page (index loaded) to the first result shown;
  the same typed as soon as the search box is there (nothing of the index loaded);
  and typing an exact record ID to that record shown first.

Needs Debian's chromium and Playwright (see .ci/run). Results also go to
bench/_work/browser.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TARGETS = {"decision log usable": 0.5, "action tracker usable": 0.5, "filter keystroke": 0.1,
           "search first results": 0.3, "search index / HTML build": 0.10}
QUERIES = ["qserv", "butler", "calibration", "pipeline", "registry", "photometry", "alert"]

TABLE_READY = """() => {
  const box = document.querySelector('.dmlog-dt-search');
  const row = document.querySelector('.dmlog-dt-table tbody tr');
  return box && row && box.offsetParent !== null && row.getBoundingClientRect().height > 0;
}"""
KEYSTROKES = """() => {
  const input = document.querySelector('.dmlog-dt-search');
  const times = [];
  for (const text of ['q', 'qs', 'qse', 'qser', 'qserv', 'qser', 'qse']) {
    const start = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input'));
    document.body.getBoundingClientRect();  // the new rows laid out
    times.push(performance.now() - start);
  }
  return times;
}"""
FIRST_RESULT = """async ([query, selector]) => {
  const input = document.getElementById('dmlog-search-input');
  const list = document.getElementById('dmlog-search-results');
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input'));
  await new Promise((resolve) => {
    const check = () => list.querySelector(selector) ? resolve() : requestAnimationFrame(check);
    check();
  });
  return performance.now() - start;
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _programs_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def build(site: Path) -> dict[str, float]:
    out = site / "_build"
    start, cpu = time.perf_counter(), _programs_cpu()
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-d", str(out / "doctrees"),
                             str(site), str(out / "html")], capture_output=True, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    seconds, cpu = time.perf_counter() - start, _programs_cpu() - cpu
    if result.returncode:
        sys.exit(f"build failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    found = re.search(r"search index of (\d+) records and \d+ pages in ([\d.]+) s \(CPU ([\d.]+) s\)",
                      result.stdout)
    if not found:
        sys.exit("the build did not report its search index (is Pagefind installed?)")
    # wall time, and CPU time (the build's, with Pagefind's): on a shared machine the
    # wall time also measures the others' work
    return {"html build s": seconds, "search index s": float(found.group(2)),
            "html build CPU s": cpu, "search index CPU s": float(found.group(3)),
            "records": int(found.group(1))}


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def measure(base: str, repeat: int, record_id: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])

        def loads(path: str, ready: str) -> list[float]:
            times = []
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(base + path, wait_until="commit")
                page.wait_for_function(ready, timeout=60_000)
                times.append(page.evaluate("performance.now()"))
                context.close()
            return times

        # the floor: a page in the same theme without an interactive table
        times = loads("docs/index.html", "() => document.querySelector('article h1') !== null"
                      " && document.querySelector('article h1').getBoundingClientRect().height > 0")
        results["page without a table usable"] = {"median ms": median_ms(times),
                                                  "runs ms": [round(t) for t in times]}
        for name, path in (("decision log usable", "docs/decisions.html"),
                           ("action tracker usable", "docs/actions.html")):
            times = loads(path, TABLE_READY)
            results[name] = {"median ms": median_ms(times), "runs ms": [round(t) for t in times]}

        keystrokes = []
        for _ in range(repeat):
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "docs/decisions.html")
            page.wait_for_function(TABLE_READY)
            keystrokes.append(max(page.evaluate(KEYSTROKES)))
            context.close()
        results["filter keystroke"] = {"median ms": median_ms(keystrokes),
                                       "runs ms (slowest of 7 keys)": [round(t, 1) for t in keystrokes]}

        # the search page ready (its index loaded), and, as a reader who types at once,
        # its script run (DOMContentLoaded) but nothing of the index loaded yet
        loaded = "() => document.getElementById('dmlog-search')?.dataset.ready === 'true'"
        parsed = "() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventStart > 0"
        for name, queries, selector, ready in (
                ("search first results", QUERIES[:repeat], ".dmlog-result", loaded),
                ("search first results, typed at once", QUERIES[:repeat], ".dmlog-result", parsed),
                ("search exact ID first", [record_id.lower()] * repeat, ".dmlog-result-exact", loaded)):
            times = []
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "search.html", wait_until="commit")
                page.wait_for_function(ready, timeout=60_000)
                times.append(page.evaluate(FIRST_RESULT, [query, selector]))
                context.close()
            results[name] = {"median ms": median_ms(times), "runs ms": [round(t) for t in times],
                             "queries": queries}
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    work = HERE / "_work" / f"browser-{args.size}"
    generate(args.size, work)
    site = work / "dmlog"
    # the generated log turns Pagefind off (bench/run.py compares it with plain Sphinx,
    # which builds Sphinx's own index): what is measured here is the site as published
    with open(site / "conf.py", "a", encoding="utf-8") as conf:
        conf.write("dmlog_search = True\n")
    built = build(site)
    sizes = {name: (site / "_build" / "html" / name).stat().st_size
             for name in ("docs/decisions.html", "docs/actions.html")}
    decisions = sorted(p.stem for p in (site / "_build" / "html" / "r").glob("DEC-*.html"))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site / "_build" / "html")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        browser = measure(f"http://127.0.0.1:{port}/", args.repeat, decisions[len(decisions) // 2])
    finally:
        server.terminate()  # exactly the server started here
        server.wait()
    results = {"size": args.size, "build": built, "page bytes": sizes, "browser": browser,
               "search index / HTML build": round(built["search index s"] / built["html build s"], 3),
               "search index / HTML build, CPU":
                   round(built["search index CPU s"] / built["html build CPU s"], 3)}
    (HERE / "_work" / "browser.json").write_text(json.dumps(results, indent=2))
    print(f"{built['records']} records: HTML build {built['html build s']:.1f} s, search index "
          f"{built['search index s']:.2f} s = {results['search index / HTML build']:.1%} "
          f"(target ≤ {TARGETS['search index / HTML build']:.0%}); CPU {built['search index CPU s']:.2f} s "
          f"of {built['html build CPU s']:.1f} s = {results['search index / HTML build, CPU']:.1%}")
    for name, size in sizes.items():
        print(f"{name}: {size / 1e6:.2f} MB")
    for name, figures in browser.items():
        target = TARGETS.get(name)
        goal = f" (target ≤ {target * 1000:.0f} ms)" if target else ""
        print(f"{name}: median {figures['median ms']} ms{goal}; runs {figures.get('runs ms') or figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
