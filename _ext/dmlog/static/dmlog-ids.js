/* dmlog: the IDs of the log nearest to one it does not have, for the lookup page
 * (permalink.html) and the search page: window.dmlogNearestIds(wanted, records),
 * records being r/records.js's [ID, title] pairs. */
(function () {
  "use strict";

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
  // IDs a character or two away, or a few numbers; else the closest three of its kind.
  window.dmlogNearestIds = function (wanted, records) {
    wanted = wanted.toUpperCase();
    var number = parseInt((wanted.match(/(\d+)$/) || [0, "0"])[1], 10);
    var stem = wanted.replace(/\d+$/, ""), kind = wanted.split("-")[0] + "-";
    var ranked = records.map(function (record) {
      var id = record[0].toUpperCase();
      var sameStem = id.replace(/\d+$/, "") === stem;
      var gap = sameStem ? Math.abs(parseInt(id.match(/(\d+)$/)[1], 10) - number) : 1e9;
      return {id: record[0], title: record[1], edits: distance(wanted, id), gap: gap,
              sameKind: id.indexOf(kind) === 0};
    }).sort(function (a, b) { return a.edits - b.edits || a.gap - b.gap || (a.id < b.id ? -1 : 1); });
    var near = ranked.filter(function (s) { return s.edits <= 2 || s.gap <= 3; });
    return near.length ? near.slice(0, 5) : ranked.filter(function (s) { return s.sameKind; }).slice(0, 3);
  };
})();
