"""The allow-list of content: everything a record file, a meeting page or a registry may
contain, declared once. The gate (:mod:`dmlog.log.gate`) applies it, for `dmlog check`
and the build alike.

Content is what a routine pull request touches: ``decisions/``, ``actions/``, the meeting
pages under ``docs/meetings/<year>/`` and the registries. It is data: it may use the
Markdown a decision log needs and dmlog's own directives and roles, and nothing the engine
behind them (Sphinx, MyST, sphinx-needs and every extension conf.py loads) could use to
run code, read files of the build machine or change records behind the reader's back.
Anything not named here is refused. The site's own pages (the rest of ``docs/``) are site
code, reviewed as code, and may use more (:data:`SITE_REFUSED` says what they may not).

A site may allow more in its conf.py, each entry with the reason it is safe::

    dmlog_content_allow = [
        {"directive": "epigraph", "reason": "a quotation: Markdown text, no options"},
        {"role": "rfc", "reason": "a link to an RFC by number"},
    ]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from dmlog import schema
from dmlog.log import options

#: How a directive's body is read: as Markdown (checked like the page), as literal text
#: (code, math: shown, never run), or not at all (no body allowed).
MARKDOWN, LITERAL, NO_BODY = "markdown", "literal", "none"

#: The options of each directive, with the kind of value the engine accepts for each
#: (:mod:`dmlog.log.options`). No :name: nor a formula's :label:: a label is a name for
#: the whole site, which another page may give too (the engine warns of a duplicate).
_NAMED = {"class": options.CLASS}
_ADMONITION_OPTIONS = _NAMED
_CODE_OPTIONS = {**_NAMED, "caption": options.REQUIRED, "linenos": options.TEXT,
                 "lineno-start": options.INTEGER, "emphasize-lines": options.LINES,
                 "dedent": options.OPTIONAL_COUNT, "force": options.TEXT}
# no :scale: (docutils reads the image's size for it, and warns on a file it cannot read)
_IMAGE_OPTIONS = {**_NAMED, "alt": options.TEXT, "height": options.LENGTH,
                  "width": options.LENGTH_OR_PERCENTAGE, "align": options.ALIGN}
_TABLE_OPTIONS = {**_NAMED, "align": options.ALIGN, "widths": options.TABLE_WIDTHS,
                  "width": options.LENGTH_OR_PERCENTAGE}


@dataclass(frozen=True)
class Allowed:
    """A directive content may use: the options it may take, each with the kind of value
    it takes (None: those the record schema allows, checked by the reader), and how its
    body is read."""

    options: Mapping[str, str] | None
    body: str
    reason: str


#: Admonitions content may use (docutils' and Sphinx's names).
ADMONITIONS = ("note", "warning", "tip", "important", "caution", "attention", "danger",
               "error", "hint", "seealso")

#: Code blocks (Sphinx colours them with the lexer of the language they name).
CODE_DIRECTIVES = ("code-block", "code", "sourcecode")

_DIRECTIVES: dict[str, Allowed] = {
    "dmlog-table": Allowed(dict.fromkeys(("types", "filter", "columns", "sort", "group-by"), options.TEXT),
                           NO_BODY, "a table of records chosen by dmlog's filter language, "
                           "parsed and never evaluated"),
    **{name: Allowed(_ADMONITION_OPTIONS, MARKDOWN, "an admonition: Markdown in a box")
       for name in ADMONITIONS},
    "admonition": Allowed(_ADMONITION_OPTIONS, MARKDOWN, "an admonition with its own title"),
    **{name: Allowed(_CODE_OPTIONS, LITERAL, "a code block: shown, never run")
       for name in ("code-block", "sourcecode")},
    # Sphinx's {code} takes none of code-block's options for lines and captions
    "code": Allowed({**_NAMED, "force": options.TEXT}, LITERAL, "a code block: shown, never run"),
    "math": Allowed({**_NAMED, "nowrap": options.TEXT}, LITERAL,
                    "a formula, drawn by MathJax"),
    "image": Allowed(_IMAGE_OPTIONS, NO_BODY, "an image of a file in the log's folders"),
    "figure": Allowed({**_IMAGE_OPTIONS, "figwidth": options.FIGURE_WIDTH, "figclass": options.CLASS},
                      MARKDOWN,
                      "an image of a file in the log's folders, with a caption"),
    "table": Allowed(_TABLE_OPTIONS, MARKDOWN, "a Markdown table with a caption"),
    "list-table": Allowed({**_TABLE_OPTIONS, "widths": options.WIDTHS, "header-rows": options.COUNT,
                           "stub-columns": options.COUNT}, MARKDOWN,
                          "a table written as nested lists"),
}
_RECORD = Allowed(None, MARKDOWN, "a record of the log")


class _WithRecords(Mapping[str, Allowed]):
    """Directives: the record types the schema has now (a log declares its own in
    conf.py, read after this module), then ``others``."""

    def __init__(self, others: Mapping[str, Allowed]) -> None:
        self._others = others

    def __getitem__(self, name: str) -> Allowed:
        return _RECORD if name in schema.logged_types() else self._others[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys((*schema.logged_types(), *self._others)))

    def __len__(self) -> int:
        return len(dict.fromkeys((*schema.logged_types(), *self._others)))


#: Directives content may use, by name.
DIRECTIVES: Mapping[str, Allowed] = _WithRecords(MappingProxyType(_DIRECTIVES))

#: Roles content may use, and why each is safe. Not {ref}: its labels are known only once
#: every page is read, so the gate could not say at a page's reading whether it resolves
#: (records link with {need}, pages with {doc} or a Markdown link, which the gate checks).
ROLES: Mapping[str, str] = MappingProxyType({
    "need": "a link to a record by its ID",
    "download": "a file of the log's folders offered for download (its path is checked)",
    "doc": "a link to a page of the site",
    "math": "a formula, drawn by MathJax",
    "sub": "subscript text", "sup": "superscript text",
    "abbr": "an abbreviation with its meaning",
    "kbd": "a key to press",
})

#: The allowed roles that name a target the log must have (a record, a page, a file): the
#: gate checks the target; minutes imported from elsewhere keep their text only.
TARGET_ROLES = frozenset({"need", "doc", "download"})

#: Keys of a page's front matter content may use (the rest change how a page is read:
#: ``myst:`` turns on substitutions, for instance).
FRONT_MATTER_KEYS = ("orphan",)

#: Inline HTML a page may use (all of it formatting); everything else is refused.
HTML_TAGS = ("kbd", "span", "em", "strong", "b", "i", "u", "s", "code", "sub", "sup", "br",
             "abbr", "mark", "small", "del", "ins", "var", "samp")
HTML_ATTRIBUTES = ("class", "title")

#: Syntax the engine evaluates inside text, refused anywhere in content: MyST's
#: substitutions (jinja2), sphinx-needs' dynamic functions and variants (Python).
EVALUATED_SYNTAX: Mapping[str, str] = MappingProxyType({
    "{{": "a MyST substitution, which jinja2 evaluates",
    "[[": "a sphinx-needs dynamic function, which the build calls",
    "<<": "a sphinx-needs variant, whose condition the build evaluates as Python",
    "<{": "a sphinx-needs variant value",
})



def evaluated_syntax(value: str) -> str | None:
    """What the engine would evaluate in a value of content (a record's title or option, a
    registry entry's field), as a message, or None."""
    found = [f"'{marker}' ({why})" for marker, why in EVALUATED_SYNTAX.items() if marker in value]
    if not found:
        return None
    return (f"{', '.join(found)} is not allowed in the log's content: the log is data; "
            "write the characters apart (e.g. '[ [') or in code")


def apart(value: str) -> str:
    """``value`` with each marker of :data:`EVALUATED_SYNTAX` written apart ('[[' as '[ [')
    wherever it occurs, so that nothing in it is evaluated (text from minutes)."""
    while marker := next((m for m in EVALUATED_SYNTAX if m in value), None):
        value = value.replace(marker, f"{marker[0]} {marker[1]}")
    return value


#: MathJax commands that make links or set HTML attributes: refused in formulas
#: (``\mmlToken{mi}[href="..."]`` sets href, class, id, style; ``\bbox[...]`` a style;
#: ``\require`` loads the extensions that define more).
MATH_COMMANDS = ("href", "url", "class", "cssId", "style", "data", "html", "unicode", "mmlToken",
                 "bbox", "require")

#: What the site's own pages may not use either: directives that make or change records
#: the reader does not see (check and build would disagree about the log).
SITE_REFUSED: Mapping[str, str] = MappingProxyType({
    "needextend": "it changes records after they are read, so the log would say one thing "
                  "and `dmlog check`, `list` and `diff` another; change the record itself",
    "needimport": "it makes records of a file or URL outside the log's records; write the "
                  "records in decisions/ and actions/",
    "needservice": "it fetches records from a service at build time; write the records in "
                   "decisions/ and actions/",
})


@dataclass(frozen=True)
class Policy:
    """The allow-list a site applies: dmlog's, plus what conf.py adds with a reason."""

    directives: Mapping[str, Allowed] = field(default_factory=lambda: DIRECTIVES)
    roles: Mapping[str, str] = field(default_factory=lambda: ROLES)

    def allowed_directives(self) -> str:
        return ", ".join(f"{{{name}}}" for name in sorted(self.directives))

    def allowed_roles(self) -> str:
        return ", ".join(f"{{{name}}}" for name in sorted(self.roles))


DEFAULT = Policy()
#: The conf.py setting that extends the allow-list.
SETTING = "dmlog_content_allow"


def policy(extensions: Iterable[Mapping[str, object]] = ()) -> Policy:
    """dmlog's allow-list with a site's additions (``dmlog_content_allow``). Raises
    ValueError, saying what to write, for an entry that does not name one directive or
    role with its reason, or that would allow what the log never may."""
    directives, roles = dict(_DIRECTIVES), dict(ROLES)
    for index, entry in enumerate(extensions):
        where = f"{SETTING}[{index}]"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where} = {entry!r} is not a dict: write "
                             '{"directive": "name", "reason": "why content may use it"}')
        kinds = [kind for kind in ("directive", "role") if kind in entry]
        name, reason = entry.get(kinds[0]) if len(kinds) == 1 else None, entry.get("reason")
        unknown = set(entry) - {"directive", "role", "reason", "options", "body"}
        if len(kinds) != 1 or not isinstance(name, str) or not name or unknown:
            raise ValueError(f"{where}: name one directive or one role, e.g. "
                             '{"directive": "epigraph", "reason": "..."}'
                             + (f" (unknown keys: {', '.join(sorted(unknown))})" if unknown else ""))
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"{where} ({name}): give the reason content may use it, "
                             '"reason": "..." (it is the reviewers\' record of the decision)')
        if name in SITE_REFUSED or name in ("eval-rst", "raw", "include", "literalinclude"):
            raise ValueError(f"{where}: {{{name}}} can never be allowed in content")
        if kinds[0] == "role":
            roles[name] = reason
            continue
        names = entry.get("options", ())
        body = entry.get("body", MARKDOWN)
        if not isinstance(names, (list, tuple)) or not all(isinstance(o, str) for o in names) \
                or body not in (MARKDOWN, LITERAL, NO_BODY):
            raise ValueError(f"{where} ({name}): 'options' is a list of option names and "
                             f"'body' one of {MARKDOWN!r}, {LITERAL!r}, {NO_BODY!r}")
        directives[name] = Allowed(dict.fromkeys(names, options.TEXT), str(body), reason)
    return Policy(_WithRecords(MappingProxyType(directives)), MappingProxyType(roles))
