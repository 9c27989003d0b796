/* dmlog: the search page (search.html?q=...), on Pagefind's static index.
 * Every record is a result of its own, landing on its anchor, with its ID, type,
 * status and owners, and so are a meeting's discussion and its original minutes;
 * filters narrow by type, status, owner, meeting, milestone, year.
 * A query that is exactly a record's ID (any case) shows that record first, and Enter
 * (or arriving with it from the theme's search box) goes to it; a query shaped like
 * an ID the log does not have says so, with the nearest IDs. Result text is
 * inserted as text: record bodies are untrusted input. */

const root = document.getElementById("dmlog-search");
const input = document.getElementById("dmlog-search-input");
const form = root.querySelector("form");
const filterBox = document.getElementById("dmlog-search-filters");
const status = document.getElementById("dmlog-search-status");
const list = document.getElementById("dmlog-search-results");
const siteRoot = new URL(".", document.baseURI);  // search.html is at the site's root
const PAGE = 10;
const FILTERS = {type: "Type", status: "Status", owner: "Owner", meeting: "Meeting",
                 milestone: "Milestone", year: "Year"};

// IDs of the log (r/records.js), matched without regard to case.
const byId = new Map((window.dmlogRecords || []).map((r) => [r[0].toUpperCase(), r]));
const exactRecord = (query) => byId.get(query.trim().toUpperCase());
const recordUrl = (id) => new URL(`r/${encodeURIComponent(id)}.html`, siteRoot).href;
const idShape = new RegExp(root.dataset.idShape, "i");

const params = new URLSearchParams(window.location.search);
const initial = (params.get("q") || "").trim();
const arrived = exactRecord(initial);
if (arrived) window.location.replace(recordUrl(arrived[0]));  // an ID from the search box

const element = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

// Pagefind's excerpt marks the words found with <mark>: keep those, the rest as text.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = [];
  parsed.body.firstChild.childNodes.forEach((node) => {
    if (node.nodeName === "MARK") out.push(element("mark", "", node.textContent));
    else out.push(document.createTextNode(node.textContent));
  });
  return out;
}

function resultItem({url, id, title, type, status: state, owners, date, excerpt, exact}) {
  const item = element("li", "dmlog-result" + (exact ? " dmlog-result-exact" : ""));
  const link = element("a", "dmlog-result-link");
  link.href = url;
  if (id) link.append(element("code", "dmlog-result-id", id), " ");
  link.append(element("span", "dmlog-result-title", title));
  const head = element("p", "dmlog-result-head");
  head.append(link);
  if (state) head.append(" ", element("span", `dmlog-status dmlog-status-${state}`, state));
  item.append(head);
  const facts = [exact ? "Record with this ID" : "", type, owners ? `Owner: ${owners}` : "", date]
    .filter(Boolean);
  if (facts.length) item.append(element("p", "dmlog-result-meta", facts.join(" · ")));
  if (excerpt) {
    const text = element("p", "dmlog-result-excerpt");
    text.append(...excerptNodes(excerpt));
    item.append(text);
  }
  return item;
}

let pagefind = null;
let table = null;  // the filters, beside the index (see sphinxext/search.py)
let found = [];
let shown = 0;
let exact = null;
let generation = 0;
let searching = Promise.resolve();  // the search Pagefind is working on

// One search at a time: Pagefind answers in turn, so letters typed while it works
// wait for it and only the last of them is searched (``task`` sees if it is stale).
async function inTurn(task) {
  const previous = searching;
  let done;
  searching = new Promise((resolve) => { done = resolve; });
  try {
    await previous;
    return await task();
  } finally {
    done();
  }
}

async function loadFilterTable(bundle) {
  const response = await fetch(new URL("dmlog-filters.json", bundle));
  if (!response.ok) throw new Error(`the filters: ${response.status} ${response.statusText}`);
  return response.json();
}

function addFilters() {
  table.names.forEach((name, column) => {
    const label = FILTERS[name];
    const counts = new Array(table.values[name].length).fill(0);
    for (const values of Object.values(table.pages)) values[column].forEach((v) => counts[v]++);
    const values = table.values[name].map((value, i) => [value, i])
      .filter(([, i]) => counts[i] > 0).sort(([a], [b]) => a.localeCompare(b));
    if (!label || !values.length) return;
    const wrap = element("span", "dmlog-search-filter");
    const select = element("select");
    select.id = `dmlog-filter-${name}`;
    select.dataset.column = column;
    const caption = element("label", "", label);
    caption.htmlFor = select.id;
    select.append(new Option(`any ${label.toLowerCase()}`, ""));
    for (const [value, i] of values) select.append(new Option(`${value} (${counts[i]})`, value));
    select.addEventListener("change", () => run());
    wrap.append(caption, " ", select);
    filterBox.append(wrap);
  });
}

