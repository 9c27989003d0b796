/* dmlog: the lookup page (permalink.html?id=ID). A known ID (in any case) goes to the
 * record's static redirect page r/ID.html; an unknown one is said so, with the
 * nearest IDs of the log. The records come from r/records.js (window.dmlogRecords). */
(function () {
  "use strict";
  var records = window.dmlogRecords || [];
  var box = document.getElementById("dmlog-lookup");
  var input = document.getElementById("dmlog-lookup-id");
  var params = new URLSearchParams(window.location.search);
  var wanted = (params.get("id") || window.location.hash.replace(/^#/, "")).trim();
  if (!box || !wanted) return;
  // IDs are matched without regard to case: dec-2019-003 is DEC-2019-003
  var byCase = new Map(records.map(function (record) { return [record[0].toUpperCase(), record[0]]; }));
  var found = byCase.get(wanted.toUpperCase());
  if (found) {
    window.location.replace("r/" + encodeURIComponent(found) + ".html");
    return;
  }
  wanted = wanted.toUpperCase();
  if (input) input.value = wanted;

  // Edit distance, for IDs mistyped by a character or two.
  function distance(a, b) {
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      current = [i];
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1,
          previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }
  // Nearest first: fewest edits, then the same kind and year with the closest number.
  var number = parseInt((wanted.match(/(\d+)$/) || [0, "0"])[1], 10);
  var stem = wanted.replace(/\d+$/, "");
  var suggestions = records.map(function (record) {
    var id = record[0].toUpperCase();
    var sameStem = id.replace(/\d+$/, "") === stem;
    var gap = sameStem ? Math.abs(parseInt(id.match(/(\d+)$/)[1], 10) - number) : 1e9;
    return {id: record[0], title: record[1], edits: distance(wanted, id), gap: gap};
  }).filter(function (s) { return s.edits <= 2 || s.gap <= 3; })
    .sort(function (a, b) { return a.edits - b.edits || a.gap - b.gap || (a.id < b.id ? -1 : 1); })
    .slice(0, 5);

  var heading = document.createElement("p");
  heading.className = "dmlog-lookup-missing";
  heading.append("There is no record ");
  var code = document.createElement("code");
  code.textContent = wanted;
  heading.append(code, " in this log.");
  box.append(heading);
  if (suggestions.length) {
    var intro = document.createElement("p");
    intro.textContent = "Did you mean:";
    var list = document.createElement("ul");
    suggestions.forEach(function (s) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "r/" + encodeURIComponent(s.id) + ".html";
      var id = document.createElement("code");
      id.textContent = s.id;
      link.append(id, " " + s.title);
      item.append(link);
      list.append(item);
    });
    box.append(intro, list);
  }
})();
