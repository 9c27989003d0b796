"""dmlog: a decision log kept as MyST records, published by Sphinx and sphinx-needs.

``dmlog`` is both a Sphinx extension (``extensions = [..., "dmlog"]``, see
:mod:`dmlog.sphinxext`) and a command (:mod:`dmlog.cli`). Importing the package is
cheap, so that ``dmlog check`` stays fast enough for a pre-commit hook; Sphinx is
imported only when Sphinx loads the extension.
"""

from __future__ import annotations

from typing import Any

#: dmlog's version, its one place (pyproject.toml reads it; `dmlog init` pins it). It is
#: kept here rather than derived from a git tag so that a clean clone without tags, a
#: copy of the sources and an offline `pip install -e .` all know it; a release is the
#: tag v<__version__>, and the release workflow refuses a tag that says otherwise.
__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    from dmlog.sphinxext import setup as setup_extension

    return setup_extension(app)
