"""The ``dmlog`` command: import minutes, create records, check, query and update the
log from the terminal, on the same schema and rules as the site.

One module per command, each a thin click layer over plain functions of
:mod:`dmlog.log` and :mod:`dmlog.importer`; they are registered here in the order
``--help`` lists them.
"""

from __future__ import annotations

import importlib

import click

#: Each command and where it lives, in the order ``--help`` lists them. A command's
#: module is imported only when that command runs (click's documented lazy-loading
#: pattern): `dmlog check` in a pre-commit hook then starts without importing Jinja2,
#: the importer or the packaging tools that other commands need.
COMMANDS = {
    "import": "importing:import_minutes",
    "check": "check:check",
    "list": "listing:list_records",
    "new": "new:new",
    "close": "status:close",
    "supersede": "status:supersede",
    "resolve": "resolve:resolve",
    "registry": "registry:registry",
    "diff": "diff:diff",
    "site-code": "sitecode:site_code",
    "init": "init:init",
    "upgrade": "upgrade:upgrade",
    "review": "review:review",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, _ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, _ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, _, attribute = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(f"dmlog.cli.{module}"), attribute)
        assert isinstance(command, click.Command) and command.name == cmd_name, COMMANDS[cmd_name]
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
