"""References written in plain text, and where they point: Rubin documents (DMTN-085) to
their lsst.io sites, RFCs and DM tickets to Jira, QAWG recommendations to DMTN-085,
and IDs of records (DEC-2019-003) to the record itself.

The patterns are the ``dmlog_reference_patterns`` setting of conf.py: a list of
``(regex, URL template)`` where the template may use ``{0}`` (the text matched),
``{lower}`` (it in lower case) and ``{jira}`` (``dmlog_jira_url``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from dmlog import schema

# A code ends where no further "-part" or word character follows: LDM-503 is a
# document, but LDM-503-10a is a milestone code and DM-AP-1 is not a Jira ticket.
_END = r"(?!-?\w)"
DOCUMENT_SERIES = ("DMTN", "SQR", "RTN", "LDM", "LSE", "LPM", "DMTR", "ITTN", "PSTN",
                   "SITCOMTN", "TSTN", "SMTN", "CTN", "SCTR", "SOTN")

DEFAULT_PATTERNS: list[tuple[str, str]] = [
    (rf"\b(?:{'|'.join(DOCUMENT_SERIES)})-\d+{_END}", "https://{lower}.lsst.io/"),
    (rf"\bRFC-\d+{_END}", "{jira}{0}"),
    (rf"\bDM-\d+{_END}", "{jira}{0}"),
    (rf"\bQAWG-REC-\d+{_END}", "https://dmtn-085.lsst.io/"),
]


@cache
def _compiled(patterns: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(regex), template) for regex, template in patterns]


def find_references(text: str, patterns: Sequence[tuple[str, str]], jira: str
                    ) -> list[tuple[int, int, str | None]]:
    """(start, end, URL) of each reference in the text; URL None for a record ID."""
    found: list[tuple[int, int, str | None]] = [(m.start(), m.end(), None)
                                                for m in schema.LOGGED_ID.finditer(text)]
    for regex, template in _compiled(tuple(map(tuple, patterns))):
        for m in regex.finditer(text):
            found.append((m.start(), m.end(),
                          template.format(m.group(0), lower=m.group(0).lower(), jira=jira)))
    found.sort(key=lambda f: (f[0], -f[1]))
    result: list[tuple[int, int, str | None]] = []
    end = -1
    for start, stop, url in found:
        if start >= end:  # the first and longest match wins where two overlap
            result.append((start, stop, url))
            end = stop
    return result
