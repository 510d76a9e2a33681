/* One pager for the site's long lists (the register, the Learning page). It is drawn once and
   only its words and states change, so "Next page" keeps the keyboard's place; at the last
   page the focus moves to "Previous page" rather than being dropped. Each change of page is
   announced by a status region: "Page 2 of 50, rows 51-100". Long tables marked
   data-paged="N" are shown N rows at a time (every row is in the page, for print and for a
   browser without script). */
(function () {
  "use strict";

  var SIZES = [50, 100, 250];

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  /* A pager drawn into `nav`; `go(page, size)` is called when the reader asks for a page. */
  function Pager(nav, go) {
    var self = this;
    this.nav = nav;
    this.page = 1;
    this.size = SIZES[0];
    this.previous = button("Previous page", function () { go(self.page - 1, self.size); });
    this.next = button("Next page", function () { go(self.page + 1, self.size); });
    this.status = document.createElement("span");
    this.status.className = "pager-status";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-atomic", "true");
    var label = document.createElement("label");
    label.textContent = "Rows per page ";
    this.select = document.createElement("select");
    SIZES.forEach(function (size) {
      var option = document.createElement("option");
      option.value = option.textContent = String(size);
      self.select.appendChild(option);
    });
    this.select.addEventListener("change", function () {
      go(1, parseInt(self.select.value, 10));
    });
    label.appendChild(this.select);
    nav.replaceChildren(this.previous, this.status, this.next, label);
  }

  /* Show page `page` (of `size` rows) of `total`; returns the page shown (1 at least). */
  Pager.prototype.show = function (page, size, total) {
    var pages = Math.max(1, Math.ceil(total / size));
    this.page = Math.min(Math.max(1, page), pages);
    this.size = size;
    this.select.value = String(size);
    var focused = document.activeElement;
    this.previous.disabled = this.page <= 1;
    this.next.disabled = this.page >= pages;
    if (focused === this.next && this.next.disabled && !this.previous.disabled) this.previous.focus();
    if (focused === this.previous && this.previous.disabled && !this.next.disabled) this.next.focus();
    var first = total ? (this.page - 1) * size + 1 : 0;
    var last = Math.min(total, this.page * size);
    var words = "Page " + this.page + " of " + pages + ", rows " + first + "-" + last;
    if (this.status.textContent !== words) this.status.textContent = words; /* said once */
    this.nav.hidden = total <= SIZES[0];
    return this.page;
  };

  window.DisputesPager = { Pager: Pager, SIZES: SIZES };

  function pageTable(table) {
    if (table.hasAttribute("data-paged-ready")) return;
    var size = parseInt(table.getAttribute("data-paged"), 10) || SIZES[0];
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var nav = document.createElement("nav");
    nav.className = "register-pager";
    nav.setAttribute("aria-label", "Pages of this table");
    var after = table.closest(".md-typeset__scrollwrap") || table;
    after.parentNode.insertBefore(nav, after.nextSibling);
    var pager = new Pager(nav, show);
    function show(page, newSize) {
      size = newSize;
      page = pager.show(page, size, rows.length);
      var start = (page - 1) * size;
      rows.forEach(function (row, index) { row.hidden = index < start || index >= start + size; });
    }
    table.setAttribute("data-paged-ready", ""); /* no class: the theme styles tables without */
    show(1, size);
  }

  function setUp() {
    document.querySelectorAll("table[data-paged]").forEach(pageTable);
  }

  if (typeof document$ !== "undefined") document$.subscribe(setUp); /* Material's page events */
  else document.addEventListener("DOMContentLoaded", setUp);
})();
