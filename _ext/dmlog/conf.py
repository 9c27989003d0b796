"""Sphinx settings every dmlog site shares; a site's conf.py starts with

    from dmlog.conf import *

and then sets only its own values (title, URLs), as documenteer projects do.
The sphinx-needs configuration is derived here from :mod:`dmlog.schema`.
"""

from __future__ import annotations

from pathlib import Path as _Path

from dmlog import schema as _schema
from dmlog.log import layout as _layout
from dmlog.settings import Settings as _Settings
from dmlog.settings import schema_settings as _schema_settings

_FROM_SCHEMA = _schema_settings()

extensions = ["myst_parser", "sphinx_needs", "dmlog"]

# The site's pages live in decisions/, actions/ and docs/; the rest of the
# repository (README, tests, bench, the virtual environment) is not part of it.
root_doc = f"{_layout.PAGES}/index"
include_patterns = _FROM_SCHEMA["include_patterns"]
exclude_patterns = [_layout.BUILD_DIR, ".venv", "**/_templates"]
# The log is Markdown: a reStructuredText file in its folders is reported, never read.
source_suffix = {".md": "markdown"}
templates_path: list[str] = []

myst_enable_extensions = ["colon_fence", "deflist", "linkify"]
# Links are web pages, mail addresses or pages of the site: no javascript:, data:, file:
# (the content gate, dmlog.log.gate, refuses the rest, HTML beyond formatting and files
# from outside the log).
myst_url_schemes = ["http", "https", "mailto"]
myst_linkify_fuzzy_links = False
myst_heading_anchors = 3
# dmlog validates links itself, so that every problem is reported with its file and
# line and a way to fix it (dmlog.log.validation; a {need} role's target: the reader,
# dmlog.log.sources.mention_problems, as `dmlog check` does); sphinx-needs' own report
# would repeat it at another line.
suppress_warnings = ["myst.header", "needs.link_outgoing", "needs.link_ref"]

# --- sphinx-needs, from the schema -----------------------------------------
needs_types = _FROM_SCHEMA["needs_types"]
needs_fields = _FROM_SCHEMA["needs_fields"]
# Computed by dmlog at build time (see dmlog.sphinxext._derive_fields).
needs_fields["overdue"] = {
    "description": "An open action whose due date has passed (derived).",
    "nullable": True,
    "schema": {"type": "boolean"},
}
needs_fields.update({
    name: {"description": description, "nullable": True, "schema": {"type": kind}}
    for name, (kind, description) in _schema.PROVENANCE_FIELDS.items()
})
needs_links = _FROM_SCHEMA["needs_links"]
needs_id_regex = _schema.ANY_ID
needs_id_required = True
needs_title_optional = False
needs_build_json = True
# needs.json is the log's machine-readable form: records with the fields and links
# they have (empty ones left out), and the same bytes for the same log. dmlog leaves
# out sphinx-needs' internal bookkeeping (dmlog.sphinxext.needs.json_exclude_fields).
needs_json_remove_defaults = True
needs_reproducible_json = True
# dmlog checks records itself (dmlog.log.validation), with file and line for each problem.
needs_schema_validation_enabled = False
needs_table_style = "DATATABLES"
needs_default_layout = "clean"

# --- HTML: the look of Rubin's documenteer sites ---------------------------
html_theme = "pydata_sphinx_theme"
html_title = "Decision log"
# the log's icon in browser tabs and bookmarks (a site may set its own)
html_favicon = str(_Path(__file__).parent / "static" / "favicon.svg")
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Per-page navigation must not grow with the log (a sidebar listing every page makes a
# build quadratic): the header holds the sections, pages show their own contents.
html_sidebars: dict[str, list[str]] = {"**": []}
html_theme_options = {
    "navigation_depth": 1,
    "show_nav_level": 1,
    "collapse_navigation": True,
    "header_links_before_dropdown": 5,
    "navbar_align": "left",
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["last-updated"],
}

# --- dmlog ------------------------------------------------------------------
# Every dmlog_* setting, its default and meaning: dmlog.settings. The references linked
# in any text are a list a site may extend in its conf.py, e.g.
#   dmlog_reference_patterns = dmlog_reference_patterns + [(r"\bGH-\d+", "https://...{0}")]
dmlog_reference_patterns = [tuple(p) for p in _Settings().reference_patterns]

# What `from dmlog.conf import *` gives a site: these settings, nothing else.
__all__ = sorted(name for name in dict(globals())
                 if not name.startswith("_") and name != "annotations")
