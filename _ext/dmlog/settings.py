"""dmlog's settings of a site's conf.py, declared once.

The declaration feeds Sphinx (``add_config_value`` with its types), the preset
(:mod:`dmlog.conf`) and the command's project (:class:`dmlog.cli.project.Project`);
:meth:`Settings.read` turns a site's values into one typed object, its date parsed once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Literal

from dmlog import schema
from dmlog.log import allowlist, layout
from dmlog.log.references import DEFAULT_PATTERNS

JIRA_URL = "https://rubinobs.atlassian.net/browse/"
#: what a change of the setting makes Sphinx rebuild: everything, the HTML output, or
#: nothing by itself ("": dmlog's incremental build rewrites what it changes)
Rebuild = Literal["env", "html", ""]


def _about(rebuild: Rebuild, types: tuple[type, ...], description: str) -> dict[str, Any]:
    return {"rebuild": rebuild, "types": types, "description": description}


@dataclass(frozen=True)
class Settings:
    """The ``dmlog_*`` values of conf.py (each field is ``dmlog_<name>``)."""

    # a new date re-reads nothing: the pages that show it are rewritten (incremental.py)
    today: dt.date | None = field(default=None, metadata=_about(
        "", (str, dt.date, type(None)),
        "The date 'overdue' is judged against (YYYY-MM-DD); unset: the day of the build."))
    jira_url: str = field(default=JIRA_URL, metadata=_about(
        "env", (str,), "Jira, for RFC-nnn and DM-nnnnn references."))
    reference_patterns: tuple[tuple[str, str], ...] = field(
        default=tuple(DEFAULT_PATTERNS), metadata=_about(
            "env", (list, tuple),
            "References linked in any text: (regex, URL template); the template may use {0} "
            "(the text matched), {lower} and {jira}."))
    registry_dir: str = field(default=layout.REGISTRY_DIR, metadata=_about(
        "env", (str,), "The folder of the registries (people, milestones, documents)."))
    history: bool = field(default=True, metadata=_about(
        "env", (bool,), "Each record's history from git on its card, the stale gap, review packs."))
    repository_url: str = field(default="", metadata=_about(
        "html", (str,), "The log's repository, where changes are proposed."))
    repository_branch: str = field(default="main", metadata=_about(
        "html", (str,), "The branch edit links point to."))
    repository_path: str = field(default="", metadata=_about(
        "html", (str,), "The log's folder inside the repository, if not its root."))
    search: bool = field(default=True, metadata=_about(
        "html", (bool,), "The site's own search (Pagefind) in place of Sphinx's."))
    content_allow: tuple[Mapping[str, Any], ...] = field(default=(), metadata=_about(
        "env", (list, tuple),
        "What content may use beyond dmlog's allow-list: directives and roles, each "
        "{'directive' or 'role': name, 'reason': why it is safe} (dmlog.log.allowlist)."))

    # a log's own record types, and the fields and links they use (dmlog.schema.declare)
    types: Mapping[str, Any] = field(default_factory=dict, metadata=_about(
        "env", (dict,),
        "The log's own record types, by name: {'risk': {'prefix': 'RSK', 'statuses': [...], "
        "'closed': [...], 'required': [...], 'optional': [...]}} (also title, plural, "
        "default_status, columns, color). Each gets its folder, pages, `dmlog new` and "
        "`dmlog list`."))
    fields: Mapping[str, Any] = field(default_factory=dict, metadata=_about(
        "env", (dict,),
        "The fields the log's own types use, by name: {'impact': {'description': ..., "
        "'values': ['low', 'high']}} (also kind: text, date, list or url; label)."))
    links: Mapping[str, Any] = field(default_factory=dict, metadata=_about(
        "env", (dict,),
        "The links the log's own types use, by name: {'rfc': {'description': ..., "
        "'targets': ['decision'], 'incoming': ...}} (also label)."))

    # read by `dmlog diff --check` only: the site does not depend on it
    lifecycle: Mapping[str, Any] = field(default_factory=dict, metadata=_about(
        "", (dict,),
        "Changes to the lifecycle rules of `dmlog diff --check` (dmlog.schema.LIFECYCLE): "
        "any of settled, transitions, protected, needs_reason (by record type) and off "
        "(rule names)."))

    def lifecycle_rules(self) -> schema.Lifecycle:
        """The lifecycle with this site's changes; raises ValueError saying what is wrong."""
        if not isinstance(self.lifecycle, Mapping):
            raise ValueError(f"dmlog_lifecycle must be a dict, not {type(self.lifecycle).__name__}")
        return schema.LIFECYCLE.with_overrides(self.lifecycle)

    @cached_property
    def policy(self) -> allowlist.Policy:
        """The allow-list of the site's content."""
        return allowlist.policy(self.content_allow)

    @classmethod
    def read(cls, values: Mapping[str, Any]) -> Settings:
        """The settings of a site from its conf.py values (missing ones: defaults); the
        schema becomes dmlog's plus the site's own types (:func:`dmlog.schema.declare`).
        Raises SettingError, saying what to write, for a ``dmlog_today`` that is not a
        date, a ``dmlog_content_allow`` entry without its reason or a type, field or link
        declaration that cannot be used."""
        given = {f.name: values[name] for f in fields(cls)
                 if (name := f"dmlog_{f.name}") in values and values[name] is not None}
        declared = {key: given.get(key, {}) for key in ("types", "fields", "links")}
        try:
            schema.declare(**declared)
        except ValueError as err:
            schema.declare({}, {}, {})
            name = next((key for key in declared if f"dmlog_{key}" in str(err)), "types")
            raise SettingError(f"dmlog_{name}", str(err)) from None
        if "today" in given:
            try:
                given["today"] = today_setting(given["today"])
            except ValueError as err:
                raise SettingError("dmlog_today", str(err)) from None
        if "content_allow" in given:
            given["content_allow"] = tuple(given["content_allow"])
            try:
                allowlist.policy(given["content_allow"])
            except ValueError as err:
                raise SettingError(allowlist.SETTING, str(err)) from None
        if "reference_patterns" in given:
            given["reference_patterns"] = tuple(tuple(p) for p in given["reference_patterns"])
        return cls(**given)


