"""The dmlog handbook: how the tool is built and how well it works (`make handbook`).

It is built apart from the log, whose site carries only the log (its records, its
views and one help page), in the same look as the log.
"""

project = "dmlog handbook"
html_title = "dmlog handbook"
author = "Rubin Observatory Data Management"
copyright = "2019–2026, Vera C. Rubin Observatory"

extensions = ["myst_parser"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3

html_theme = "pydata_sphinx_theme"
html_copy_source = False
html_show_sourcelink = False
html_sidebars: dict[str, list[str]] = {"**": []}
html_theme_options = {"navbar_align": "left", "secondary_sidebar_items": ["page-toc"]}
