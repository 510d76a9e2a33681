/* The "new record" page: builds the form from the record schema and the policy's stage
 * model, shows problems, and offers the record to download or to propose on the hosting
 * site. Plain JavaScript, no libraries, nothing fetched from outside the site. Needs
 * new-record-check.js, new-record-markdown.js, new-record-form.js and
 * new-record-start.js loaded first. */
(function (NR) {
  "use strict";
  var Form = NR.Form, make = NR.make, fieldId = NR.fieldId, checkRecord = NR.checkRecord;
  var markdown = NR.markdown, BODY_HEADINGS = NR.BODY_HEADINGS;
  var REQUIRED_WHEN_RESOLVED = NR.REQUIRED_WHEN_RESOLVED;

  // ---------------------------------------------------------------- the page

  function bodyFields(form) {
    var fieldset = make("fieldset", { class: "nr-group", id: "nr-body" }, [
      make("legend", { text: "The form's text" }),
      make("p", { class: "nr-hint", text: "Describe the disagreement without any child's " +
        "or family member's name: use the case reference." }),
    ]);
    var areas = {};
    function area(key, label, path) {
      var control = make("textarea", { id: fieldId(path), name: path, rows: "4" });
      var row = form.row({}, path, label, control, REQUIRED_WHEN_RESOLVED.indexOf(key) >= 0);
      row.querySelector("label").textContent = label;
      fieldset.appendChild(row);
      form.register({ path: path, label: label, row: row, focus: control });
      areas[key] = control;
    }
    area(BODY_HEADINGS[0], BODY_HEADINGS[0], "body.0");
    area("challengerView", "View of the challenging agency", "body.challenger");
    area("challengedView", "View of the challenged agency", "body.challenged");
    area(BODY_HEADINGS[2], BODY_HEADINGS[2] + " (required once resolved)", "body.2");
    area(BODY_HEADINGS[3], BODY_HEADINGS[3], "body.3");
    return {
      row: fieldset,
      get: function () {
        var text = {};
        Object.keys(areas).forEach(function (k) { text[k] = areas[k].value.trim(); });
        return text;
      },
    };
  }

  function widgetFor(form, path) {
    var parts = path.split(".");
    while (parts.length) {
      var widget = form.widgets[parts.join(".")];
      if (widget && !widget.row.hidden) return widget;
      parts.pop();
    }
    return form.widgets[""];
  }

  function showErrors(form, errors, summary) {
    form.container.querySelectorAll(".nr-error").forEach(function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    form.container.querySelectorAll(".nr-invalid").forEach(function (el) {
      el.classList.remove("nr-invalid");
    });
    summary.innerHTML = "";
    summary.hidden = errors.length === 0;
    if (!errors.length) return;
    var list = make("ul");
    errors.forEach(function (error) {
      var widget = widgetFor(form, error.path);
      var label = (widget.label || "Record") + (widget.path === error.path ? "" :
        " › " + error.path.slice(widget.path.length).replace(/^\./, ""));
      var text = label + ": " + error.message;
      var slot = widget.row.querySelector(".nr-error");
      if (slot) {
        slot.hidden = false;
        slot.textContent = (slot.textContent ? slot.textContent + " " : "") + error.message;
      }
      widget.row.classList.add("nr-invalid");
      var link = make("a", { href: "#" + (widget.focus && widget.focus.id || ""), text: text });
      list.appendChild(make("li", {}, [link]));
    });
    summary.appendChild(make("h2", { text: errors.length === 1 ? "There is a problem" :
      "There are " + errors.length + " problems" }));
    summary.appendChild(make("p", { text: "Nothing has been created yet. Correct these, then " +
      "press \"Check the record\" again:" }));
    summary.appendChild(list);
    summary.focus();
  }

  /** The register's repository: `repo_url` in mkdocs.yml (Material shows it as the header's
   * source link) comes first; the page's own setting only when mkdocs.yml has none. */
  function repository(container) {
    var source = document.querySelector("a.md-source");
    var url = (source && source.href) || container.getAttribute("data-repo-url") || "";
    return url.replace(/\.git$/, "").replace(/\/+$/, "");
  }

  /** The host's "new file" page, named with the file name only: the record itself never goes
   * into an address (addresses are kept in browser history, proxies and server logs). */
  function createFileLink(repo, branch, path) {
    if (/gitlab/i.test(repo)) {
      return repo + "/-/new/" + branch + "?file_name=" + encodeURIComponent(path);
    }
    return repo + "/new/" + branch + "?filename=" + encodeURIComponent(path);
  }

  // ---------------------------------------------------------------- ids and agencies

  /** The next free id of a year, after the highest in the register. */
  function nextId(known, year) {
    var highest = 0;
    var prefix = "PD-" + year + "-";
    known.forEach(function (id) {
      if (id.indexOf(prefix) === 0) highest = Math.max(highest, parseInt(id.slice(prefix.length), 10) || 0);
    });
    return prefix + ("000" + (highest + 1)).slice(-4);
  }

  /** Problems the schema cannot see: an id already taken, an agency not in the list. */
  function registerProblems(data, known, agencies) {
    var errors = [];
    if (data.id && known.indexOf(data.id) >= 0) {
      var year = (data.opened || "").slice(0, 4) || data.id.slice(3, 7);
      errors.push({ path: "id", message: data.id + " is already in the register: saving this " +
        "record would overwrite it. Use the next free id, " + nextId(known, year) + "." });
    }
    if (!agencies.length) return errors;
    (function walk(value, path) {
      if (Array.isArray(value)) {
        value.forEach(function (item, i) {
          if (/panel$/.test(path) && typeof item === "string" && item && agencies.indexOf(item) < 0) {
            errors.push({ path: path, message: "\"" + item + "\" is not in the partnership's " +
              "list of agencies. Choose it from the list (check the spelling)." });
          } else walk(item, path + "." + i);
        });
      } else if (value && typeof value === "object") {
        Object.keys(value).forEach(function (key) {
          var at = path ? path + "." + key : key;
          var item = value[key];
          if (key === "agency" && typeof item === "string" && item && agencies.indexOf(item) < 0) {
            errors.push({ path: at, message: "\"" + item + "\" is not in the partnership's list " +
              "of agencies. Choose it from the list (check the spelling)." });
          } else walk(item, at);
        });
      }
    })(data, "");
    return errors;
  }

  function showResult(form, result, data, text) {
    var year = data.opened.slice(0, 4);
    var path = "records/" + year + "/" + data.id + ".md";
    result.innerHTML = "";
    result.hidden = false;
    result.appendChild(make("h2", { text: "The record is ready: " + path }));
    var download = make("button", { type: "button", class: "nr-button", id: "nr-download",
      text: "Download " + data.id + ".md" });
    download.addEventListener("click", function () {
      var blob = new Blob([text], { type: "text/markdown;charset=utf-8" });
      var link = make("a", { href: URL.createObjectURL(blob), download: data.id + ".md" });
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
    result.appendChild(download);
    var copy = make("button", { type: "button", class: "nr-button", id: "nr-copy",
      text: "Copy the record" });
    var copied = make("p", { class: "nr-hint", id: "nr-copied", role: "status" });
    copy.addEventListener("click", function () {
      var done = function () { copied.textContent = "Copied. Paste it into the new file."; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () {
          copied.textContent = "Your browser did not allow copying: select the text below " +
            "and copy it, or download the file.";
        });
      }
    });
    result.appendChild(copy);
    result.appendChild(copied);
    var repo = repository(form.container);
    if (repo) {
      var url = createFileLink(repo, form.container.getAttribute("data-branch") || "main", path);
      result.appendChild(make("a", { class: "nr-button", id: "nr-create", href: url,
        target: "_blank", rel: "noopener", text: "Open the register's new file page" }));
      result.appendChild(make("p", { class: "nr-hint", text: "This opens the register's " +
        "\"create a new file\" page with the file name " + path + " filled in. Paste the " +
        "record you copied, choose \"Create a new branch and start a pull request\", then " +
        "answer the questions in the pull request." }));
    }
    result.appendChild(make("p", { class: "nr-hint", text: "Or save the file as " + path +
      " in your copy of the register and run: disputes validate " + path }));
    result.appendChild(make("pre", { id: "nr-preview", text: text }));
  }

  function build(container, schema, agencies, known, policy) {
    var form = new Form(schema, agencies);
    form.container = container;
    var top = NR.startForm(form, schema, policy);
    var body = bodyFields(form);
    var summary = make("div", { class: "nr-summary", id: "nr-summary", role: "alert",
      tabindex: "-1", hidden: "" });
    var check = make("button", { type: "submit", class: "nr-button", id: "nr-check",
      text: "Check the record" });
    var result = make("section", { class: "nr-result", id: "nr-result", hidden: "" });
    var element = make("form", { id: "nr-form", novalidate: "" }, [summary, top.row, body.row,
      check]);
    element.addEventListener("input", function () { top.refresh(); });
    element.addEventListener("change", function () { top.refresh(); });
    element.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = top.get();
      var text = body.get();
      var errors = checkRecord(schema, data, text).concat(registerProblems(data, known, agencies),
        top.problems(data));
      showErrors(form, errors, summary);
      result.hidden = true;
      if (!errors.length) showResult(form, result, data, markdown(schema, data, text));
    });
    container.innerHTML = "";
    container.appendChild(element);
    container.appendChild(result);
    top.refresh();
    fillNextId(form, known);
  }

  /** The id starts as the next free one for the year opened, until the user types their own. */
  function fillNextId(form, known) {
    var id = form.widgets.id, opened = form.widgets.opened;
    if (!id || !known.length) return;
    function follow() {
      if (id.focus.dataset.touched) return;
      var year = (opened && opened.focus.value || "").slice(0, 4);
      if (!/^\d{4}$/.test(year)) year = String(new Date().getFullYear());
      id.focus.value = nextId(known, year);
    }
    id.focus.addEventListener("input", function () { id.focus.dataset.touched = "1"; });
    if (opened) opened.focus.addEventListener("change", follow);
    follow();
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status + " " + response.statusText);
      return response.json();
    });
  }

  function start() {
    var container = document.getElementById("new-record");
    if (!container || container.dataset.started) return;
    container.dataset.started = "1";
    var inline = document.getElementById("dispute-schema");
    var url = container.getAttribute("data-schema") || "../schema/dispute.schema.json";
    var schema = inline ? Promise.resolve(JSON.parse(inline.textContent)) : fetchJson(url);
    var agenciesUrl = container.getAttribute("data-agencies");
    var agencies = agenciesUrl ? fetchJson(agenciesUrl).then(function (data) {
      return Array.isArray(data) ? data : data.agencies || [];
    }).catch(function () { return []; }) : Promise.resolve([]);
    var idsUrl = container.getAttribute("data-ids");
    var ids = idsUrl ? fetchJson(idsUrl).then(function (data) {
      return Array.isArray(data.ids) ? data.ids : [];
    }).catch(function () { return []; }) : Promise.resolve([]);
    var policy = fetchJson(container.getAttribute("data-policy") || "../schema/policy.json");
    Promise.all([schema, agencies, ids, policy]).then(function (all) {
      build(container, all[0], all[1], all[2], all[3]);
    }).catch(function (error) {
      container.textContent = "The form could not load the record schema or the policy (" +
        error.message + "). Use the command line instead: disputes new";
      container.classList.add("nr-failed");
    });
  }

  // Material's instant navigation swaps pages without reloading: it announces each
  // new page through `document$`.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window.disputesNewRecord = window.disputesNewRecord || {});
