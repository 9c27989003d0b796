"""History from git, on small repositories made in the test."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from dmlog.log.history import HistoryUnavailable, read, resolve

RECORD = """# Actions

```{{action}} Write the plan
:id: ACT-2020-001
:status: {status}
:owner: bob
:meeting: MTG-2020-05-01-review
{extra}
Bob writes it.
```
"""
FILE = "actions/2020/review.md"


def git(repo: Path, *args: str, date: str = "2020-05-01T12:00:00Z") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def commit(repo: Path, status: str, date: str, extra: str = "") -> str:
    path = repo / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RECORD.format(status=status, extra=extra), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{status} {date}", date=f"{date}T12:00:00Z")
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "log"
    root.mkdir()
    git(root, "init", "-q")
    return root


def test_added_status_changes_and_last_change(repo: Path) -> None:
    first = commit(repo, "open", "2020-05-01")
    commit(repo, "open", "2020-05-20", extra=":due: 2020-06-30")
    third = commit(repo, "done", "2020-06-10", extra=":due: 2020-06-30\n:closed: 2020-06-10")
    history = read(repo)
    record = history.records["ACT-2020-001"]
    assert (record.added.date, record.added.commit, record.added.status) == (
        dt.date(2020, 5, 1), first, "open")
    assert [(e.date, e.commit, e.previous, e.status) for e in record.events[1:]] == [
        (dt.date(2020, 6, 10), third, "open", "done")]
    assert record.last_change == dt.date(2020, 6, 10)
    assert history.head == third


def test_later_builds_read_only_new_commits(repo: Path) -> None:
    commit(repo, "open", "2020-05-01")
    known = read(repo)
    commit(repo, "in-progress", "2020-05-03")
    history = read(repo, known)
    events = history.records["ACT-2020-001"].events
    assert [(e.previous, e.status) for e in events] == [(None, "open"), ("open", "in-progress")]
    # the history given is left as it was (the build compares the two)
    assert [e.status for e in known.records["ACT-2020-001"].events] == ["open"]
    # the same result as reading everything again
    fresh = read(repo, None)
    assert fresh.records["ACT-2020-001"].events == events


def test_no_history_outside_git_and_in_shallow_clones(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(HistoryUnavailable, match="not in a git repository"):
        read(tmp_path / "elsewhere")
    commit(repo, "open", "2020-05-01")
    commit(repo, "done", "2020-05-02")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    with pytest.raises(HistoryUnavailable, match="shallow clone"):
        read(shallow)


def test_refs_resolve_to_their_commit_date(repo: Path) -> None:
    sha = commit(repo, "open", "2020-05-01")
    git(repo, "tag", "review-1")
    assert resolve(repo, "review-1") == (sha, dt.date(2020, 5, 1))
    # a name, a tree, a reflog entry past its end, a full SHA of no object here (was a traceback)
    for bad in ("nope", "HEAD^{tree}", "HEAD@{99}", "0" * 40):
        with pytest.raises(HistoryUnavailable, match=r"is not a git ref"):
            resolve(repo, bad)


def test_a_file_name_git_would_quote_is_read(repo: Path) -> None:
    """`git log --raw` quotes "2019-05-réunion.md" unless -z: the records in it have history."""
    path = repo / "actions/2020/2020-05-réunion.md"
    path.parent.mkdir(parents=True)
    path.write_text(RECORD.format(status="open", extra=""), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A meeting in French")
    sha = git(repo, "rev-parse", "HEAD")
    assert read(repo).records["ACT-2020-001"].added.commit == sha


def test_pull_requests_from_merges_and_squashed_subjects(repo: Path) -> None:
    """The pull request that added a record and the one that last changed it: a merge
    commit names it for every commit of its branch; a squash merge ends its subject with it."""
    commit(repo, "open", "2020-05-01")
    git(repo, "branch", "-M", "main")
    git(repo, "switch", "-q", "-c", "feature")
    commit(repo, "in-progress", "2020-05-02")
    git(repo, "switch", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request #7 from someone/feature", "feature")
    path = repo / FILE
    path.write_text(RECORD.format(status="done", extra=":closed: 2020-05-03"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Close the action (#9)", date="2020-05-03T12:00:00Z")
    record = read(repo).records["ACT-2020-001"]
    assert [(e.status, e.pull) for e in record.events] == [("open", None), ("in-progress", 7),
                                                           ("done", 9)]
    assert record.last_pull == 9


def test_amendment_entries_keep_the_commit_that_added_them(repo: Path) -> None:
    commit(repo, "done", "2020-05-01", extra=":closed: 2020-05-01")
    second = commit(repo, "done", "2020-05-02",
                    extra=":closed: 2020-05-01\n:amended: 2020-05-02 ann: the owner was wrong")
    third = commit(repo, "done", "2020-05-03", extra=":closed: 2020-05-01\n:amended: "
                   "2020-05-02 ann: the owner was wrong; 2020-05-03 bob: a typo")
    amended = read(repo).records["ACT-2020-001"].amendments
    assert [(a.amendment.who, a.amendment.why, a.commit) for a in amended] == [
        ("ann", "the owner was wrong", second), ("bob", "a typo", third)]


def test_a_record_imported_as_history_keeps_its_own_dates(repo: Path) -> None:
    """Added months after its meeting (MTG-2020-05-01): a back catalogue. Its own date
    stands for git's until it changes; then git dates count again."""
    imported = commit(repo, "open", "2020-11-25")
    known = read(repo)
    record = known.records["ACT-2020-001"]
    assert record.imported and record.added_on == dt.date(2020, 5, 1) and record.added.commit == imported
    assert read(repo).last_changes() == {"ACT-2020-001": dt.date(2020, 5, 1)}
    commit(repo, "done", "2020-12-01", extra=":closed: 2020-12-01")
    history = read(repo, known)
    assert history.last_changes() == {"ACT-2020-001": dt.date(2020, 12, 1)}
    assert history.records["ACT-2020-001"].added_on == dt.date(2020, 5, 1)


def test_a_record_added_soon_after_its_meeting_is_dated_by_git(repo: Path) -> None:
    commit(repo, "open", "2020-05-20")  # within IMPORTED_AFTER_DAYS of its meeting
    record = read(repo).records["ACT-2020-001"]
    assert not record.imported and record.added_on == dt.date(2020, 5, 20)
    assert read(repo).last_changes() == {"ACT-2020-001": dt.date(2020, 5, 20)}
