/* Print and projection.
 *
 * Printing: an interactive table shows one page of rows and keeps the others out of
 * the document, so before printing every table is switched to "all rows", and back
 * afterwards. Projection: "?present" in the address (or the "Present" link) gives
 * large type and no sidebars, for a review meeting on a projector. */
(function () {
    "use strict";
    const saved = new Map();

    function allRows() {
        document.querySelectorAll("select.needstable-page-size-select").forEach((select) => {
            let all = Array.from(select.options).find((option) => parseInt(option.value, 10) <= 0);
            if (!all) {  /* a table offering no "all": 0 rows per page means all of them */
                all = new Option("All", "0");
                select.add(all);
            }
            if (select.value === all.value) {
                return;
            }
            saved.set(select, select.value);
            select.value = all.value;
            select.dispatchEvent(new Event("change"));
        });
    }

    function restore() {
        saved.forEach((value, select) => {
            select.value = value;
            select.dispatchEvent(new Event("change"));
        });
        saved.clear();
    }

    window.addEventListener("beforeprint", allRows);
    window.addEventListener("afterprint", restore);
    const print = window.matchMedia("print");
    print.addEventListener("change", (event) => (event.matches ? allRows() : restore()));

    if (new URLSearchParams(window.location.search).has("present")) {
        document.documentElement.classList.add("dmlog-present");
    }
})();
