// The record tables' logic (_ext/dmlog/static/dmlog-table-logic.js) as the page runs it:
// node's own test runner (`node --test tests/js/`), no browser. tests/browser/test_tables.py
// checks the drawn page.
import assert from "node:assert/strict";
import {test} from "node:test";

import logic from "../../_ext/dmlog/static/dmlog-table-logic.js";

// the characters dmlog's log/spreadsheet.py sends with each table as formulaStarts
const FORMULA_STARTS = "=+-@\t\r";

const COLUMNS = [
  {key: "id", title: "ID", kind: "id"},
  {key: "title", title: "Title", kind: "title"},
  {key: "status", title: "Status", kind: "status", filter: true},
  {key: "owner", title: "Owner", kind: "links", filter: true, people: true},
  {key: "date", title: "Date", kind: "date", filter: "year"},
  {key: "summary", title: "Summary", kind: "html"},
];
const REFS = {kt: ["Kian-Tat Lim", "people/kt.html"], wom: ["William O'Mullane", "people/wom.html"],
              ann: ["Ann Zed", "people/ann.html"]};
// [id, url index, overdue, value per column...]
const ROWS = [
  ["ACT-2", 0, true, "ACT-2", "Write the plan", "open", ["kt", "wom"], "2021-03-01", "<b>Plan</b>, soon"],
  ["ACT-10", 0, false, "ACT-10", "Close \"Gaia\"", "done", ["ann"], "2020-12-31", null],
  ["ACT-3", 1, false, "ACT-3", "=HYPERLINK(\"http://x\")", "open", ["ghost"], null, "a\nb"],
];
const htmlText = (html) => html.replace(/<[^>]*>/g, "");

function table(rows = ROWS) {
  const texts = rows.map((row) => COLUMNS.map((column, index) => logic.cellText(column, row, index, REFS, htmlText)));
  return {columns: COLUMNS, rows, texts, haystacks: rows.map((row, i) => logic.haystack(COLUMNS, row, texts[i]))};
}

function chosen(state) {
  const shown = table();
  return logic.chooseRows(shown, {query: "", overdueOnly: false, filters: {}, sort: null, ...state})
    .map((i) => shown.rows[i][0]);
}

test("a cell's text: people by name, status with overdue, HTML as its text, nothing as empty", () => {
  assert.deepEqual(table().texts[0].slice(2), ["open overdue", "Kian-Tat Lim, William O'Mullane", "2021-03-01",
                                               "Plan, soon"]);
  assert.equal(table().texts[2][3], "ghost");  // an ID with no record is shown as it is
  assert.equal(table().texts[2][4], "");
  assert.equal(table().texts[1][5], "");
});

test("the search finds a row by its text, its ID and the IDs it links to, in any case", () => {
  assert.deepEqual(chosen({query: "gaia"}), ["ACT-10"]);
  assert.deepEqual(chosen({query: "act-3"}), ["ACT-3"]);
  assert.deepEqual(chosen({query: "wom"}), ["ACT-2"]);
  assert.deepEqual(chosen({query: "william o'mullane"}), ["ACT-2"]);
  assert.deepEqual(chosen({query: "nothing like it"}), []);
});

test("filters: by value, by a linked record, by the year of a date, overdue; all of them at once", () => {
  assert.deepEqual(chosen({filters: {2: "open"}}), ["ACT-2", "ACT-3"]);
  assert.deepEqual(chosen({filters: {3: "wom"}}), ["ACT-2"]);
  assert.deepEqual(chosen({filters: {4: "2020"}}), ["ACT-10"]);
  assert.deepEqual(chosen({overdueOnly: true}), ["ACT-2"]);
  assert.deepEqual(chosen({filters: {2: "open", 4: "2020"}}), []);
  assert.deepEqual(chosen({filters: {"2": "open"}, query: "plan"}), ["ACT-2"]);  // keys as Object.entries gives them
});

test("sorting: numbers in text by value, both directions, equal cells in the build's order", () => {
  assert.deepEqual(chosen({sort: {index: 0, direction: 1}}), ["ACT-2", "ACT-3", "ACT-10"]);
  assert.deepEqual(chosen({sort: {index: 0, direction: -1}}), ["ACT-10", "ACT-3", "ACT-2"]);
  assert.deepEqual(chosen({sort: {index: 2, direction: 1}}), ["ACT-10", "ACT-3", "ACT-2"]);
  assert.deepEqual(chosen({sort: {index: 2, direction: -1}, filters: {2: "open"}}), ["ACT-2", "ACT-3"]);
  const ties = table([ROWS[2], ROWS[0], ROWS[1]].map((row) => [...row.slice(0, 4), "same title", ...row.slice(5)]));
  const order = logic.chooseRows(ties, {query: "", filters: {}, sort: {index: 1, direction: -1}});
  assert.deepEqual(order, [0, 1, 2]);
});

test("a header clicked sorts ascending, clicked again descending; another header starts ascending", () => {
  let sort = logic.nextSort(null, 2);
  assert.deepEqual(sort, {index: 2, direction: 1});
  sort = logic.nextSort(sort, 2);
  assert.deepEqual(sort, {index: 2, direction: -1});
  assert.deepEqual(logic.nextSort(sort, 2), {index: 2, direction: 1});
  assert.deepEqual(logic.nextSort(sort, 4), {index: 4, direction: 1});
});