async function loadPagefind() {
  const bundle = new URL(root.dataset.bundle, siteRoot);
  const filters = loadFilterTable(bundle);
  filters.catch(() => {});  // its error is reported where it is awaited
  const module = await import(new URL("pagefind.js", bundle).href);
  await module.options({baseUrl: siteRoot.pathname, excerptLength: 30});
  await module.init();
  pagefind = module;
  const typed = run();  // what was typed meanwhile (no filters to choose yet)
  table = await filters;
  addFilters();
  await typed;
  // The log's commonest word searched once, unseen: the browser compiles Pagefind's
  // code for long lists of results well once it has run, and the first word typed is
  // then answered as fast as the next. Not when a reader has typed already, nor a
  // search without words (it would load the whole index and keep a reader waiting).
  if (table.warmup && !input.value.trim() && !chosenFilters().length) {
    await inTurn(() => pagefind.search(table.warmup));
  }
  root.dataset.ready = "true";  // for tests and bench/browser.py
}

// The chosen filters as [column, position of the value] pairs.
function chosenFilters() {
  return [...filterBox.querySelectorAll("select")].filter((select) => select.value)
    .map((select) => {
      const column = Number(select.dataset.column);
      return [column, table.values[table.names[column]].indexOf(select.value)];
    });
}

// A result passes when its record has every chosen value; pages of prose have none.
function passes(result, chosen) {
  const values = Object.hasOwn(table.pages, result.id) ? table.pages[result.id] : null;
  return values !== null && chosen.every(([column, value]) => values[column].includes(value));
}

async function showMore() {
  const mine = generation;
  const slice = found.slice(shown, shown + PAGE);
  // the first result as soon as it is loaded, the others together after it
  const first = slice.length ? [await slice[0].data()] : [];
  if (mine !== generation) return;
  if (first.length) show(first);
  const rest = await Promise.all(slice.slice(1).map((r) => r.data()));
  if (mine !== generation) return;
  show(rest);
  shown += slice.length;
  const more = document.getElementById("dmlog-search-more");
  if (more) more.remove();
  if (shown < found.length) {
    const button = element("button", "btn btn-outline-primary dmlog-search-more",
      `Show more (${found.length - shown} left)`);
    button.id = "dmlog-search-more";
    button.type = "button";
    button.addEventListener("click", showMore);
    list.after(button);
  }
}

function show(data) {
  for (const result of data) {
    // the record already first (not its meeting's discussion or minutes)
    if (exact && new URL(result.url, siteRoot).href === recordUrl(exact[0])) continue;
    // the record itself (the result's own URL is its permalink, which redirects there)
    const url = result.meta.target ? new URL(result.meta.target, siteRoot).href : result.url;
    list.append(resultItem({url, id: result.meta.id, title: result.meta.title,
      type: result.meta.type, status: result.meta.status, owners: result.meta.owners,
      date: result.meta.date, excerpt: result.excerpt}));
  }
}

async function run() {
  const query = input.value.trim();
  const filters = chosenFilters();
  const mine = ++generation;
  exact = exactRecord(query);
  list.replaceChildren();
  status.textContent = "";
  document.getElementById("dmlog-search-more")?.remove();
  if (exact) {
    list.append(resultItem({url: recordUrl(exact[0]), id: exact[0], title: exact[1], exact: true}));
  } else if (idShape.test(query)) {
    // an ID the log does not have: its words would only find other records
    const nearest = window.dmlogNearestIds(query, window.dmlogRecords || []);
    status.textContent = `There is no record ${query.toUpperCase()} in this log.` +
      (nearest.length ? " The nearest IDs:" : "");
    for (const {id, title} of nearest) list.append(resultItem({url: recordUrl(id), id, title}));
    return;
  }
  if (!query && !filters.length) return;
  if (!pagefind) {
    status.textContent = "Loading the search index…";
    return;  // run() again once it is loaded
  }
  // no filters for Pagefind (it would count them all on every search): they are
  // applied here, to its results in their order
  const search = await inTurn(() => (mine === generation ? pagefind.search(query || null) : null));
  if (mine !== generation || !search) return;
  found = filters.length ? search.results.filter((result) => passes(result, filters)) : search.results;
  shown = 0;
  await showMore();
  if (mine === generation) status.textContent = found.length === 1 ? "1 result" : `${found.length} results`;
}

if (initial) input.value = initial;  // else keep what was typed before this script ran
input.addEventListener("input", () => run());
form.addEventListener("submit", (event) => {
  event.preventDefault();  // Enter: go to the first result
  const first = list.querySelector("a.dmlog-result-link");
  if (first) window.location.href = first.href;
});
if (!arrived) {
  input.focus();
  run();
  loadPagefind().catch((error) => {
    status.textContent = "The search index could not be loaded: " + error.message +
      (window.location.protocol === "file:" ? " (search needs the site served, e.g. make serve)" : "");
  });
}
