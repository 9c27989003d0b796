"""`dmlog review`: the review pack — what changed since the last review, from git."""

from __future__ import annotations

from pathlib import Path

import click

from dmlog.cli.project import Project, fail, root_option
from dmlog.log import gaps as gap_rules
from dmlog.log import history as git_history
from dmlog.log import review as packs


@click.command(name="review")
@click.option("--since", required=True, metavar="DATE|REF",
              help="Start of the window: a date (YYYY-MM-DD) or a git ref (tag, branch, commit).")
@click.option("--until", metavar="DATE|REF", help="End of the window (default: today).")
@click.option("--next", "next_review", metavar="DATE",
              help=f"Date of the next review (default: {packs.NEXT_REVIEW_DAYS} days after --until).")
@click.option("--today", help="Judge 'overdue' on this date (default: dmlog_today or today).")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "csv"]), default="md",
              show_default=True, help="md pastes into an agenda.")
@root_option
def review(since: str, until: str | None, next_review: str | None, today: str | None, fmt: str,
           root: Path | None) -> None:
    """The review pack: new decisions, decisions whose status changed, actions opened,
    closed, newly overdue and due before the next review, and what needs attention.

    \b
    Examples:
      dmlog review --since 2024-04-01
      dmlog review --since review-2024-04 --format html > pack.html
    """
    project = Project(root)
    date = project.today(today)
    try:
        found = git_history.read(project.root)
    except git_history.HistoryUnavailable as err:
        fail(f"history from git is unavailable: {err}")
    try:
        start = packs.resolve_bound(since, project.root, "--since")
        end = packs.resolve_bound(until, project.root, "--until") if until else date
        following = packs.resolve_bound(next_review, project.root, "--next") if next_review else None
    except packs.ReviewError as err:
        fail(str(err))
    if end < start:
        fail(f"--until {end.isoformat()} is before --since {start.isoformat()}")
    records = {r.id: r for r in project.log.records}
    gaps = gap_rules.Finder(records.values(), date, found.last_changes()).all()
    window = packs.Window(since=start, until=end, today=date, next_review=following)
    pack = packs.make_pack(records, found, window, gaps)
    titles = {r.id: r.title for r in records.values()}
    render = {"md": packs.as_markdown, "csv": packs.as_csv, "html": packs.as_html}[fmt]
    click.echo(render(pack, records, titles), nl=False)
