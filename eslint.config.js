// ESLint (flat config): the site's own scripts, and the node tests of the table engine.
// `make lint` runs it; CI installs it with `npm ci` (package.json pins the versions).
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  // what the build and the tools make, and the other projects' code
  {ignores: ["_build/", "bench/_work/", ".venv/", "tests/roots/"]},
  js.configs.recommended,
  {
    // classic scripts the pages load with <script src>: browser globals, no imports
    files: ["_ext/dmlog/static/**/*.js"],
    languageOptions: {sourceType: "script", globals: {...globals.browser}},
  },
  {
    // the table engine's logic is also required by the node tests
    files: ["_ext/dmlog/static/dmlog-table-logic.js"],
    languageOptions: {globals: {module: "writable"}},
  },
  {
    // loaded as <script type="module"> (it imports Pagefind)
    files: ["_ext/dmlog/static/dmlog-search.js"],
    languageOptions: {sourceType: "module"},
  },
  {
    files: ["tests/js/**/*.mjs"],
    languageOptions: {sourceType: "module", globals: {...globals.node}},
  },
  {
    files: ["eslint.config.js"],
    languageOptions: {sourceType: "commonjs", globals: {...globals.node}},
  },
];
