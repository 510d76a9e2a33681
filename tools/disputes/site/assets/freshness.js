/* Figures that do not go stale (site/freshness.py): a deadline the page shows as still to
   come is flagged once its day has passed in the policy's time zone, by the reader's own
   clock, and a page read after the day it was built says so. Nothing is fetched. */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /* Today in the policy's time zone, as YYYY-MM-DD (compared as text, like ISO days). */
  function today(zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function longDay(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  /* The first day a deadline is overdue: the day after it (as policy/timescales.py). */
  function dayAfter(iso) {
    var p = iso.split("-");
    var next = new Date(Date.UTC(Number(p[0]), Number(p[1]) - 1, Number(p[2]) + 1));
    return next.toISOString().slice(0, 10);
  }

  function flag(time, now) {
    var due = time.getAttribute("data-deadline");
    if (time.getAttribute("data-flagged") || !due || due >= now) return false;
    time.setAttribute("data-flagged", "yes");
    var note = document.createElement("strong");
    note.className = "overdue-flag";
    note.textContent = " Overdue since " + longDay(dayAfter(due)) +
      (time.getAttribute("data-immediate-risk") ? " (immediate risk of harm)" : "") +
      ", by your browser's date";
    time.parentNode.insertBefore(note, time.nextSibling);
    return true;
  }

  function update() {
    var stamp = document.querySelector(".figures-date[data-built]");
    if (!stamp) return;
    var zone = stamp.getAttribute("data-zone") || "Europe/London";
    var built = stamp.getAttribute("data-built");
    var now = today(zone);
    document.querySelectorAll("time[data-deadline]").forEach(function (time) { flag(time, now); });
    document.querySelectorAll("[data-pending-deadlines]").forEach(function (tile) {
      var days = tile.getAttribute("data-pending-deadlines").split(" ");
      var since = days.filter(function (d) { return d && d < now; }).length;
      /* The count stays the build's (the register's filter counts the same); the rest
         fell due since, as the reader's browser counts days. */
      if (since && !tile.querySelector(".overdue-since")) {
        var more = document.createElement("small");
        more.className = "overdue-since";
        more.textContent = " and " + since + " more since it was built, by your browser's date";
        tile.appendChild(more);
      }
    });
    if (now > built && !stamp.querySelector(".read-later")) {
      var later = document.createElement("span");
      later.className = "read-later";
      var judged = document.querySelector("[data-deadline], [data-pending-deadlines], #register-table");
      later.textContent = " Built on " + longDay(built) + ", read on " + longDay(now) + (judged
        ? ": overdue flags updated in your browser."
        : ": the figures are as they stood when it was built.");
      stamp.appendChild(later);
    }
  }

  var queued = false;
  function soon() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () { queued = false; update(); });
  }

  function setUp() {
    update();
    /* The register draws its rows by script: flag them as they are drawn. */
    var rows = document.querySelector("#register-table tbody");
    if (rows && !rows.getAttribute("data-watched")) {
      rows.setAttribute("data-watched", "yes");
      new MutationObserver(soon).observe(rows, { childList: true });
    }
  }

  if (typeof document$ !== "undefined") document$.subscribe(setUp); /* Material's page events */
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