test("filter choices: each value once, linked records by their title, people by surname, years", () => {
  assert.deepEqual(logic.filterChoices(COLUMNS, ROWS, 2, REFS), [["done", "done"], ["open", "open"]]);
  assert.deepEqual(logic.filterChoices(COLUMNS, ROWS, 3, REFS).map((choice) => choice[0]),
                   ["ghost", "kt", "wom", "ann"]);  // ghost, Lim, O'Mullane, Zed
  assert.deepEqual(logic.filterChoices(COLUMNS, ROWS, 4, REFS), [["2020", "2020"], ["2021", "2021"]]);
  const numbered = [{key: "meeting", title: "Meeting", kind: "text", filter: true}];
  const rows = ["MTG-10", "MTG-2", "", null].map((value, i) => [`R${i}`, 0, false, value]);
  assert.deepEqual(logic.filterChoices(numbered, rows, 0, {}).map((choice) => choice[0]), ["MTG-2", "MTG-10"]);
});

test("pages: a page of rows, the last page short, all rows, print shows all, the page kept in range", () => {
  assert.deepEqual(logic.pageWindow(120, 50, 0, false), {page: 0, pages: 3, start: 0, stop: 50});
  assert.deepEqual(logic.pageWindow(120, 50, 2, false), {page: 2, pages: 3, start: 100, stop: 120});
  assert.deepEqual(logic.pageWindow(120, 50, 7, false), {page: 2, pages: 3, start: 100, stop: 120});
  assert.deepEqual(logic.pageWindow(120, 50, -1, false), {page: 0, pages: 3, start: 0, stop: 50});
  assert.deepEqual(logic.pageWindow(120, 0, 0, false), {page: 0, pages: 1, start: 0, stop: 120});
  assert.deepEqual(logic.pageWindow(120, 25, 3, true), {page: 0, pages: 1, start: 0, stop: 120});
  assert.deepEqual(logic.pageWindow(0, 25, 0, false), {page: 0, pages: 1, start: 0, stop: 0});
  assert.equal(logic.statusText({start: 50, stop: 100}, 120, 120), "Rows 51–100 of 120");
  assert.equal(logic.statusText({start: 0, stop: 2}, 2, 3), "Rows 1–2 of 2 (filtered from 3)");
  assert.equal(logic.statusText({start: 0, stop: 0}, 0, 3), "No matching rows");
});

test("the address keeps the state: read back as written, the page's other parameters kept", () => {
  const state = {filters: {2: "open", 3: "kt"}, overdueOnly: true, queryText: "Gaia plan",
                 sort: {index: 4, direction: -1}};
  const written = logic.writeAddress(new URLSearchParams("present=1&status=done&q=old"), COLUMNS, state);
  assert.equal(written.toString(), "present=1&status=open&q=Gaia+plan&owner=kt&overdue=1&sort=-date");
  assert.deepEqual(logic.readAddress(written, COLUMNS, () => true), state);
  const cleared = logic.writeAddress(written, COLUMNS, {filters: {}, overdueOnly: false, queryText: "", sort: null});
  assert.equal(cleared.toString(), "present=1");
});

test("an address with values no row has, or columns there are not, shows every row", () => {
  const offered = {2: ["open", "done"]};
  const state = logic.readAddress(new URLSearchParams("status=lost&title=x&sort=-nope&overdue=yes"), COLUMNS,
                                  (index, value) => (offered[index] || []).includes(value));
  assert.deepEqual(state, {filters: {}, overdueOnly: false, queryText: "", sort: null});
  assert.deepEqual(logic.readAddress(new URLSearchParams("status=done&sort=id"), COLUMNS,
                                     (index, value) => (offered[index] || []).includes(value)),
                   {filters: {2: "done"}, overdueOnly: false, queryText: "", sort: {index: 0, direction: 1}});
});

test("CSV fields: quoted when they hold a comma, a quote or a line break; a formula shown as text", () => {
  assert.equal(logic.csvField("plain", FORMULA_STARTS), "plain");
  assert.equal(logic.csvField("a, b", FORMULA_STARTS), "\"a, b\"");
  assert.equal(logic.csvField("say \"hi\"", FORMULA_STARTS), "\"say \"\"hi\"\"\"");
  assert.equal(logic.csvField("two\r\nlines", FORMULA_STARTS), "\"two\r\nlines\"");
  for (const start of FORMULA_STARTS) {  // a tab or CR first is also quoted: "'\r..."
    assert.match(logic.csvField(`${start}1+1`, FORMULA_STARTS), /^"?'/, JSON.stringify(start));
  }
  assert.equal(logic.csvField("=HYPERLINK(\"http://x\")", FORMULA_STARTS), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  assert.equal(logic.csvField("a=b", FORMULA_STARTS), "a=b");
  assert.equal(logic.csvField("", FORMULA_STARTS), "");
  assert.equal(logic.csvField(42, FORMULA_STARTS), "42");
});

test("the CSV: the shown rows in their order, linked records as titles and as IDs, each row's URL", () => {
  const shown = table();
  const text = logic.csvText(shown, [1, 2], FORMULA_STARTS, (row) => `https://log/${row[1]}.html#${row[0]}`);
  assert.deepEqual(text.split("\r\n"), [
    "ID,Title,Status,Owner,Owner IDs,Date,Summary,URL",
    "ACT-10,\"Close \"\"Gaia\"\"\",done,Ann Zed,ann,2020-12-31,,https://log/0.html#ACT-10",
    "ACT-3,\"'=HYPERLINK(\"\"http://x\"\")\",open,ghost,ghost,,\"a\nb\",https://log/1.html#ACT-3",
    "",
  ]);
});
