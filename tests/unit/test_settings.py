"""dmlog's settings, declared once (dmlog.settings) and read once."""

from __future__ import annotations

import datetime as dt

import pytest

import dmlog.conf
from dmlog import settings
from dmlog.log import layout


def test_every_setting_is_declared_with_its_types_and_default() -> None:
    names = [name for name, *_ in settings.declared()]
    assert names == sorted(set(names), key=names.index)  # once each
    for name, default, rebuild, types in settings.declared():
        assert name.startswith("dmlog_") and rebuild in ("env", "html", "")
        assert isinstance(default, types), name


def test_read_parses_the_date_once_and_keeps_defaults() -> None:
    read = settings.Settings.read({"dmlog_today": "2020-06-15", "dmlog_jira_url": "https://j/",
                                   "project": "not dmlog's"})
    assert read.today == dt.date(2020, 6, 15) and read.jira_url == "https://j/"
    assert read.registry_dir == layout.REGISTRY_DIR and read.repository_branch == "main"
    assert settings.Settings.read({"dmlog_today": dt.date(2020, 1, 2)}).today == dt.date(2020, 1, 2)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        settings.Settings.read({"dmlog_today": "15 June"})


def test_the_preset_exports_settings_only() -> None:
    exported = set(dmlog.conf.__all__)
    assert "annotations" not in exported
    assert not {name for name in exported if name.startswith("_")}
    assert {"extensions", "needs_types", "dmlog_reference_patterns"} <= exported
    namespace: dict[str, object] = {}
    exec("from dmlog.conf import *", namespace)
    assert set(namespace) - {"__builtins__"} == exported
    # a site extends the patterns it star-imported
    assert dmlog.conf.dmlog_reference_patterns == [tuple(p) for p in settings.Settings().reference_patterns]
