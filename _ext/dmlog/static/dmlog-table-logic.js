/* dmlog: the logic of the interactive record tables (dmlog-table.js draws them): which
 * rows a filter keeps and in what order, the page of them shown, the state a link
 * keeps in the address, and the CSV download. No DOM here: the node tests
 * (tests/js/) run these functions as the page does.
 *
 * A row is [id, url index, overdue, value per column...]; a column is
 * {key, title, kind: id|title|status|links|html|date|text, filter: true|"year", people}. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.dmlogTableLogic = factory();
})(this, function () {
  "use strict";

  var FIRST_VALUE = 3;  // a row's values start after its id, url index and overdue flag
  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});

  function valueOf(row, index) { return row[FIRST_VALUE + index]; }

  // The text a reader sees in a cell: search, filters, sorting and CSV read it.
  // htmlText turns the build's HTML of a cell into its text (the page uses an inert template).
  function cellText(column, row, index, refs, htmlText) {
    var value = valueOf(row, index);
    if (value === null || value === undefined) return "";
    if (column.kind === "links") {
      return value.map(function (id) { return refs[id] ? refs[id][0] : id; }).join(", ");
    }
    if (column.kind === "status") return value + (row[2] ? " overdue" : "");
    if (column.kind === "html") return htmlText(value);
    return String(value);
  }

  // What the search box looks in: the cells' text, the row's ID and the IDs it links to.
  function haystack(columns, row, texts) {
    var words = texts.concat([row[0]]);
    columns.forEach(function (column, index) {
      if (column.kind === "links" && valueOf(row, index)) words = words.concat(valueOf(row, index));
    });
    return words.join(" \u0001 ").toLowerCase();
  }

  // The choices of a column's filter a cell offers: its year, each record it links, or its value.
  function filterKeys(column, value) {
    if (column.filter === "year") return value ? [String(value).slice(0, 4)] : [];
    if (column.kind === "links") return value || [];
    return value !== null && value !== undefined && value !== "" ? [String(value)] : [];
  }

  function surnameFirst(label) {
    var parts = label.split(" ");
    return parts[parts.length - 1] + " " + label;
  }

  // Every choice of a column's filter as [value, label], in the order of their labels
  // (people by surname).
  function filterChoices(columns, rows, index, refs) {
    var column = columns[index], labels = new Map();
    rows.forEach(function (row) {
      filterKeys(column, valueOf(row, index)).forEach(function (key) {
        labels.set(key, column.kind === "links" && refs[key] ? refs[key][0] : key);
      });
    });
    var byLabel = column.people ? function (a, b) { return collator.compare(surnameFirst(a[1]), surnameFirst(b[1])); }
      : function (a, b) { return collator.compare(a[1], b[1]); };
    return Array.from(labels.entries()).sort(byLabel);
  }

  function passesFilter(column, value, wanted) {
    if (column.filter === "year") return !!value && String(value).slice(0, 4) === wanted;
    if (column.kind === "links") return !!value && value.indexOf(wanted) >= 0;
    return String(value) === wanted;
  }

  // The rows a state keeps, as indexes, in its order (equal cells keep the build's order).
  // state: {query (lower case), overdueOnly, filters: {column index: value}, sort: {index, direction}}
  function chooseRows(table, state) {
    var filters = Object.entries(state.filters), chosen = [];
    table.rows.forEach(function (row, i) {
      if (state.query && table.haystacks[i].indexOf(state.query) < 0) return;
      if (state.overdueOnly && !row[2]) return;
      var kept = filters.every(function (filter) {
        var index = +filter[0];
        return passesFilter(table.columns[index], valueOf(row, index), filter[1]);
      });
      if (kept) chosen.push(i);
    });
    if (state.sort) {
      var sorted = state.sort.index, direction = state.sort.direction;
      chosen.sort(function (a, b) {
        return direction * collator.compare(table.texts[a][sorted], table.texts[b][sorted]) || a - b;
      });
    }
    return chosen;
  }

  // A click on a column's header: ascending, then descending on the next click.
  function nextSort(sort, index) {
    return {index: index, direction: sort && sort.index === index ? -sort.direction : 1};
  }

  // The rows on screen: pageSize 0 is every row, and so is print.
  function pageWindow(total, pageSize, page, printing) {
    var size = printing || !pageSize ? total : pageSize;
    var pages = Math.max(1, Math.ceil(total / (size || 1)));
    page = Math.min(Math.max(page, 0), pages - 1);
    var start = printing ? 0 : page * size;
    return {page: page, pages: pages, start: start, stop: Math.min(total, start + size)};
  }

  function statusText(view, total, all) {
    if (!total) return "No matching rows";
    return "Rows " + (view.start + 1) + "–" + view.stop + " of " + total +
      (total === all ? "" : " (filtered from " + all + ")");
  }

  // The state in the address (?owner=limk&overdue=1&q=gaia&sort=-due): a reload or a
  // shared link shows the same rows. A filter value that is not among its column's
  // choices (hasChoice(index, value)) is left out, and so is a column without a filter.
  function readAddress(params, columns, hasChoice) {
    var state = {filters: {}, overdueOnly: params.get("overdue") === "1", queryText: params.get("q") || "",
                 sort: null};
    columns.forEach(function (column, index) {
      var wanted = params.get(column.key);
      if (column.filter && wanted && hasChoice(index, wanted)) state.filters[index] = wanted;
    });
    var sort = /^(-?)(.+)$/.exec(params.get("sort") || "");
    var sorted = sort ? columns.findIndex(function (column) { return column.key === sort[2]; }) : -1;
    if (sorted >= 0) state.sort = {index: sorted, direction: sort[1] ? -1 : 1};
    return state;
  }

  // The address's parameters with the table's state (others kept): what writeAddress sets.
  function writeAddress(params, columns, state) {
    var written = new URLSearchParams(params);
    columns.forEach(function (column, index) {
      if (state.filters[index]) written.set(column.key, state.filters[index]);
      else if (column.filter) written.delete(column.key);
    });
    if (state.overdueOnly) written.set("overdue", "1"); else written.delete("overdue");
    if (state.queryText) written.set("q", state.queryText); else written.delete("q");
    if (state.sort) written.set("sort", (state.sort.direction < 0 ? "-" : "") + columns[state.sort.index].key);
    else written.delete("sort");
    return written;
  }

  // One CSV field. A cell a spreadsheet would read as a formula (its first character is
  // one of formulaStarts, from dmlog's log/spreadsheet.py) is shown as text: record text
  // is untrusted.
  function csvField(text, formulaStarts) {
    text = String(text);
    if (text && formulaStarts.indexOf(text[0]) >= 0) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  // The CSV of the chosen rows: every column's text (a links column also as its IDs)
  // and the row's absolute URL (urlOf(row)); lines end CR LF, as RFC 4180 says.
  function csvText(table, order, formulaStarts, urlOf) {
    function line(fields) { return fields.map(function (f) { return csvField(f, formulaStarts); }).join(","); }
    var head = [];
    table.columns.forEach(function (column) {
      head.push(column.title);
      if (column.kind === "links") head.push(column.title + " IDs");
    });
    head.push("URL");
    var lines = [line(head)];
    order.forEach(function (i) {
      var row = table.rows[i], fields = [];
      table.columns.forEach(function (column, index) {
        fields.push(table.texts[i][index]);
        if (column.kind === "links") fields.push((valueOf(row, index) || []).join(", "));
      });
      fields.push(urlOf(row));
      lines.push(line(fields));
    });
    return lines.join("\r\n") + "\r\n";
  }

  return {
    FIRST_VALUE: FIRST_VALUE, cellText: cellText, haystack: haystack, filterChoices: filterChoices,
    chooseRows: chooseRows, nextSort: nextSort, pageWindow: pageWindow, statusText: statusText,
    readAddress: readAddress, writeAddress: writeAddress, csvField: csvField, csvText: csvText,
  };
});
