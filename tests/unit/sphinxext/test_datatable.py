"""The JSON a table's rows travel in, inside the page."""

from __future__ import annotations

import json

from dmlog.sphinxext.datatable import embed_json, kind_of, slug


def test_json_in_a_page_cannot_close_or_open_an_element() -> None:
    data = {"title": "</script><script>alert(1)</script> <!-- x"}
    text = embed_json(data)
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == data


def test_columns_and_names() -> None:
    assert [kind_of(c) for c in ("id", "title", "status", "owner", "due", "tags")] == \
        ["id", "title", "status", "links", "date", "text"]
    assert slug("Decision log") == "decision-log"
    assert slug("Actions: done & cancelled!") == "actions-done-cancelled"
    assert slug("***") == "records"
