"""What indexing meetings' discussions and original minutes costs the search index.

    python bench/search_pages.py SITE [--repeat 3]

SITE is a log already built (``sphinx-build -b html -d SITE/_build/doctrees SITE
SITE/_build/html``, e.g. bench/_work/browser-5000/dmlog after bench/browser.py). The
search index is built again from that build, alternating: with the meeting pages'
results (as published), and with the records and pages of prose only. CPU time of
this process and of Pagefind's; the ratio is of medians measured in the same run.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def cpu_seconds() -> float:
    own, programs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + programs.ru_utime + programs.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from sphinx.application import Sphinx

    from dmlog.sphinxext import search

    site = args.site.resolve()
    app = Sphinx(str(site), str(site), str(site / "_build/html"), str(site / "_build/doctrees"), "html",
                 status=None, warning=sys.stderr)
    with_pages = search._meeting_pages

    def records_only(_app: Any, _needs: Any) -> list[dict[str, Any]]:
        return []

    times: dict[str, list[tuple[float, float]]] = {"with meeting pages": [], "records and prose only": []}
    for _ in range(args.repeat):
        for name, pages in zip(times, (with_pages, records_only), strict=True):
            search._meeting_pages = pages  # type: ignore[assignment]
            cpu, wall = cpu_seconds(), time.perf_counter()
            search.build_index(app, None)
            times[name].append((cpu_seconds() - cpu, time.perf_counter() - wall))
    search._meeting_pages = with_pages
    medians = {name: statistics.median(c for c, _ in values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name}: CPU {medians[name]:.2f} s (median of {[round(c, 2) for c, _ in values]}), "
              f"wall {[round(w, 2) for _, w in values]}")
    with_cpu, without_cpu = medians.values()
    print(f"meeting pages / records and prose only, CPU: {with_cpu / without_cpu:.2f}")


if __name__ == "__main__":
    main()
