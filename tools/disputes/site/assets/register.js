/* The register table: sorting (tablesort, shipped in this site) and filters. No network. */
(function () {
  "use strict";

  function matches(row, filters, text) {
    for (var key in filters) {
      if (!filters[key]) continue;
      var values = (row.getAttribute("data-" + key) || "").split("|");
      if (values.indexOf(filters[key]) < 0) return false;
    }
    return !text || row.textContent.toLowerCase().indexOf(text) >= 0;
  }

  function apply(table, controls, counter) {
    var filters = {};
    var text = "";
    controls.forEach(function (control) {
      var key = control.getAttribute("data-filter");
      if (key === "text") text = control.value.trim().toLowerCase();
      else filters[key] = control.value;
    });
    var shown = 0;
    var rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var visible = matches(rows[i], filters, text);
      rows[i].hidden = !visible;
      if (visible) shown++;
    }
    if (counter) counter.textContent = shown + " of " + rows.length + " disputes shown.";
  }

  function setUp() {
    var table = document.getElementById("register-table");
    if (!table || table.getAttribute("data-ready")) return;
    table.setAttribute("data-ready", "1");
    new Tablesort(table);
    var controls = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
    var counter = document.getElementById("register-count");
    controls.forEach(function (control) {
      control.addEventListener("input", function () { apply(table, controls, counter); });
      control.addEventListener("change", function () { apply(table, controls, counter); });
    });
    apply(table, controls, counter);
  }

  if (typeof document$ !== "undefined") document$.subscribe(setUp); /* Material's page events */
  else document.addEventListener("DOMContentLoaded", setUp);
})();
