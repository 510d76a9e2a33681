/* What a new dispute asks, as `disputes new` asks it: the form's basics and the stage it
 * starts at, with what the policy says that stage needs (schema/policy.json, made from
 * schema/policy.yml). The record it makes is format 2 (`version: 2`) and open: later
 * steps (escalate, refer, resolve, sign) are the register's commands. */
(function (NR) {
  "use strict";
  var resolve = NR.resolve, markRequired = NR.markRequired, today = NR.today;

  var BASICS = ["id", "title", "opened", "immediate_risk", "level_of_need", "categories",
    "child", "challenger", "challenged"];
  // Optional at the start of a stage, offered beside what the policy needs.
  var EXTRAS = { 3: ["raised"], 5: ["group_date", "panel"] };
  var WORKERS = { challenger_worker: "challenger", challenged_worker: "challenged" };
  var SIDES = { challenger: "challenging", challenged: "challenged" };
  // The first stage's fields in the order a manager gives them (the rest after).
  var ORDER = ["stage", "started", "supervisor", "aim", "challenger_manager",
    "challenged_manager", "raised", "referred", "group_date", "panel"];

  /** A person with only the parts asked of a worker or supervisor: name and job title. */
  function namedPerson(root, title, description) {
    var person = resolve(root.$defs.person, root);
    return Object.assign({}, person, { title: title, description: description,
      properties: { name: person.properties.name, designation: person.properties.designation } });
  }

  /** The schema of what the form asks: the record's basics and one stage entry. */
  function startSchema(root) {
    var props = {};
    BASICS.forEach(function (key) { props[key] = root.properties[key]; });
    ["challenger", "challenged"].forEach(function (side) {
      var party = resolve(root.properties[side], root);
      props[side] = Object.assign({}, party, {
        required: ["agency", "worker"],  // shown, not behind a "Fill in" box; needed per stage
        properties: { agency: party.properties.agency, worker: namedPerson(root, "Worker",
          "The " + SIDES[side] + " agency's worker involved: their name and job title.") },
      });
    });
    var stage = resolve(root.$defs.stage, root);
    var entry = { stage: Object.assign({}, stage.properties.stage, {
      title: "Stage it starts at", description: "Stage 4 or 5 only when the child is at " +
        "immediate risk." }),
    started: Object.assign({}, stage.properties.started, { description: "Leave it empty " +
      "if the stage started the day the dispute was opened." }) };
    var own = {
      supervisor: namedPerson(root, "Supervisor", "Stage 1: the worker's supervisor or line " +
        "manager."),
      panel: { title: "QAPM panel", description: "Stage 5: the panel's representatives, if " +
        "known (they can be added when the group meets).", type: "array",
        items: { $ref: "#/$defs/representative" }, "x-add": "Add a representative",
        "x-remove": "Remove the last representative", "x-entry": "Representative" },
    };
    ORDER.concat(Object.keys(stage.properties)).forEach(function (key) {
      if (!(key in entry) && (key in own || key in stage.properties)) {
        entry[key] = own[key] || stage.properties[key];
      }
    });
    return { top: { type: "object", title: "The dispute", required: ["id", "title",
      "opened", "immediate_risk", "categories", "child", "challenger", "challenged"],
      properties: props }, stage: { type: "object", title: "Stage",
      required: Object.keys(entry),  // no "Fill in" boxes: what is shown is asked (see refresh)
      properties: entry } };
  }

  /** Drop what was left empty: blank text, empty objects and lists. */
  function prune(value) {
    if (Array.isArray(value)) {
      var items = value.map(prune).filter(function (v) { return v !== undefined; });
      return items.length ? items : undefined;
    }
    if (value && typeof value === "object") {
      var kept = {};
      Object.keys(value).forEach(function (key) {
        var v = prune(value[key]);
        if (v !== undefined) kept[key] = v;
      });
      return Object.keys(kept).length ? kept : undefined;
    }
    return value === "" ? undefined : value;
  }

  /** The form for a new dispute: {row, get(), refresh(), problems(data)}. */
  function startForm(form, root, policy) {
    var schemas = startSchema(root);
    var stages = policy.stages || {};
    var top = form.object(schemas.top, "", "", true);
    var entry = form.object(schemas.stage, "stages.0", "First stage", true);
    entry.row.querySelector("legend").textContent = "The stage it starts at";
    top.row.appendChild(entry.row);
    form.register({ path: "stages", label: "Stages", row: entry.row, focus: entry.focus });
    var number = function () { return entry.value("stage") || 1; };
    var needs = function (n) { return (stages[n] || {}).needs || []; };
    var stageSelect = form.widgets["stages.0.stage"].focus;
    Array.prototype.forEach.call(stageSelect.options, function (option) {
      var named = stages[option.value] && stages[option.value].name;
      if (named) option.textContent = option.value + ": " + named;
    });
    entry.children.forEach(function (child) {
      if (child.key === "stage" || child.key === "started") return;
      child.when = function () {
        var n = number();
        return needs(n).indexOf(child.key) >= 0 || (EXTRAS[n] || []).indexOf(child.key) >= 0;
      };
    });
    var opened = form.widgets.opened;
    if (opened && !opened.focus.value) opened.focus.value = today();  // the default, as `new`
    function refresh() {
      top.refresh();
      entry.refresh();
      var n = number();
      entry.children.forEach(function (child) {
        if (!child.row.hidden && child.key !== "stage") {
          markRequired(child, needs(n).indexOf(child.key) >= 0);
        }
      });
      Object.keys(WORKERS).forEach(function (need) {
        var worker = form.widgets[WORKERS[need] + ".worker"];
        if (worker) markRequired(worker, needs(n).indexOf(need) >= 0);
      });
    }
    return {
      row: top.row,
      refresh: refresh,
      get: function () {
        var data = top.get();
        var first = entry.get();
        first.started = first.started || data.opened;
        data.version = 2;
        data.status = "open";
        data.stages = [first];
        data = prune(data);
        data.categories = data.categories || [];  // none ticked: the check says to tick one
        return data;
      },
      /** What the policy says the first stage needs and the record lacks. */
      problems: function (data) {
        var n = (data.stages && data.stages[0] && data.stages[0].stage) || 1;
        return needs(n).filter(function (need) {
          return need in WORKERS ? !(data[WORKERS[need]] || {}).worker
            : !(data.stages && data.stages[0] && data.stages[0][need] !== undefined);
        }).map(function (need) {
          var path = need in WORKERS ? WORKERS[need] + ".worker.name" : "stages.0." + need;
          var name = (stages[n] || {}).name;
          return { path: path, message: "fill this in: the policy asks for it at stage " + n +
            (name ? " (" + name + ")" : "") };
        });
      },
    };
  }

  NR.startForm = startForm;
  NR.prune = prune;
})(window.disputesNewRecord = window.disputesNewRecord || {});
