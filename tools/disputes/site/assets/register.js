/* The register: rows come as JSON and only the page in view is drawn, so thousands of
   disputes stay quick. Filters and sort live in the address (shareable, kept on reload).
   Every value is put in with textContent: record text is never parsed as HTML. No network. */
(function () {
  "use strict";

  var PAGE_SIZES = window.DisputesPager.SIZES; /* pager.js, loaded before this */
  var state = { filters: {}, text: "", sort: "", dir: "asc", page: 1, size: 50 };

  function readAddress(controls) {
    var params = new URLSearchParams(window.location.search);
    controls.forEach(function (control) {
      var key = control.getAttribute("data-filter");
      var value = params.get(key === "text" ? "search" : key) || "";
      if (control.type === "checkbox") control.checked = value === control.value;
      else control.value = value;
      if (control.tagName === "SELECT" && control.value !== value) control.value = "";
    });
    state.sort = params.get("sort") || "";
    state.dir = params.get("dir") === "desc" ? "desc" : "asc";
    state.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    var size = parseInt(params.get("size") || "50", 10);
    state.size = PAGE_SIZES.indexOf(size) >= 0 ? size : 50;
  }

  function writeAddress() {
    var params = new URLSearchParams();
    Object.keys(state.filters).forEach(function (key) {
      if (state.filters[key]) params.set(key, state.filters[key]);
    });
    if (state.text) params.set("search", state.text); /* not "q": the theme opens its own search on ?q= */
    if (state.sort) { params.set("sort", state.sort); params.set("dir", state.dir); }
    if (state.page > 1) params.set("page", String(state.page));
    if (state.size !== 50) params.set("size", String(state.size));
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    /* only when it changes: replaceState makes the browser lay the page out at once */
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", address);
    }
  }

  function readControls(controls) {
    state.filters = {};
    state.text = "";
    controls.forEach(function (control) {
      var key = control.getAttribute("data-filter");
      if (key === "text") state.text = control.value.trim();
      else if (control.type === "checkbox") state.filters[key] = control.checked ? control.value : "";
      else state.filters[key] = control.value;
    });
  }

  /* Each filter's values for a row (codes, as in the address). */
  var KEYS = {
    status: function (row) { return [row.statusCode]; },
    stage: function (row) { return [String(row.stage)]; },
    agency: function (row) { return [row.challenger, row.challenged]; },
    category: function (row) { return row.categoryCodes; },
    year: function (row) { return [row.opened.slice(0, 4)]; },
    resolved: function (row) { return [row.resolved]; },
    overdue: function (row) { return row.overdue ? ["yes"] : []; },
    /* "More filters": what the report pages' figures link to (site/figures.py) */
    quarter: function (row) {
      return [row.opened.slice(0, 4) + "-Q" + (Math.floor((Number(row.opened.slice(5, 7)) - 1) / 3) + 1)];
    },
    reached: function (row) { /* no stage is skipped, though a dispute may start above 1 */
      var reached = [];
      for (var s = row.first || 1; s <= row.stage; s++) reached.push(String(s));
      return reached;
    },
    challenger: function (row) { return [row.challenger]; },
    challenged: function (row) { return [row.challenged]; },
    timescale: function (row) { return row.timescales || []; },
    outcome: function (row) { return [row.outcome || ""]; },
    level: function (row) { return [row.level || ""]; },
    age: function (row) { return [row.age || ""]; }
  };

  function matches(row, needle) {
    for (var key in state.filters) {
      var wanted = state.filters[key];
      if (wanted && KEYS[key] && KEYS[key](row).indexOf(wanted) < 0) return false;
    }
    return !needle || row.haystack.indexOf(needle) >= 0;
  }

  function compare(key, kind) {
    return function (a, b) {
      var x = a[key], y = b[key];
      var emptyX = x === null || x === "", emptyY = y === null || y === "";
      if (emptyX || emptyY) return emptyX === emptyY ? 0 : (emptyX ? 1 : -1); /* blanks last */
      if (kind === "num") return x - y;
      return x < y ? -1 : (x > y ? 1 : 0);
    };
  }

  function view(rows, kinds) {
    var needle = state.text.toLowerCase();
    var chosen = rows.filter(function (row) { return matches(row, needle); });
    if (state.sort && kinds[state.sort]) {
      var order = compare(state.sort, kinds[state.sort]);
      var sign = state.dir === "desc" ? -1 : 1;
      chosen.sort(function (a, b) {
        var c = order(a, b);
        var blank = a[state.sort] === null || a[state.sort] === "" || b[state.sort] === null || b[state.sort] === "";
        return blank ? c : sign * c || (a.index - b.index);
      });
    }
    return chosen;
  }

  function cell(tr, text, label, className) {
    var td = document.createElement("td");
    td.setAttribute("data-label", label);
    if (className) td.className = className;
    td.textContent = text === null || text === undefined ? "" : String(text);
    tr.appendChild(td);
    return td;
  }

  /* A deadline still to come, as data the reader's browser judges (freshness.js). */
  function deadlineCell(td, row) {
    var time = document.createElement("time");
    time.dateTime = row.deadline;
    time.setAttribute("data-deadline", row.deadline);
    if (row.risk) time.setAttribute("data-immediate-risk", "yes");
    time.textContent = row.deadline;
    td.appendChild(time);
  }

  function drawRows(tbody, shown, columns) {
    var fragment = document.createDocumentFragment();
    shown.forEach(function (row) {
      var tr = document.createElement("tr");
      if (row.overdue) tr.className = "is-overdue";
      columns.forEach(function (column) {
        if (column.key === "id") {
          var td = cell(tr, "", column.label, "register-id");
          var a = document.createElement("a");
          a.href = "../records/" + encodeURIComponent(row.id) + "/";
          a.textContent = row.id;
          td.appendChild(a);
        } else if (column.key === "overdue") {
          cell(tr, row.overdue ? row.overdue : "", column.label, row.overdue ? "num overdue-days" : "num");
        } else if (column.key === "deadline" && row.deadline && !row.overdue) {
          deadlineCell(cell(tr, "", column.label, "date"), row);
        } else {
          cell(tr, row[column.key], column.label, column.kind === "text" ? "" : column.kind);
        }
      });
      fragment.appendChild(tr);
    });
    tbody.replaceChildren(fragment);
  }

  function drawSortChoice() {
    var select = document.getElementById("sort-by");
    if (select) select.value = state.sort ? state.sort + ":" + state.dir : "";
  }

  function drawHeadings(table) {
    table.querySelectorAll("thead th").forEach(function (th) {
      var key = th.querySelector("button").getAttribute("data-sort");
      var sorted = key === state.sort;
      th.setAttribute("aria-sort", sorted ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    });
  }

  /* The rules of report/spreadsheet.py, so that no formula runs in a spreadsheet of any
     locale: a cell, or a part after ; a tab or a line end (where a semicolon-locale or
     tab-separated reader starts a cell), whose first sign is = + - @ once NFKC has made
     fullwidth forms ASCII, is led by an apostrophe; a cell holding a separator is quoted. */
  function formulaSign(text) { return /^[=+\-@]/.test(text.normalize("NFKC")); }

  function spreadsheetSafe(value) {
    if (typeof value === "number") return String(value);
    var text = value === null || value === undefined ? "" : String(value);
    if (/[";,\t\r\n]/.test(text)) {
      text = text.replace(/([;\t\r\n])(\s*)(\S)/g, function (all, separator, spaces, first) {
        return separator + spaces + (formulaSign(first) ? "'" : "") + first;
      });
    }
    if (/^[\t\r\n]/.test(text) || formulaSign(text.replace(/^\s+/, "").slice(0, 4))) {
      text = "'" + text;
    }
    return /[",;\t\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download(kind, current, columns) {
    var fields = [{ key: "ref", label: "Case reference" }].concat(columns);
    var text;
    if (kind === "csv") {
      var lines = [fields.map(function (f) { return spreadsheetSafe(f.label); }).join(",")];
      current.forEach(function (row) {
        lines.push(fields.map(function (f) { return spreadsheetSafe(row[f.key]); }).join(","));
      });
      text = lines.join("\r\n") + "\r\n";
    } else {
      text = JSON.stringify(current.map(function (row) {
        var out = {};
        fields.forEach(function (f) { out[f.key] = row[f.key]; });
        return out;
      }), null, 2);
    }
    var blob = new Blob([text], { type: kind === "csv" ? "text/csv" : "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "register." + kind;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  function setUp() {
    var table = document.getElementById("register-table");
    var source = document.getElementById("register-data");
    if (!table || !source || table.getAttribute("data-ready")) return;
    table.setAttribute("data-ready", "1");
    var rows = JSON.parse(source.textContent);
    var wordsFor = function (key) {
      var words = {};
      document.querySelectorAll("select[data-filter=" + key + "] option").forEach(function (o) {
        words[o.value] = o.textContent;
      });
      return words;
    };
    var statusWords = wordsFor("status");
    var categoryWords = wordsFor("category");
    rows.forEach(function (row, index) {
      row.index = index;
      row.statusCode = row.status;
      row.status = statusWords[row.status] || row.status;
      row.categoryCodes = row.categories;
      row.categories = row.categories.map(function (c) { return categoryWords[c] || c; }).join(", ");
      row.haystack = [row.id, row.ref, row.title, row.challenger, row.challenged,
                      row.categories].join(" ").toLowerCase();
    });
    var kinds = {};
    var columns = [];
    table.querySelectorAll("thead button[data-sort]").forEach(function (button) {
      var key = button.getAttribute("data-sort");
      kinds[key] = button.getAttribute("data-kind");
      columns.push({ key: key, label: button.textContent, kind: kinds[key] });
    });
    var controls = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
    var counter = document.getElementById("register-count");
    var pager = new window.DisputesPager.Pager(document.querySelector(".register-pager"),
      function (page, size) { state.page = page; state.size = size; redraw(); });
    var current = [];

    function redraw() {
      current = view(rows, kinds);
      state.page = pager.show(state.page, state.size, current.length);
      var start = (state.page - 1) * state.size;
      drawRows(table.tBodies[0], current.slice(start, start + state.size), columns);
      drawHeadings(table);
      drawSortChoice();
      var overdue = current.filter(function (row) { return row.overdue; }).length;
      var words = current.length + " of " + rows.length + " disputes shown" +
        (overdue ? " (" + overdue + " overdue)." : ".");
      if (counter.textContent !== words) counter.textContent = words; /* announced on change only */
      writeAddress();
    }

    function changed() { readControls(controls); state.page = 1; redraw(); }

    controls.forEach(function (control) {
      control.addEventListener(control.type === "search" ? "input" : "change", changed);
    });
    table.querySelectorAll("thead button[data-sort]").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-sort");
        state.dir = state.sort === key && state.dir === "asc" ? "desc" : "asc";
        state.sort = key;
        state.page = 1;
        redraw();
      });
      // The whole heading cell sorts: a heading whose neighbours wrap onto two lines is
      // taller than its button, and a click beside the words must not miss.
      button.parentNode.addEventListener("click", function (event) {
        if (event.target === button.parentNode) button.click();
      });
    });
    var sortBy = document.getElementById("sort-by");
    if (sortBy) sortBy.addEventListener("change", function () {
      var parts = sortBy.value.split(":");
      state.sort = parts[0] || "";
      state.dir = parts[1] === "desc" ? "desc" : "asc";
      state.page = 1;
      redraw();
    });
    var form = document.querySelector(".register-filters");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { state.sort = ""; changed(); }, 0);
    });
    document.querySelectorAll("[data-export]").forEach(function (button) {
      button.addEventListener("click", function () {
        download(button.getAttribute("data-export"), current, columns);
      });
    });
    readAddress(controls);
    readControls(controls);
    var more = document.querySelector(".register-more");
    if (more && Array.prototype.some.call(more.querySelectorAll("select"), function (s) { return s.value; })) {
      more.open = true; /* a filter chosen from a report's figure is in view, not folded away */
    }
    redraw();
  }

  if (typeof document$ !== "undefined") document$.subscribe(setUp); /* Material's page events */
  else document.addEventListener("DOMContentLoaded", setUp);
})();
