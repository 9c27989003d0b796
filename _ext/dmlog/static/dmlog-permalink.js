/* dmlog: the lookup page (permalink.html?id=ID). A known ID (in any case) goes to the
 * record's static redirect page r/ID.html; an unknown one is said so, with the
 * nearest IDs of the log (dmlog-ids.js). The records come from r/records.js
 * (window.dmlogRecords). */
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

  var suggestions = window.dmlogNearestIds(wanted, records);

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
