"""What every command shares: the project (its folder, conf.py and records) and
one way to fail."""

from __future__ import annotations

import contextlib
import datetime as dt
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from dmlog import schema, settings
from dmlog.log import layout
from dmlog.log.files import log_lock, recover
from dmlog.log.names import NameIndex
from dmlog.log.problems import LogError, Problem
from dmlog.log.sources import DEFAULT_EXTENSIONS, Log, find_root, load_log
from dmlog.settings import SettingError, Settings


class UserError(click.ClickException):
    """A mistake in the input: one line, no traceback, exit status 1."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        click.echo(f"dmlog: {self.message}", file=file, err=True)  # stderr unless given a file


def fail(message: str) -> NoReturn:
    raise UserError(message)


class Project:
    """The log's folder, its conf.py settings and its records."""

    def __init__(self, root: Path | None) -> None:
        try:
            self.root = (root or find_root()).resolve()
        except LogError as err:
            fail(err.problem.message)
        self.config = self._read_config()
        self.settings = self._settings()  # the log's own types join the schema
        self._log: Log | None = None

    def _read_config(self) -> dict[str, Any]:
        conf = self.root / "conf.py"
        if not conf.exists():
            fail(f"{self.root} has no conf.py: is it a dmlog project? (use --root)")
        sys.path.insert(0, str(self.root))
        try:
            return runpy.run_path(str(conf))
        except Exception as err:  # noqa: BLE001 - conf.py is any Python: whatever it raises is the user's to fix
            fail(f"conf.py: cannot be read: {err}")
        finally:
            sys.path.remove(str(self.root))

    def _settings(self) -> Settings:
        """dmlog's settings of conf.py (a setting that cannot be used left out:
        :meth:`config_problems` reports it)."""
        try:
            return Settings.read(self.config)
        except SettingError as err:
            return Settings.read({**self.config, err.setting: None})

    @property
    def lifecycle(self) -> schema.Lifecycle:
        """The lifecycle rules with conf.py's ``dmlog_lifecycle``; a mistake there is one message."""
        try:
            return self.settings.lifecycle_rules()
        except ValueError as err:
            fail(f"conf.py: {err}")

    @property
    def registry_dir(self) -> str:
        return self.settings.registry_dir

    @property
    def markdown_extensions(self) -> tuple[str, ...]:
        """The MyST extensions the site enables: the reader parses as the build does."""
        value = self.config.get("myst_enable_extensions", DEFAULT_EXTENSIONS)
        if isinstance(value, str) or not all(isinstance(name, str) for name in value):
            fail(f"conf.py: myst_enable_extensions = {value!r} is not a list of names")
        return tuple(value)

    @property
    def log(self) -> Log:
        if self._log is None:
            self._log = load_log(self.root, self.registry_dir, self.markdown_extensions)
        return self._log

    def today(self, override: str | None = None) -> dt.date:
        if override:
            try:
                return dt.date.fromisoformat(override)
            except ValueError:
                fail(f"bad date {override!r}: write YYYY-MM-DD")
        if problems := self.config_problems():
            fail(str(problems[0]))
        return self.settings.today or dt.date.today()

    def config_problems(self) -> list[Problem]:
        """What is wrong in conf.py's dmlog settings, as the build reports it."""
        try:
            Settings.read(self.config)
        except SettingError as err:
            text = (self.root / "conf.py").read_text(encoding="utf-8")
            return [Problem("conf.py", settings.setting_line(text, err.setting), str(err))]
        return []

    @contextlib.contextmanager
    def editing(self) -> Iterator[None]:
        """Change the log holding its lock, on the log as it is once the lock is held
        (another command may have written meanwhile); any write error is one message."""
        content = (*layout.content_dirs(), self.registry_dir)
        try:
            with log_lock(self.root, content=content):
                # what a killed command left halfway is completed (or undone) first
                if done := recover(self.root, content):
                    click.echo(f"dmlog: {done}", err=True)
                self._log = None
                yield
        except LogError as err:
            fail(str(err.problem))

    def reread(self) -> None:
        """Read the log's files again at the next use (after a command wrote some)."""
        self._log = None

    def names(self) -> NameIndex:
        return NameIndex(self.log.entries)

    def person_or_group(self, written: str, option: str,
                        add: str = "`dmlog new person ID --name NAME`") -> str:
        """The ID of the person or group ``written`` names (said on stderr when read from
        part of a name), or exit naming who it could be, and how to ``add`` someone new."""
        names = self.names()
        match = names.lookup(written)
        if match.id is None:
            fail(f"{option} {names.explain(match)} (someone new: {add})")
        if match.guessed:
            click.echo(f"{option} {written.strip()!r} read as {names.label(match.id)}, by {match.how}",
                       err=True)
        return match.id

    def bodies(self) -> dict[str, str]:
        """Record ID -> the text of the record, as written in its file."""
        return {r.record.id: r.body for f in self.log.files for r in f.records}


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                           help="The log's folder (default: the one holding conf.py, from here up).")
