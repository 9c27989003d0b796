"""The Sphinx extension: it wires the stages of a dmlog build together.

- read: registries become generated pages (:mod:`dmlog.log.registries`); references in
  text become links (:mod:`dmlog.log.references`);
- check: every record against the schema's rules (:mod:`dmlog.log.validation`);
- write: records as cards, and the views (:mod:`dmlog.sphinxext.card`, :mod:`dmlog.sphinxext.views`);
- incremental builds rewrite what a change touches (:mod:`dmlog.sphinxext.incremental`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from dmlog import __version__, schema, settings
from dmlog.log import characters, layout, registries
from dmlog.log import check as rules
from dmlog.sphinxext import (
    attention,
    card,
    datatable,
    feeds,
    gate,
    history,
    html,
    incremental,
    inputs,
    needs,
    permalinks,
    reconcile,
    reviewpack,
    search,
    state,
    tabledirective,
    transforms,
    typepages,
    views,
)
from dmlog.sphinxext.html import Renderer, as_text, raw

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parents[1] / "static"

# a page flag: the page shows content sphinx-needs computes itself (it keeps its assets)
_NEEDS_CONTENT = "dmlog_has_needs_content"


def today(app: Sphinx) -> dt.date:
    """The date "overdue" is judged against: ``dmlog_today``, else the day of the build."""
    return state.of(app).today


def _configure(app: Sphinx, config: Any) -> None:
    """Read dmlog's settings once (the log's own types join the schema, and the settings
    that follow it); add the static files and the link to the sources."""
    values = {name: getattr(config, name) for name, *_ in settings.declared()}
    try:
        read = settings.Settings.read(values)
    except settings.SettingError as err:
        conf = Path(app.confdir) / "conf.py"
        line = settings.setting_line(conf.read_text(encoding="utf-8"), err.setting) \
            if conf.exists() else 1
        logger.warning(str(err), location=f"{conf}:{line}", type="dmlog", subtype="config")
        read = settings.Settings.read({**values, err.setting: None})
    for name, value in settings.schema_settings().items():
        current = getattr(config, name)
        if isinstance(current, list):
            setattr(config, name, [*current, *(item for item in value if item not in current)])
        else:
            setattr(config, name, {**value, **current})
    build = state.of(app)
    build.settings = read
    build.today = read.today or dt.date.today()
    # kept as text in Sphinx's config (what it compares between builds)
    config.dmlog_today = read.today.isoformat() if read.today else None
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    if url := read.repository_url:  # a link to the sources, where changes are proposed
        options = dict(config.html_theme_options)
        options.setdefault("icon_links", []).append({
            "name": "Sources (propose a change)", "url": url,
            "icon": "fa-brands fa-github" if "github" in url else "fa-solid fa-code-branch"})
        config.html_theme_options = options


def _generate_registry_pages(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    entries, problems = registries.load(srcdir / state.of(app).settings.registry_dir, srcdir)
    registries.write_pages(entries, srcdir / layout.PAGES)
    build = state.of(app)
    build.registry = {(e.type, e.id): e for e in entries}
    build.registry_problems = problems  # reported with the log's others (_start_writing)
    build.tracker = state.Tracker()


def _tracker(app: Sphinx) -> state.Tracker:
    tracker = state.of(app).tracker
    assert tracker is not None, "builder-inited makes the tracker"
    return tracker


def _outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the log read once its pages are (the model the fingerprints
    and the pages are drawn from), and the pages to rewrite though their source did not
    change."""
    reconcile.read_log(app)
    pages = incremental.outdated_pages(app, env, _tracker(app), today(app))
    return sorted(set(pages) | set(history.outdated(app, env)))



