"""Meeting minutes, as people write them, turned into the log's files.

The importer is layered, one module a layer:

- ``structure``: Confluence text, Markdown, W3C/IRC scribe minutes and plain text as
  logical lines with their sections, roles and speakers, then sentences;
- ``vocabulary``: the declared tables of section names and decision and action markers;
- ``owners``: names as written resolved against the registry and the attendee block;
- ``dates``: due dates, absolute or relative to the meeting's date;
- ``finder``: the rules applied to the lines;
- ``page``: plain-text minutes laid out on the meeting page as written (sections,
  nested and numbered lists, the meeting's fields);
- ``plan``: the files to write, the notes, the report, and the atomic write.
"""

from __future__ import annotations

from dmlog.importer.finder import UNASSIGNED, Item, title
from dmlog.importer.plan import (
    Plan,
    PlanOptions,
    missing_fields,
    nothing_found,
    plan_import,
    plan_json,
    summary,
    write,
)
from dmlog.log.references import DEFAULT_PATTERNS

__all__ = ["DEFAULT_PATTERNS", "UNASSIGNED", "Item", "Plan", "PlanOptions", "missing_fields", "nothing_found",
           "plan_import", "plan_json", "summary", "title", "write"]
