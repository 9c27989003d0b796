"""`dmlog diff BASE HEAD --check`: the lifecycle rules over two commits of a log.

One repository of the mini site holds a commit for each case (branches off one
settled state); each case checks two of its commits and asserts the exit status, the
file:line of each violation and its rule. The installed command is run once for the
GitHub annotations; the other cases call the same command in this process.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dmlog.cli import main
from helpers import ACTIONS, DECISIONS, dmlog, edit, git, git_repository, write

MINUTES = "docs/meetings/2020/2020-05-01-review.txt"
MEETING = "docs/meetings/2020/2020-05-01-review.md"
LEDGER = "docs/registry/issued-ids.txt"
# a records file with a name git quotes without -z, hidden from `git archive`
LATER = "decisions/2020/2020-05-02-réunion.md"
NEW_DECISION = """
```{{decision}} {title}
:id: {id}
:status: {status}
:date: 2020-05-02
:meeting: MTG-2020-05-01-review
{extra}```
"""


def later(site: Path, *decisions: dict[str, str]) -> None:
    """The later decisions file, holding these decisions (id, title, status, extra lines)."""
    blocks = [NEW_DECISION.format(id=d["id"], title=d["title"], status=d["status"],
                                  extra=d["extra"] + "\n" if "extra" in d else "")
              for d in decisions]
    write(site, {LATER: "# Later decisions\n" + "".join(blocks)})


def commit(site: Path, name: str) -> None:
    """Commit what changed as the tag ``name``."""
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", name)
    git(site, "tag", name)


def start_from(site: Path, tag: str) -> None:
    """The next change starts from the commit ``tag``."""
    git(site, "switch", "-q", "--detach", tag)


def build_history(site: Path) -> None:
    """The commits of the cases: a settled state, then one change each from it."""
    write(site, {MINUTES: "Review meeting, 2020-05-01\nAgreed: we follow the plan.\n",
                 LEDGER: "# issued\nDEC-2020-001\nACT-2020-001\nDEC-2020-003\n",
                 ".gitattributes": f"{LATER} export-ignore\n"})
    edit(site, MEETING, ":chair: ann", f":chair: ann\n:source: {MINUTES}")
    git_repository(site)
    git(site, "tag", "start")
    # legal: implemented, done with its date, a new proposal (in the hidden file)
    edit(site, DECISIONS, ":status: adopted", ":status: implemented")
    edit(site, ACTIONS, ":status: open\n:owner: bob", ":status: done\n:closed: 2020-06-01\n:owner: bob")
    later(site, {"id": "DEC-2020-002", "title": "A second plan", "status": "proposed"})
    commit(site, "settled")
    # a settled decision's text and a done action's owner changed, no amendment
    edit(site, DECISIONS, "We will follow the plan", "We will follow the revised plan")
    edit(site, ACTIONS, ":owner: bob\n", ":owner: ann\n")
    commit(site, "text-edit")
    # the same with an amendment entry on each
    edit(site, DECISIONS, ":owner: ann", ":owner: ann\n:amended: 2020-06-02 ann: the plan was "
         "revised, as DMTN-085 says")
    edit(site, ACTIONS, ":closed: 2020-06-01", ":closed: 2020-06-01\n:amended: 2020-06-02 bob: "
         "handed over to Ann")
    commit(site, "amended")
    # an amendment entry taken out again
    edit(site, DECISIONS, "\n:amended: 2020-06-02 ann: the plan was revised, as DMTN-085 says", "")
    commit(site, "unamended")
    # back from implemented
    start_from(site, "settled")
    edit(site, DECISIONS, ":status: implemented", ":status: adopted")
    commit(site, "reverted")
    # superseded by no decision; then properly superseded, then back
    start_from(site, "settled")
    edit(site, DECISIONS, ":status: implemented", ":status: superseded")
    commit(site, "superseded-unnamed")
    later(site, {"id": "DEC-2020-002", "title": "A second plan", "status": "adopted",
           "extra": ":supersedes: DEC-2020-001"})
    commit(site, "superseded")
    edit(site, DECISIONS, ":status: superseded", ":status: adopted")
    commit(site, "unsuperseded")
    # withdrawn without saying why, and with a reason
    start_from(site, "settled")
    later(site, {"id": "DEC-2020-002", "title": "A second plan", "status": "withdrawn"})
    commit(site, "withdrawn-silently")
    start_from(site, "settled")
    later(site, {"id": "DEC-2020-002", "title": "A second plan", "status": "withdrawn",
           "extra": ":reason: the first plan covers it"})
    commit(site, "withdrawn")
    # a cancelled action reopened
    edit(site, ACTIONS, ":status: open\n:owner: ann, team",
         ":status: cancelled\n:reason: not needed\n:owner: ann, team")
    commit(site, "cancelled")
    edit(site, ACTIONS, ":status: cancelled\n:reason: not needed", ":status: open")
    commit(site, "reopened")
    # a record deleted, then its ID (in git history only) given to another record
    start_from(site, "settled")
    path = site / ACTIONS
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("\n```{action} Circulate")] + "\n", encoding="utf-8")
    commit(site, "deleted")
    edit(site, ACTIONS, "Bob writes the plan down.\n```\n", "Bob writes the plan down.\n```\n\n"
         "```{action} Something else\n:id: ACT-2020-002\n:status: open\n:owner: bob\n"
         ":meeting: MTG-2020-05-01-review\n```\n")
    commit(site, "reused")
    # the deleted record put back as it was: restored, not reused
    start_from(site, "deleted")
    git(site, "checkout", "settled", "--", ACTIONS)
    commit(site, "restored")
    # an ID of the ledger, never a record in git, given to a new record
    start_from(site, "settled")
    later(site, {"id": "DEC-2020-002", "title": "A second plan", "status": "proposed"},
          {"id": "DEC-2020-003", "title": "A third plan", "status": "proposed"})
    commit(site, "ledger-reused")
    # the ledger loses a line; the minutes are corrected in place
    start_from(site, "settled")
    edit(site, LEDGER, "ACT-2020-001\n", "")
    edit(site, MINUTES, "we follow", "we will follow")
    commit(site, "rewritten")


#: (base, head) -> the violations: (file:line, rule); none: the change is legal
CASES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("start", "settled"): [],
    ("settled", "text-edit"): [(f"{ACTIONS}:7", "settled-changed"), (f"{DECISIONS}:3", "settled-changed")],
    ("settled", "amended"): [],
    ("amended", "unamended"): [(f"{DECISIONS}:3", "settled-changed")],
    ("settled", "reverted"): [(f"{DECISIONS}:5", "status-change")],
    ("settled", "superseded-unnamed"): [(f"{DECISIONS}:5", "superseded-unnamed")],
    ("superseded-unnamed", "superseded"): [],
    ("superseded", "unsuperseded"): [(f"{DECISIONS}:5", "status-change")],
    ("settled", "withdrawn-silently"): [(f"{LATER}:5", "reason-missing")],
    ("settled", "withdrawn"): [],
    ("withdrawn", "cancelled"): [],
    ("cancelled", "reopened"): [(f"{ACTIONS}:17", "status-change")],
    ("settled", "deleted"): [(f"{ACTIONS}:15", "record-deleted")],
    ("deleted", "reused"): [(f"{ACTIONS}:15", "id-reused")],
    ("deleted", "restored"): [],
    ("settled", "ledger-reused"): [(f"{LATER}:10", "id-reused")],
    ("settled", "rewritten"): [(f"{MINUTES}:2", "minutes-edited"), (f"{LEDGER}:3", "ledger-changed")],
}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("lifecycle") / "site"
    shutil.copytree(Path(__file__).parents[1] / "roots" / "mini", site)
    build_history(site)
    return site


ANNOTATION = re.compile(r"::error file=(.+),line=(\d+),title=dmlog diff --check::.+ \[([\w-]+)\]")


def check_annotations(site: Path, base: str, head: str) -> tuple[int, list[tuple[str, str]], str]:
    """`dmlog diff BASE HEAD --check --format github`: exit status, (file:line, rule) of
    each annotation (every line of the output must be one), and the output."""
    result = CliRunner().invoke(main, ["diff", base, head, "--check", "--format", "github",
                                       "--root", str(site)])
    found = []
    for line in result.stdout.splitlines():
        match = ANNOTATION.fullmatch(line)
        assert match, f"not an annotation: {line}"
        found.append((f"{match[1]}:{match[2]}", match[3]))
    return result.exit_code, found, result.output


@pytest.mark.parametrize(("base", "head"), list(CASES))
def test_each_rule_on_two_commits(history: Path, base: str, head: str) -> None:
    status, found, output = check_annotations(history, base, head)
    expected = CASES[base, head]
    assert found == expected, output
    assert status == (1 if expected else 0), output


def test_github_annotations_and_messages(history: Path) -> None:
    result = dmlog(history, "diff", "settled", "text-edit", "--check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file={ACTIONS},line=7,title=dmlog diff --check::ACT-2020-001 is done: its owner "
        "changed without an amendment; add ':amended: YYYY-MM-DD who: why' (entries separated by "
        "';'), or leave it as it was and record a new action [settled-changed]",
        f"::error file={DECISIONS},line=3,title=dmlog diff --check::DEC-2020-001 is implemented: its "
        "text changed without an amendment; add ':amended: YYYY-MM-DD who: why' (entries separated "
        "by ';'), or leave it as it was and record a new decision [settled-changed]"]
    assert result.stderr == "dmlog diff --check: 2 problem(s)\n"
    # as text, file:line: message
    text = CliRunner().invoke(main, ["diff", "settled", "text-edit", "--check", "--root", str(history)])
    assert text.exit_code == 1
    assert text.stdout.splitlines()[1].startswith(f"{DECISIONS}:3: DEC-2020-001 is implemented: its text")
    # as JSON for tools, and as Markdown for a job summary (record text is escaped there)
    data = CliRunner().invoke(main, ["diff", "settled", "text-edit", "--check", "--format", "json",
                                     "--root", str(history)])
    assert [(p["file"], p["line"], p["id"]) for p in json.loads(data.stdout)["problems"]] == [
        (ACTIONS, 7, "ACT-2020-001"), (DECISIONS, 3, "DEC-2020-001")]
    summary = CliRunner().invoke(main, ["diff", "settled", "amended", "--check", "--format", "md",
                                        "--root", str(history)])
    assert summary.exit_code == 0 and summary.stdout.startswith("### Lifecycle of the records\n\nNo ")


def test_the_tree_is_read_not_an_archive(history: Path) -> None:
    """A file `.gitattributes` marks export-ignore, with a name git quotes, is in the diff."""
    result = dmlog(history, "diff", "start", "settled")
    assert result.returncode == 0, result.stderr
    assert f"+ DEC-2020-002 decision “A second plan” (proposed)  [{LATER}:3]" in result.stdout


def test_new_never_gives_an_id_again_even_after_its_file_is_removed(mini_site: Path) -> None:
    def new_decision(title: str) -> str:
        result = CliRunner().invoke(main, ["new", "decision", "--meeting", "MTG-2020-05-01-review",
                                           "--title", title, "--root", str(mini_site)])
        assert result.exit_code == 0, result.output
        return result.output.split()[-1]

    assert new_decision("A second plan") == "DEC-2020-002"
    # the ledger holds it, and the hand-written record the log had
    assert (mini_site / LEDGER).read_text().splitlines()[-2:] == ["DEC-2020-001", "DEC-2020-002"]
    (mini_site / "decisions/2020/2020-05-01-review.md").unlink()
    assert new_decision("A third plan") == "DEC-2020-003"


def test_import_adds_the_ids_it_gives_to_the_ledger(mini_site: Path) -> None:
    minutes = mini_site.parent / "minutes.txt"
    minutes.write_text("Attendees: Ann Author, Bob Builder\n\nAgreed: we will use Gaia DR2.\n"
                       "ACTION: Bob Builder to write it down by 2020-07-01.\n")
    result = CliRunner().invoke(main, ["import", str(minutes), "--date", "2020-06-01", "--title",
                                       "June review", "--root", str(mini_site)])
    assert result.exit_code == 0, result.output
    assert (mini_site / LEDGER).read_text().splitlines()[2:] == ["DEC-2020-002", "ACT-2020-003"]


def test_a_mistake_in_dmlog_lifecycle_is_one_message(mini_site: Path) -> None:
    edit(mini_site, "conf.py", 'project = "Test log"', 'project = "Test log"\n'
         'dmlog_lifecycle = {"off": ["record-deletion"]}')
    result = CliRunner().invoke(main, ["diff", "HEAD", "--check", "--root", str(mini_site)])
    assert (result.exit_code, result.output) == (
        1, "dmlog: conf.py: dmlog_lifecycle['off']: unknown record-deletion\n")