class SettingError(ValueError):
    """A setting of conf.py that cannot be used, named so that messages give its line."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


def today_setting(value: object) -> dt.date | None:
    """The ``dmlog_today`` setting as a date: None (the day of the build), a
    ``datetime.date`` or the text YYYY-MM-DD. Raises ValueError saying what to write."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"dmlog_today = {value!r} is not a date: write dmlog_today = \"YYYY-MM-DD\" "
                     "(in quotes), or leave it unset for the day of the build")


def setting_line(conf_text: str, name: str) -> int:
    """The line of conf.py that sets ``name`` (1 if none does), for messages."""
    match = re.search(rf"^{re.escape(name)}\s*=", conf_text, re.MULTILINE)
    return conf_text.count("\n", 0, match.start()) + 1 if match else 1


def declared() -> list[tuple[str, Any, Rebuild, tuple[type, ...]]]:
    """(conf.py name, default, what a change rebuilds, types) of each setting."""
    defaults = Settings()
    return [(f"dmlog_{f.name}", _conf_value(getattr(defaults, f.name)), f.metadata["rebuild"],
             f.metadata["types"]) for f in fields(Settings)]


def _conf_value(value: Any) -> Any:
    """A default as conf.py writes it (lists, which a site extends)."""
    return [tuple(item) for item in value] if isinstance(value, tuple) else value


def schema_settings() -> dict[str, Any]:
    """The Sphinx settings that follow the record schema, by name: the preset
    (:mod:`dmlog.conf`) starts from them, and the extension adds those of a log's own
    types (``dmlog_types``), which conf.py declares after the preset."""
    return {
        "include_patterns": [f"{folder}/**" for folder in layout.record_dirs()],
        "needs_types": [{"directive": t.name, "title": t.title, "prefix": "", "color": t.color,
                         "style": "node"} for t in schema.TYPES.values()],
        "needs_fields": {f.name: {"description": f.description, "nullable": True,
                                  "schema": {"type": "string"}} for f in schema.FIELDS.values()},
        "needs_links": {link.name: {"description": link.description, "outgoing": link.name,
                                    "incoming": link.incoming} for link in schema.LINKS.values()},
    }
