/* Accessibility fixes to the theme's own markup, on every page of both profiles:
   - the search dialog gets a name (axe: aria-dialog-name);
   - the theme's hidden toggle boxes, whose labels are icons, get a name (axe: label);
   - every table that scrolls sideways can be reached and scrolled with the keyboard, and is
     named after its caption or heading (axe: scrollable-region-focusable, WCAG 2.1.1). */
(function () {
  "use strict";

  function nameOf(table) {
    if (table.caption) return table.caption.textContent.trim();
    var node = table.closest(".md-typeset__scrollwrap") || table;
    while (node && node.previousElementSibling === null && node.parentElement) node = node.parentElement;
    for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
      if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.replace(/¶$/, "").trim();
    }
    return "Table";
  }

  function setUp() {
    document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
      if (!dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
    });
    document.querySelectorAll("input.md-toggle").forEach(function (toggle) {
      /* Its labels are icons or overlays without words, so the box is named outright. */
      if (!toggle.hasAttribute("aria-label")) {
        toggle.setAttribute("aria-label", toggle.getAttribute("data-md-toggle") || "toggle");
      }
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) return;
      var table = wrap.querySelector("table");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", table ? nameOf(table) : "Table");
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(setUp); /* Material's page events */
  else document.addEventListener("DOMContentLoaded", setUp);
})();
