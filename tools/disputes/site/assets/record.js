/* Record pages: the Print button, and the printed date in every printed page's footer. */
(function () {
  "use strict";

  function printedDate() {
    var style = document.getElementById("print-date");
    if (!style) {
      style = document.createElement("style");
      style.id = "print-date";
      document.head.appendChild(style);
    }
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    /* Only digits, letters and spaces: safe inside a CSS string. */
    today = today.replace(/[^0-9A-Za-z ]/g, "");
    style.textContent = '@media print { @page { @bottom-center { content: "Printed ' + today +
      '"; font: 9pt sans-serif; } } }';
  }

  function setUp() {
    if (!document.getElementById("print-header")) return;
    printedDate();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      if (button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "1");
      button.addEventListener("click", function () { window.print(); });
    });
  }

  window.addEventListener("beforeprint", printedDate);
  if (typeof document$ !== "undefined") document$.subscribe(setUp); /* Material's page events */
  else document.addEventListener("DOMContentLoaded", setUp);
})();
