"""`dmlog site-code`: the files a change touches outside the log's content, for the
pull request's summary."""

from __future__ import annotations

from pathlib import Path

import click

from dmlog.cli.project import fail, root_option
from dmlog.log.diff import md_text
from dmlog.log.layout import content_dirs
from dmlog.log.problems import LogError
from dmlog.log.sources import find_root
from dmlog.log.zones import site_code_changes

#: how many paths the Markdown summary lists before counting the rest
LISTED = 50


@click.command("site-code")
@click.argument("base", default="origin/main")
@click.argument("head", default="HEAD")
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True,
              help="md: a paragraph for a GitHub job summary; text: one path a line.")
@root_option
def site_code(base: str, head: str, fmt: str, root: Path | None) -> None:
    """The files changed from BASE to HEAD (as a pull request shows them) that are site
    code, not content: content is the records, meeting pages and registries;
    everything else runs or shapes the build, so a maintainer reviews it.

    \b
      dmlog site-code origin/main HEAD --format md >> "$GITHUB_STEP_SUMMARY"
    """
    try:
        paths = site_code_changes(root or find_root(), base, head)
    except LogError as err:
        fail(err.problem.message)
    if fmt == "text":
        click.echo("".join(f"{path}\n" for path in paths), nl=False)
        return
    zones = ", ".join(f"{folder}/" for folder in content_dirs())
    if not paths:
        click.echo(f"Content only: every changed file is in {zones}.\n")
        return
    listed = [f"- {md_text(path)}" for path in paths[:LISTED]]
    if len(paths) > LISTED:
        listed.append(f"- and {len(paths) - LISTED} more")
    click.echo("\n".join([
        f"### This pull request changes the site's code ({len(paths)} file(s))", "",
        f"These files are outside the log's content ({zones}): they run or shape the build "
        "and the published site, so a maintainer reviews them (CODEOWNERS).", "", *listed, ""]))
