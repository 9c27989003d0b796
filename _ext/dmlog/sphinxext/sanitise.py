"""Pages publish text, never the writer's script or the build machine's files.

Record bodies, registry values and imported minutes are untrusted (anyone who can open
a pull request writes them, and pull-request previews build on CI runners). As a page
is read:

- docutils' own switches turn off raw HTML (``raw_enabled``) and file insertion
  (``file_insertion_enabled``: ``include``, ``csv-table :file:``...), and the
  ``raw``, ``include`` and ``literalinclude`` directives are replaced by one that says
  so with the file and line: a record's text is in the record;
- HTML written in Markdown is published only if it is formatting (:mod:`dmlog.log.safety`);
- links must be http(s), mailto or relative; images and downloads must be files
  under the log's own folders.

Each refusal is a warning at the file and line that names what is allowed (fatal
under ``-W``), and what was refused is removed from the page.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dmlog.log import safety

logger = logging.getLogger(__name__)

LOG_FOLDERS = safety.LOG_FOLDERS


class RefusedDirective(SphinxDirective):
    """Stands in for a directive the log does not allow: a warning, nothing published."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: Any = None  # any option: the directive is refused whatever it says

    def run(self) -> list[nodes.Node]:
        logger.warning(safety.refused_directive(self.name), location=self.get_location(),
                       type="dmlog", subtype="unsafe")
        return []


REFUSED_DIRECTIVES = safety.REFUSED_DIRECTIVES


def refused_raw_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                     options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list]:
    """Stands in for docutils' raw role and the roles derived from it (``.. role::``)."""
    env = inliner.document.settings.env
    logger.warning("raw output (the raw role) is not allowed in the log: write Markdown",
                   location=(env.docname, lineno), type="dmlog", subtype="unsafe")
    return [nodes.Text(text)], []


# as docutils' raw role, so that `.. role:: name(raw)` with :format: defines a role
refused_raw_role.options = {"format": directives.unchanged}  # type: ignore[attr-defined]
refused_raw_role.content = True  # type: ignore[attr-defined]


def _warn(node: nodes.Node, message: str) -> None:
    logger.warning(message, location=node, type="dmlog", subtype="unsafe")


class Sanitise(SphinxTransform):
    """Refuse raw HTML, unsafe links and files from outside the log, as a page is read."""

    default_priority = 100  # before Sphinx collects the images and downloads of the page

    def apply(self, **kwargs: object) -> None:
        folder = self.env.docname.rpartition("/")[0]
        root = self.env.srcdir
        for raw in list(self.document.findall(nodes.raw)):
            html = raw.astext()
            if safety.is_comment(html):
                raw.parent.remove(raw)
                continue
            if "html" in raw.get("format", "").split():
                problem = safety.html_problem(html)
            else:
                problem = "raw output is not allowed: write Markdown"
            if problem is not None:
                _warn(raw, problem)
                raw.replace_self(nodes.Text(html))
        for reference in list(self.document.findall(nodes.reference)):
            if (uri := reference.get("refuri")) and (problem := safety.url_problem(uri)):
                _warn(reference, f"unsafe link: {problem}")
                reference.replace_self(nodes.inline("", "", *reference.children))
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            problem = safety.url_problem(uri)
            if problem is None and "://" not in uri and not uri.startswith("mailto:"):
                problem = safety.path_problem(uri, folder, LOG_FOLDERS, root)
            if problem is not None:
                _warn(image, f"image refused: {problem}")
                gone = image.parent if isinstance(image.parent, nodes.figure) else image
                gone.parent.remove(gone)
        for download in list(self.document.findall(addnodes.download_reference)):
            target = download.get("reftarget", "")
            if (problem := safety.url_problem(target)) is None and "://" not in target:
                problem = safety.path_problem(target, folder, LOG_FOLDERS, root)
            if problem is not None:
                _warn(download, f"download refused: {problem}")
                download.replace_self(nodes.inline("", "", *download.children))


def _switch_off_raw_and_file_insertion(app: Sphinx) -> None:
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


def setup(app: Sphinx) -> None:
    for name in REFUSED_DIRECTIVES:
        app.add_directive(name, RefusedDirective, override=True)
    app.add_role("raw", refused_raw_role, override=True)
    app.add_transform(Sanitise)
    app.connect("builder-inited", _switch_off_raw_and_file_insertion)
