/* dmlog: interactive record tables (decision log, action tracker, indexes,
 * {dmlog-table}) drawn from JSON data, one page of rows at a time.
 *
 * The build writes each table as <div class="dmlog-datatable"> holding its rows as
 * JSON (<script type="application/json">) and, for readers without JavaScript, the
 * whole table as HTML inside <noscript>. This script draws a real <table> (sortable
 * headers, per-column filters, a search box, column toggles, page sizes including
 * "all", CSV download); in print every row of the current filter is drawn.
 * Text from records is inserted as text, never as HTML. What is drawn is decided by
 * dmlog-table-logic.js (loaded first), which the node tests run. */
(function (logic) {
  "use strict";

  var PAGE_SIZES = [25, 50, 100, 0];  // 0: all rows

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function DataTable(box, data, inAddress) {
    this.box = box;
    this.data = data;
    this.columns = data.columns;
    this.urls = data.urls;
    this.refs = data.refs || {};
    this.rows = data.rows;  // [id, url index, overdue, value per column...]
    this.hidden = new Set(data.hidden || []);
    this.filters = {};
    this.query = "";
    this.sort = null;  // {index, direction}
    this.pageSize = data.pageSize || 50;
    this.page = 0;
    this.printing = false;
    this.inAddress = inAddress;  // the page's first table keeps its state in the URL
    this.selects = {};
    this.prepare();
    this.build();
    if (inAddress) this.readAddress();
    this.apply();
  }

  // a template's content is inert: nothing in it loads or runs while it is read
  function htmlText(html) {
    var scratch = document.createElement("template");
    scratch.innerHTML = html;
    return scratch.content.textContent.trim();
  }

  DataTable.prototype.prepare = function () {
    var self = this;
    // text of every cell, once: search, filters, sorting and CSV read it
    this.texts = this.rows.map(function (row) {
      return self.columns.map(function (column, index) {
        return logic.cellText(column, row, index, self.refs, htmlText);
      });
    });
    this.haystacks = this.rows.map(function (row, i) { return logic.haystack(self.columns, row, self.texts[i]); });
    this.order = this.rows.map(function (row, i) { return i; });
  };

  DataTable.prototype.build = function () {
    var self = this, name = this.data.title || "table";
    var tools = el("div", "dmlog-dt-tools");
    var search = el("input", "form-control dmlog-dt-search");
    search.type = "search";
    search.placeholder = "Search this table";
    search.setAttribute("aria-label", "Search " + name);
    search.addEventListener("input", function () { self.setQuery(search.value); self.page = 0; self.apply(); });
    tools.append(search);
    this.search = search;

    this.columns.forEach(function (column, index) {
      if (!column.filter) return;
      var select = el("select", "form-select dmlog-dt-filter");
      select.dataset.column = column.key;
      select.setAttribute("aria-label", "Filter by " + (column.filter === "year" ? "year of " : "") + column.title.toLowerCase());
      select.append(new Option(column.filter === "year" ? "Any year" : "Any " + column.title.toLowerCase(), ""));
      // the choices (hundreds of meetings: a layout of every one) once the first screen
      // is up, or as soon as the reader reaches for the select
      select.dmlogFill = function () {
        if (select.dmlogFilled) return;
        select.dmlogFilled = true;
        var choices = document.createDocumentFragment();
        logic.filterChoices(self.columns, self.rows, index, self.refs).forEach(function (entry) { choices.append(new Option(entry[1], entry[0])); });
        select.append(choices);
      };
      ["focus", "pointerdown", "keydown"].forEach(function (name) { select.addEventListener(name, select.dmlogFill); });
      afterFirstFrame(select.dmlogFill);
      select.addEventListener("change", function () {
        if (select.value) self.filters[index] = select.value; else delete self.filters[index];
        self.page = 0;
        self.apply();
      });
      self.selects[index] = select;
      tools.append(select);
    });
    if (this.data.overdue) {
      var label = el("label", "dmlog-dt-check");
      var box = el("input");
      box.type = "checkbox";
      box.className = "dmlog-dt-overdue";
      box.addEventListener("change", function () { self.overdueOnly = box.checked; self.page = 0; self.apply(); });
      this.overdueBox = box;
      label.append(box, " Overdue only");
      tools.append(label);
    }

    var columnsMenu = el("details", "dmlog-dt-columns");
    columnsMenu.append(el("summary", "btn btn-sm dmlog-dt-button", "Columns"));
    var list = el("div", "dmlog-dt-columns-list");
    this.columns.forEach(function (column) {
      var item = el("label");
      var check = el("input");
      check.type = "checkbox";
      check.checked = !self.hidden.has(column.key);
      check.addEventListener("change", function () {
        if (check.checked) self.hidden.delete(column.key); else self.hidden.add(column.key);
        self.draw();
      });
      item.append(check, " " + column.title);
      list.append(item);
    });
    columnsMenu.append(list);
    tools.append(columnsMenu);

    var csv = el("button", "btn btn-sm dmlog-dt-button dmlog-dt-csv", "Download CSV");
    csv.type = "button";
    csv.addEventListener("click", function () { self.download(); });
    tools.append(csv);

    this.table = el("table", "table dmlog-table dmlog-dt-table dmlog-labelled");
    this.table.append(el("caption", "visually-hidden", name));
    this.thead = el("thead");
    this.tbody = el("tbody");
    this.table.append(this.thead, this.tbody);
    var scroll = el("div", "dmlog-table-scroll pst-scrollable-table-container");
    scroll.append(this.table);

    var footer = el("div", "dmlog-dt-footer");
    this.status = el("span", "dmlog-dt-status");
    this.status.setAttribute("aria-live", "polite");
    var size = el("select", "form-select dmlog-dt-size");
    size.setAttribute("aria-label", "Rows per page");
    PAGE_SIZES.forEach(function (n) { size.append(new Option(n ? n + " rows" : "All rows", String(n))); });
    size.value = String(this.pageSize);
    size.addEventListener("change", function () { self.pageSize = parseInt(size.value, 10); self.page = 0; self.draw(); });
    this.previous = el("button", "btn btn-sm dmlog-dt-button", "Previous");
    this.next = el("button", "btn btn-sm dmlog-dt-button", "Next");
    this.previous.type = this.next.type = "button";
    this.previous.addEventListener("click", function () { self.page -= 1; self.draw(); });
    this.next.addEventListener("click", function () { self.page += 1; self.draw(); });
    footer.append(this.status, size, this.previous, this.next);

    this.box.append(tools, scroll, footer);
    this.box.classList.add("dmlog-dt-ready");

    var print = window.matchMedia("print");
    var onPrint = function (printing) { self.printing = printing; self.draw(); };
    print.addEventListener("change", function (event) { onPrint(event.matches); });
    window.addEventListener("beforeprint", function () { onPrint(true); });
    window.addEventListener("afterprint", function () { onPrint(false); });
  };

  DataTable.prototype.apply = function () {
    this.order = logic.chooseRows(this, this);
    this.draw();
    if (this.inAddress) this.writeAddress();
  };

  DataTable.prototype.setQuery = function (text) {
    this.queryText = text.trim();
    this.query = this.queryText.toLowerCase();
  };

  function hasOption(select, value) {
    select.dmlogFill();
    return Array.from(select.options).some(function (option) { return option.value === value; });
  }

  // The state in the address (logic.readAddress): a reload or a shared link shows the same rows.
  DataTable.prototype.readAddress = function () {
    var self = this;
    var state = logic.readAddress(new URLSearchParams(window.location.search), this.columns,
                                  function (index, value) { return hasOption(self.selects[index], value); });
    Object.entries(state.filters).forEach(function (filter) {
      self.selects[filter[0]].value = self.filters[filter[0]] = filter[1];
    });
    if (this.overdueBox && state.overdueOnly) this.overdueBox.checked = this.overdueOnly = true;
    if (state.queryText) { this.search.value = state.queryText; this.setQuery(state.queryText); }
    this.sort = state.sort;
  };

  DataTable.prototype.writeAddress = function () {
    var search = logic.writeAddress(new URLSearchParams(window.location.search), this.columns, this).toString();
    var address = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", address);
    }
  };

  DataTable.prototype.sortBy = function (index) {
    this.sort = logic.nextSort(this.sort, index);
    this.apply();
  };

  DataTable.prototype.cell = function (row, index) {
    var column = this.columns[index], value = row[logic.FIRST_VALUE + index], td = el("td");
    td.dataset.label = column.title;
    if (value === null || value === undefined || value === "" || value.length === 0) return td;
    var box = el("span", "dmlog-cell");  // beside its label when the row is a card
    td.append(box);
    var url = this.urls[row[1]] + "#" + row[0];
    if (column.kind === "id") {
      var idLink = el("a", "reference internal dmlog-id");
      idLink.href = url;
      idLink.append(el("code", "", value));
      box.append(idLink);
      td.className = "dmlog-nowrap";
    } else if (column.kind === "title") {
      var link = el("a", "reference internal", value);
      link.href = url;
      box.append(link);
    } else if (column.kind === "status") {
      box.append(el("span", "dmlog-status dmlog-status-" + value, value));
      if (row[2]) box.append(" ", el("span", "dmlog-status dmlog-overdue", "overdue"));
      td.className = "dmlog-nowrap";
    } else if (column.kind === "links") {
      var refs = this.refs;
      value.forEach(function (id, n) {
        if (n) box.append(", ");
        var ref = refs[id];
        if (!ref) { box.append(el("code", "", id)); return; }
        var a = el("a", "reference internal", ref[0]);
        a.href = ref[1];
        box.append(a);
      });
    } else if (column.kind === "html") {
      box.innerHTML = value;  // made by the build, escaped there
    } else {
      box.textContent = value;
      if (column.kind === "date") td.className = "dmlog-nowrap";
    }
    return td;
  };

  DataTable.prototype.draw = function () {
    var self = this, visible = [];
    this.columns.forEach(function (column, index) { if (!self.hidden.has(column.key)) visible.push(index); });
    var head = el("tr");
    visible.forEach(function (index) {
      var column = self.columns[index], th = el("th");
      th.scope = "col";
      th.dataset.col = column.key;
      var button = el("button", "dmlog-dt-sort", column.title);
      button.type = "button";
      var state = self.sort && self.sort.index === index ? (self.sort.direction > 0 ? "ascending" : "descending") : "none";
      th.setAttribute("aria-sort", state);
      button.append(el("span", "dmlog-dt-arrow", state === "ascending" ? " ▲" : state === "descending" ? " ▼" : " ↕"));
      button.querySelector(".dmlog-dt-arrow").setAttribute("aria-hidden", "true");
      button.addEventListener("click", function () { self.sortBy(index); });
      th.append(button);
      head.append(th);
    });
    this.thead.replaceChildren(head);

    var total = this.order.length, view = logic.pageWindow(total, this.pageSize, this.page, this.printing);
    this.page = view.page;
    var fragment = document.createDocumentFragment();
    for (var i = view.start; i < view.stop; i++) {
      var row = this.rows[this.order[i]], tr = el("tr");
      tr.dataset.needId = row[0];
      if (row[2]) tr.className = "dmlog-row-overdue";
      visible.forEach(function (index) { tr.append(self.cell(row, index)); });
      fragment.append(tr);
    }
    this.tbody.replaceChildren(fragment);
    this.status.textContent = logic.statusText(view, total, this.rows.length);
    this.previous.disabled = this.page === 0;
    this.next.disabled = this.page >= view.pages - 1;
  };

  DataTable.prototype.download = function () {
    var urls = this.urls;
    var text = logic.csvText(this, this.order, this.data.formulaStarts, function (row) {
      return new URL(urls[row[1]] + "#" + row[0], window.location.href).href;
    });
    var blob = new Blob(["\ufeff" + text], {type: "text/csv;charset=utf-8"});
    var link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = (this.data.name || "records") + ".csv";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  };

  function afterFirstFrame(task) {
    window.requestAnimationFrame(function () { window.setTimeout(task, 0); });
  }

  // #owner-ID (the action tracker's index of owners): that owner's rows
  function followHash() {
    var match = /^#owner-(.+)$/.exec(decodeURIComponent(window.location.hash));
    if (!match) return;
    var select = document.querySelector(".dmlog-dt-filter[data-column=owner]");
    if (select) select.dmlogFill();
    if (!select || !Array.from(select.options).some(function (o) { return o.value === match[1]; })) return;
    select.value = match[1];
    select.dispatchEvent(new Event("change"));
    select.closest(".dmlog-datatable").scrollIntoView();
  }

  // On a phone a table's rows are cards, each cell under its column's name (dmlog.css):
  // the cells of the tables the build wrote (groups, matrices) are named here
  function labelCells(table) {
    var names = Array.from(table.querySelectorAll("thead th")).map(function (th) { return th.textContent.trim(); });
    Array.from(table.tBodies).forEach(function (body) {
      Array.from(body.rows).forEach(function (tr) {
        Array.from(tr.cells).forEach(function (td, i) {
          td.dataset.label = names[i] || "";
          if (!td.hasChildNodes()) return;
          var box = el("span", "dmlog-cell");
          box.append.apply(box, Array.from(td.childNodes));
          td.append(box);
        });
      });
    });
    table.classList.add("dmlog-labelled");
  }

  // only on a phone's width: on a wider screen the tables the build wrote stay as they are
  function labelOnPhones() {
    var phone = window.matchMedia("screen and (max-width: 40rem)");
    var label = function () {
      document.querySelectorAll("table.dmlog-table:not(.dmlog-labelled)").forEach(labelCells);
    };
    if (phone.matches) label();
    else phone.addEventListener("change", function (event) { if (event.matches) label(); });
  }

  function start() {
    labelOnPhones();
    document.querySelectorAll(".dmlog-datatable").forEach(function (box, n) {
      var script = box.querySelector("script.dmlog-table-data");
      if (!script || box.classList.contains("dmlog-dt-ready")) return;
      box.dmlogTable = new DataTable(box, JSON.parse(script.textContent), n === 0);
    });
    followHash();
    window.addEventListener("hashchange", followHash);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window.dmlogTableLogic);
