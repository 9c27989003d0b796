"""The ``dmlog`` command: import minutes, create records, check, query and update the
log from the terminal, on the same schema and rules as the site.

One module per command, each a thin click layer over plain functions of
:mod:`dmlog.log` and :mod:`dmlog.importer`; they are registered here in the order
``--help`` lists them.
"""

from __future__ import annotations

import click

from dmlog.cli import (
    check,
    diff,
    importing,
    init,
    listing,
    new,
    registry,
    resolve,
    review,
    sitecode,
    status,
    upgrade,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dmlog")
def main() -> None:
    """dmlog: the decision log of a team, kept as MyST records in git.

    \b
    Typical workflow:
      dmlog import minutes.txt --date 2024-05-02 --title "DMLT meeting" --dry-run
      dmlog import minutes.txt --date 2024-05-02 --title "DMLT meeting"
      dmlog check            # then review, commit and open a pull request
      make html              # preview the site in _build/html
    """


for command in (importing.import_minutes, check.check, listing.list_records, new.new,
                status.close, status.supersede, resolve.resolve, registry.registry, diff.diff,
                sitecode.site_code, init.init, upgrade.upgrade, review.review):
    main.add_command(command)
