"""The registries' YAML loader: untrusted text, read with limits (no Sphinx, no files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmlog.log import safeyaml
from dmlog.log.problems import LogError


def refused(text: str) -> LogError:
    with pytest.raises(LogError) as caught:
        safeyaml.load(text, "people.yaml")
    return caught.value


def test_empty_and_comment_only_files_are_empty() -> None:
    assert safeyaml.compose("", "people.yaml") == (None, None)
    assert safeyaml.compose("# nobody yet\n\n# still nobody\n", "people.yaml") == (None, None)


def test_dates_stay_text_so_the_log_judges_them() -> None:
    assert safeyaml.load("due: 2019-13-01\nok: 2019-06-30\n", "m.yaml") == {
        "due": "2019-13-01", "ok": "2019-06-30"}


def test_an_alias_bomb_is_refused_at_its_anchor() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    err = refused(bomb)
    assert err.line == 1 and "anchors and aliases" in err.message


def test_an_alias_alone_is_refused() -> None:
    err = refused("people:\n  ann:\n    name: Ann\n  bob: *x\n")
    assert err.line == 4


@pytest.mark.parametrize(("key", "shown"), [("12345", "12345"), ("yes", "yes"), ("1.5", "1.5"),
                                            ("null", "null"), ("[a, b]", "a list or mapping")])
def test_keys_that_are_not_text_are_refused_with_their_line(key: str, shown: str) -> None:
    err = refused(f"people:\n  ann:\n    name: Ann\n  {key}:\n    name: Nobody\n")
    assert err.line == 4 and f"{shown!r}" in err.message and "not text" in err.message


def test_a_key_given_twice_is_refused_naming_the_first() -> None:
    err = refused("people:\n  ann:\n    name: Ann\n  ann:\n    name: Other Ann\n")
    assert err.line == 4 and "first on line 2" in err.message


def test_size_and_depth_limits() -> None:
    assert "larger than" in refused("a: " + "x" * (safeyaml.MAX_BYTES + 1)).message
    assert "nested too deeply" in refused("[" * 5000 + "]" * 5000).message


def test_a_control_character_is_refused_at_its_line_even_in_a_comment() -> None:
    err = refused("people:\n  ann:\n    name: Ann  # \x07 bell\n")
    assert err.line == 3 and "U+0007" in err.message and "remove it" in err.message


def test_invalid_yaml_names_its_line() -> None:
    err = refused("people:\n  ann:\n    name: [Ann\n")
    assert err.line >= 3 and "is not valid YAML" in err.message


def _read_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What libyaml's path and the Python loader's give: data and every node's lines, or
    the problem."""
    def lines(node: object) -> list[tuple[str, int, int]]:
        if node is None:
            return []
        found = [(node.tag, node.start_mark.line, node.end_mark.line)]  # type: ignore[attr-defined]
        for item in node.value if isinstance(node.value, list) else []:  # type: ignore[attr-defined]
            for child in item if isinstance(item, tuple) else (item,):
                found += lines(child)
        return found

    results: list[object] = []
    for fast in (True, False):
        monkeypatch.setattr(safeyaml, "_FAST", fast)
        try:
            node, data = safeyaml.compose(text, "people.yaml")
            results.append((lines(node), data))
        except LogError as err:
            results.append((err.line, err.message))
    return results


@pytest.mark.parametrize("text", [
    PEOPLE := (Path(__file__).parents[3] / "docs/registry/people.yaml").read_text(encoding="utf-8"),
    PEOPLE + "  ann:\n    name: Ann\n  ann:\n    name: Other Ann\n",  # a key twice
    "a: 1\nyes: 2\n", "a: !!python/object:os.system x\n", "a:\tb\n", "a: &x 1\nb: *x\n",
    "[" * 40 + "]" * 40, "a: [1, 2\n", "a: 'x\n", "due: 2019-06-30\nbom: \ufeff\nwide: 😀\n",
])
def test_libyaml_reads_what_the_python_loader_reads(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, checked = _read_both_ways(text, monkeypatch)
    assert fast == checked


def test_a_real_registry_takes_libyaml_and_what_it_would_misread_does_not() -> None:
    assert safeyaml._FAST and safeyaml._plain(PEOPLE)
    assert not any(safeyaml._plain(text) for text in ("a:\tb\n", "a: &x 1\nb: *x\n", "a: [1\n",
                                                      "[" * 40 + "]" * 40, "a: \x07\n"))
