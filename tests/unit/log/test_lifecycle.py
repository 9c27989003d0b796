"""The lifecycle rules on two folders of a log (no git): what the rules read, and what
they never read."""

from __future__ import annotations

import shutil
from pathlib import Path

from dmlog import schema
from dmlog.log import lifecycle
from dmlog.log.sources import load_log
from helpers import ACTIONS, copy_root, edit

MEETING = "docs/meetings/2020/2020-05-01-review.md"


def states(tmp_path: Path) -> tuple[Path, Path]:
    base = copy_root("mini", tmp_path / "base")
    return base, Path(shutil.copytree(base, tmp_path / "head"))


def check(base: Path, head: Path, rules: schema.Lifecycle = schema.LIFECYCLE) -> list[str]:
    return [f"{p.path}:{p.line} {p.message.rsplit('[', 1)[1].rstrip(']')}" for p in lifecycle.check(
        lifecycle.State(load_log(base)), lifecycle.State(load_log(head)),
        rules)]


def test_minutes_outside_the_log_are_never_read(tmp_path: Path) -> None:
    base, head = states(tmp_path)
    for root, text in ((base, "one"), (head, "two")):
        (root.parent / f"{root.name}-outside.txt").write_text(text)
        edit(root, MEETING, ":chair: ann", f":chair: ann\n:source: ../{root.name}-outside.txt")
    assert check(base, head) == []


def test_a_rule_switched_off_in_conf_is_not_applied(tmp_path: Path) -> None:
    base, head = states(tmp_path)
    path = head / ACTIONS
    text = path.read_text()
    path.write_text(text[:text.index("\n```{action} Circulate")] + "\n")
    assert check(base, head) == [f"{ACTIONS}:14 record-deleted"]
    assert check(base, head, schema.LIFECYCLE.with_overrides({"off": ["record-deleted"]})) == []