def _derive_fields(app: Sphinx, records: Any) -> None:
    """Fields computed at build time, so that needs.json carries them too; control
    characters (reported by the reader, :mod:`dmlog.log.characters`) are left out of
    every value, which XML feeds could not hold."""
    date = today(app)
    for need in records.values():
        if need["type"] == schema.ACTION:
            need["overdue"] = schema.is_overdue(need, date)
        for name, value in history.provenance(app, need["id"]).items():
            need[name] = value
        for name in ("title", *schema.FIELDS):  # as the site shows them (reconcile.site_records)
            if (value := need.get(name)) != (shown := characters.shown(name, value)):
                need[name] = shown


def _start_writing(app: Sphinx, _builder: Any) -> None:
    """Check the log as `dmlog check` does, and find what the pages show beyond the
    records (their links both ways, gaps)."""
    build = state.of(app)
    assert build.reading is not None, "reconcile reads the sources first"
    # the gate's verdicts were reported as Sphinx read each page (dmlog.sphinxext.gate),
    # where refused content is made inert
    for problem in rules.check(build.reading, build.settings, refused=()):
        logger.warning(problem.message, location=f"{problem.path}:{problem.line}",
                       type="dmlog", subtype="check")
    build.facts = attention.make_facts(app, today(app))


def _render(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Records become cards, views are filled in and record IDs linked; what the
    page shows is remembered for the next incremental build."""
    build = state.of(app)
    assert build.facts is not None, "write-started finds the facts"
    records, pages = build.facts.records, build.pages
    shown, cards, lists = _tracker(app).page(docname)
    renderer = Renderer(app, docname, build.facts, pages, shown, cards)
    for node in list(doctree.findall(needs.RECORD_NODE)):
        record = records.get(node["refid"])
        if record is None or pages[record.id] != docname:
            # not the record the reader shows here (a second record of an ID, a record the
            # reader does not read where Sphinx does): reported, by the duplicate-ID rule
            # or reconcile.lost_records, so `make html` (-W) fails; left as sphinx-needs drew it
            continue
        body = list(node.children)
        node.clear()
        drawn = card.draw(renderer, record, body)
        # the card is the record's anchor (sphinx-needs put it on a target before it)
        drawn["ids"] = [record.id]
        index = node.parent.index(node)
        if index and isinstance(target := node.parent[index - 1], nodes.target) \
                and record.id in target["ids"]:
            node.parent.remove(target)
        node.parent.replace(node, drawn)
    # a page depends on the record types its views read
    lists |= views.draw(renderer, doctree)
    for node in list(doctree.findall(tabledirective.table_node)):
        facts = renderer.facts()
        with renderer.reading() as kinds:
            lists |= tabledirective.render(renderer, node, doctree, facts)
        lists |= kinds
    for node in list(doctree.findall(reviewpack.review_node)):
        with renderer.reading() as kinds:
            lists |= reviewpack.render(renderer, node, today(app))
        lists |= kinds
    for node in list(doctree.findall(transforms.record_ref)):
        target = node["target"]
        if target not in records and not reconcile.mention_reported(app, docname, target):
            logger.warning(f"{target} is mentioned but is not a record of the log; "
                           "check the ID", location=node, type="dmlog", subtype="mention")
        node.replace_self(raw(renderer.link(target, text=target)))
    if app.builder.format != "html":
        as_text(doctree)
    computed, named = needs.sphinx_needs_content(doctree)
    shown |= named
    if computed:  # content sphinx-needs computes from the whole log
        lists.add("*")
        doctree[_NEEDS_CONTENT] = True


def _page_assets(_app: Sphinx, _pagename: str, _templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """Leave out the assets of sphinx-needs' own rendering where a page has none."""
    if doctree is not None and doctree.get(_NEEDS_CONTENT):
        return
    tables = needs.has_interactive_table(doctree)

    def wanted(asset: Any) -> bool:
        name = str(getattr(asset, "filename", asset))
        if tables and needs.is_table_asset(name):
            return True
        return not any(part in name for part in needs.NEEDS_PAGE_ASSETS)

    for key in ("css_files", "script_files"):
        if key in context:  # a new list: the builder's own is restored for the next page
            context[key] = [asset for asset in context[key] if wanted(asset)]


def json_fields_kept() -> tuple[str, ...]:
    """The fields of a record that needs.json keeps besides its identity and place."""
    return (*schema.FIELDS, *schema.LINKS, *(f"{link}_back" for link in schema.LINKS),
            "overdue", *schema.PROVENANCE_FIELDS)


def _json_fields(app: Sphinx, exception: Exception | None) -> None:
    """Before sphinx-needs writes needs.json: leave out every field that is not dmlog's."""
    if exception is None and state.of(app).facts is not None:
        leave_out_of_needs_json(app)


def leave_out_of_needs_json(app: Sphinx) -> None:
    """Set sphinx-needs' ``needs_json_exclude_fields`` to every field of a record that is
    not dmlog's (public: the benchmark's sphinx-needs floor, bench/generate.py, does the same)."""
    record = next(iter(needs.resolved_records(app)), None)
    if record is not None:
        excluded = set(app.config.needs_json_exclude_fields)
        excluded |= needs.json_exclude_fields(record, json_fields_kept())
        app.config.needs_json_exclude_fields = sorted(excluded)


def _finish(app: Sphinx, exception: Exception | None) -> None:
    tracker = state.of(app).tracker
    if tracker is None:
        return
    if exception is not None:
        return  # the build state keeps no record of the pages (state.save_kept)
    incremental.save(app, tracker, today(app))
    if app.builder.format == "html" and app.config.root_doc != "index":
        target = app.builder.get_target_uri(app.config.root_doc)
        (Path(app.outdir) / "index.html").write_text(
            f'<!DOCTYPE html>\n<meta charset="utf-8">\n<title>Redirect</title>\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f'<a href="{target}">{target}</a>\n', encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_needs")
    state.setup(app)
    needs.replace_purge_handler(app, incremental.purge_page)
    gate.setup(app)
    inputs.setup(app)
    for name, default, rebuild, types in settings.declared():
        app.add_config_value(name, default, rebuild, types=types)
    html.setup(app)
    app.add_node(views.view_node)
    app.add_directive("dmlog-view", views.ViewDirective)
    app.add_directive("dmlog-toctree", views.RecordsToctree)
    app.add_node(tabledirective.table_node)
    app.add_directive("dmlog-table", tabledirective.TableDirective)
    app.add_node(reviewpack.review_node)
    app.add_directive("dmlog-review", reviewpack.ReviewDirective)
    app.add_css_file("dmlog.css")
    app.add_js_file("dmlog-print.js", loading_method="defer")  # all rows in print; ?present
    app.add_transform(transforms.for_build(state.of(app)))
    # before sphinx-needs reads its settings (10 and on): the log's types are among them
    app.connect("config-inited", _configure, priority=5)
    app.connect("builder-inited", _generate_registry_pages)
    app.connect("builder-inited", history.read_history)
    app.connect("env-before-read-docs", incremental.purge_before_reading)
    app.connect("env-get-updated", _outdated)
    app.connect("env-updated", incremental.drop_node_copies)
    app.connect("doctree-read", transforms.drop_unshown_messages)
    app.connect("needs-before-post-processing", _derive_fields)
    app.connect("write-started", _start_writing)
    # before sphinx-needs (500) draws its own card for each record
    app.connect("doctree-resolved", _render, priority=400)
    app.connect("html-page-context", _page_assets, priority=900)
    app.connect("html-page-context", feeds.alternate_links)
    app.connect("build-finished", feeds.write_feeds, priority=450)
    app.connect("build-finished", incremental.remove_stale_files)
    app.connect("build-finished", _json_fields, priority=400)  # sphinx-needs writes at 500
    app.connect("build-finished", incremental.keep_needs_json, priority=410)
    app.connect("build-finished", incremental.restore_needs_json, priority=510)
    app.connect("build-finished", _finish)
    permalinks.setup(app)
    search.setup(app)
    datatable.setup(app)
    reconcile.setup(app)
    typepages.setup(app)
    return {"version": __version__, "parallel_read_safe": True,
            "parallel_write_safe": False, "env_version": 1}
