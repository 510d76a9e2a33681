/* The "new record" form: built from the record schema, checked in the browser with
 * the same rules as `disputes validate`, producing the record's Markdown file.
 * Plain JavaScript, no libraries, nothing fetched from outside the site. */
(function () {
  "use strict";

  // Mirrors disputes.model.BODY_HEADINGS and REQUIRED_WHEN_RESOLVED (a test checks).
  var BODY_HEADINGS = [
    "Summary of reason for dispute",
    "Views of the agencies",
    "Agreed outcomes and actions",
    "Additional notes",
  ];
  var REQUIRED_WHEN_RESOLVED = ["Summary of reason for dispute", "Agreed outcomes and actions"];
  var DATE_KEYS = ["opened", "started", "raised", "group_date", "date"];
  var STAGE_NOTE = /^Stage (\d):/;

  // ---------------------------------------------------------------- schema helpers

  /** The schema with any local $ref replaced by its target (sibling keys win). */
  function resolve(schema, root) {
    if (!schema || !schema.$ref) return schema || {};
    var target = schema.$ref.replace(/^#\//, "").split("/").reduce(function (node, key) {
      return node[key];
    }, root);
    var merged = Object.assign({}, resolve(target, root));
    Object.keys(schema).forEach(function (key) {
      if (key !== "$ref") merged[key] = schema[key];
    });
    return merged;
  }

  /** Conditions like {if: {properties: {status: {const: "resolved"}}}, then: {required: [...]}}. */
  function conditions(schema) {
    var found = {};
    (schema.allOf || []).forEach(function (rule) {
      var props = (rule.if && rule.if.properties) || {};
      var keys = Object.keys(props);
      if (keys.length !== 1 || !("const" in props[keys[0]])) return;
      var needed = (rule.then && rule.then.required) || [];
      needed.forEach(function (name) {
        found[name] = { key: keys[0], value: props[keys[0]].const };
      });
    });
    return found;
  }

  function isDateSchema(schema) {
    return typeof schema.pattern === "string" &&
      schema.pattern.indexOf("^[0-9]{4}-[0-9]{2}-[0-9]{2}") === 0;
  }

  // ---------------------------------------------------------------- DOM helpers

  function make(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") el.textContent = attrs[key];
      else el.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) el.appendChild(child); });
    return el;
  }

  function fieldId(path) { return "nr-" + path.replace(/[^A-Za-z0-9]+/g, "-"); }

  // ---------------------------------------------------------------- widgets
  // A widget: {path, label, schema, row, focus, get(), refresh()}; `row` holds the
  // widget, its hint and its error message.

  function Form(schema, agencies) {
    this.root = schema;
    this.widgets = {};
    this.agencies = agencies || [];
  }

  Form.prototype.register = function (widget) {
    this.widgets[widget.path] = widget;
    return widget;
  };

  Form.prototype.field = function (schema, path, label, required) {
    var s = resolve(schema, this.root);
    if (s.type === "object") return this.object(s, path, label, required);
    if (s.type === "array") {
      var items = resolve(s.items, this.root);
      if (items.type === "object") return this.list(s, items, path, label);
      if (items.enum) return this.checkboxes(s, items, path, label);
      return this.lines(s, path, label, required);
    }
    if (s.type === "boolean") return this.checkbox(s, path, label);
    return this.input(s, path, label, required);
  };

  Form.prototype.row = function (s, path, label, control, required) {
    var hint = s.description ? make("p", { class: "nr-hint", id: fieldId(path) + "-hint",
      text: s.description }) : null;
    var title = make("label", { for: fieldId(path), text: label.split(" › ").pop() +
      (required ? "" : " (optional)") });
    var error = make("p", { class: "nr-error", id: fieldId(path) + "-error", hidden: "" });
    return make("div", { class: "nr-row", "data-path": path }, [title, hint, error, control]);
  };

  Form.prototype.input = function (s, path, label, required) {
    var control;
    var id = fieldId(path);
    if (s.enum || (s.type === "integer" && s.maximum - s.minimum <= 10)) {
      var values = s.enum || [];
      for (var n = s.minimum; !s.enum && n <= s.maximum; n++) values.push(n);
      control = make("select", { id: id, name: path });
      if (!required) control.appendChild(make("option", { value: "", text: "(not given)" }));
      values.forEach(function (v) {
        control.appendChild(make("option", { value: String(v), text: String(v) }));
      });
    } else if (s.type === "string" && !s.pattern && !s.maxLength) {
      control = make("textarea", { id: id, name: path, rows: "3" });
    } else {
      var type = isDateSchema(s) ? "date" : /@/.test(s.pattern || "") ? "email" : "text";
      control = make("input", { id: id, name: path, type: type });
      if (/agency/.test(path) && this.agencies.length) control.setAttribute("list", "nr-agencies");
    }
    control.setAttribute("aria-describedby", id + "-hint " + id + "-error");
    var integer = s.type === "integer";
    return this.register({
      path: path, label: label, schema: s, row: this.row(s, path, label, control, required),
      focus: control,
      get: function () {
        var value = control.value.trim();
        if (value === "") return undefined;
        return integer ? parseInt(value, 10) : value;
      },
      set: function (value) { control.value = value === undefined ? "" : String(value); },
      refresh: function () {},
    });
  };

  Form.prototype.checkbox = function (s, path, label) {
    var box = make("input", { type: "checkbox", id: fieldId(path), name: path });
    var row = this.row(s, path, label, box, true);
    row.classList.add("nr-check");
    return this.register({
      path: path, label: label, schema: s, row: row, focus: box,
      get: function () { return box.checked; },
      refresh: function () {},
    });
  };

  Form.prototype.checkboxes = function (s, items, path, label) {
    var boxes = items.enum.map(function (value) {
      var box = make("input", { type: "checkbox", name: path, value: value,
        id: fieldId(path + "-" + value) });
      return make("label", { class: "nr-choice" }, [box, document.createTextNode(" " + value)]);
    });
    var group = make("div", { class: "nr-choices", id: fieldId(path), tabindex: "-1" }, boxes);
    return this.register({
      path: path, label: label, schema: s, row: this.row(s, path, label, group, true),
      focus: group,
      get: function () {
        return boxes.map(function (l) { return l.firstChild; })
          .filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      },
      refresh: function () {},
    });
  };

  Form.prototype.lines = function (s, path, label, required) {
    var area = make("textarea", { id: fieldId(path), name: path, rows: "3" });
    var hint = Object.assign({}, s, { description: (s.description || "") + " One per line." });
    return this.register({
      path: path, label: label, schema: s, row: this.row(hint, path, label, area, required),
      focus: area,
      get: function () {
        var values = area.value.split("\n").map(function (v) { return v.trim(); })
          .filter(Boolean);
        return values.length ? values : undefined;
      },
      refresh: function () {},
    });
  };

  Form.prototype.object = function (s, path, label, required) {
    var self = this;
    var name = path ? label.split(" › ").pop() : s.title || "The record";
    var legend = make("legend", { text: name + (required ? "" : " (optional)") });
    var fieldset = make("fieldset", { class: "nr-group", id: fieldId(path || "record") }, [legend]);
    if (s.description && path) {
      fieldset.appendChild(make("p", { class: "nr-hint", text: s.description }));
    }
    var error = make("p", { class: "nr-error", id: fieldId(path || "record") + "-error",
      hidden: "" });
    fieldset.appendChild(error);
    var when = conditions(s);
    var needed = s.required || [];
    var children = Object.keys(s.properties || {}).map(function (key) {
      var childPath = path ? path + "." + key : key;
      var childLabel = label ? label + " › " + self.title(s.properties[key], key) : self.title(s.properties[key], key);
      var child = self.field(s.properties[key], childPath, childLabel,
        needed.indexOf(key) >= 0 || key in when);
      child.key = key;
      child.when = when[key] || self.stageNote(s, key);
      fieldset.appendChild(child.row);
      return child;
    });
    var toggle = null;
    if (!required && path) {
      toggle = make("input", { type: "checkbox", id: fieldId(path) + "-add", name: path + "+" });
      var add = make("label", { class: "nr-add" }, [toggle,
        document.createTextNode(" Fill in " + legend.textContent.replace(" (optional)", ""))]);
      fieldset.insertBefore(add, fieldset.children[1]);
    }
    var widget = {
      path: path, label: label, schema: s, row: fieldset, focus: toggle || fieldset,
      children: children,
      value: function (key) {
        var child = children.filter(function (c) { return c.key === key; })[0];
        return child ? child.get() : undefined;
      },
      get: function () {
        if (toggle && !toggle.checked) return undefined;
        var data = {};
        children.forEach(function (child) {
          var value = child.row.hidden ? undefined : child.get();
          if (value !== undefined) data[child.key] = value;
        });
        return data;
      },
      refresh: function () {
        children.forEach(function (child) {
          var shown = !toggle || toggle.checked;
          if (child.when) shown = shown && widget.value(child.when.key) === child.when.value;
          child.row.hidden = !shown;
          child.refresh();
        });
      },
    };
    if (!path) fieldset.classList.add("nr-record");
    return this.register(widget);
  };

  /** A property described "Stage 3: ..." is shown only on stage 3 entries. */
  Form.prototype.stageNote = function (s, key) {
    var match = STAGE_NOTE.exec(resolve(s.properties[key], this.root).description || "");
    if (!match || !s.properties.stage) return null;
    return { key: "stage", value: parseInt(match[1], 10) };
  };

  Form.prototype.title = function (schema, key) {
    return resolve(schema, this.root).title || key;
  };

  Form.prototype.list = function (s, items, path, label) {
    var self = this;
    var entries = [];
    var box = make("div", { class: "nr-list" });
    var add = make("button", { type: "button", class: "nr-button", id: fieldId(path) + "-add",
      text: "Add the next stage" });
    var remove = make("button", { type: "button", class: "nr-button nr-secondary",
      id: fieldId(path) + "-remove", text: "Remove the last stage" });
    var widget;
    function grow() {
      var index = entries.length;
      var entry = self.object(items, path + "." + index, label + ", entry " + (index + 1), true);
      entries.push(entry);
      box.appendChild(entry.row);
      var stage = entry.children.filter(function (c) { return c.key === "stage"; })[0];
      if (stage && index > 0) stage.set((entries[index - 1].value("stage") || index) + 1);
      widget.refresh();
    }
    function shrink() {
      if (entries.length <= (s.minItems || 0)) return;
      var entry = entries.pop();
      box.removeChild(entry.row);
      Object.keys(self.widgets).forEach(function (key) {
        if (key === entry.path || key.indexOf(entry.path + ".") === 0) delete self.widgets[key];
      });
    }
    var controls = make("div", { class: "nr-list-controls" }, [add, remove]);
    var row = this.row(s, path, label, make("div", {}, [box, controls]), true);
    widget = this.register({
      path: path, label: label, schema: s, row: row, focus: add,
      get: function () { return entries.map(function (e) { return e.get(); }); },
      entries: entries,
      refresh: function () { entries.forEach(function (e) { e.refresh(); }); },
    });
    add.addEventListener("click", grow);
    remove.addEventListener("click", shrink);
    for (var i = 0; i < Math.max(1, s.minItems || 0); i++) grow();
    return widget;
  };

  // ---------------------------------------------------------------- the same rules as the schema

  function Checker(root) { this.root = root; this.errors = []; }

  Checker.prototype.fail = function (path, message, schema) {
    this.errors.push({ path: path, message: (schema && schema["x-message"]) || message });
  };

  Checker.prototype.passes = function (schema, value, path) {
    var probe = new Checker(this.root);
    probe.check(schema, value, path);
    return probe.errors.length === 0;
  };

  Checker.prototype.check = function (schema, value, path) {
    var s = resolve(schema, this.root);
    var before = this.errors.length;
    if ("const" in s && value !== s.const) this.fail(path, "must be " + s.const, s);
    if (s.enum && s.enum.indexOf(value) < 0) {
      this.fail(path, "choose one of: " + s.enum.join(", "), s);
    }
    if (this.errors.length === before) this.checkType(s, value, path);
    this.checkCombined(s, value, path);
  };

  Checker.prototype.checkType = function (s, value, path) {
    if (typeof value === "string") this.checkString(s, value, path);
    else if (typeof value === "number") this.checkNumber(s, value, path);
    else if (Array.isArray(value)) this.checkArray(s, value, path);
    else if (value && typeof value === "object") this.checkObject(s, value, path);
  };

  Checker.prototype.checkString = function (s, value, path) {
    if (s.minLength && value.length < s.minLength) {
      this.fail(path, "write at least " + s.minLength + " characters", s);
    } else if (s.maxLength && value.length > s.maxLength) {
      this.fail(path, "write at most " + s.maxLength + " characters (now " + value.length + ")", s);
    } else if (s.pattern && !new RegExp(s.pattern).test(value)) {
      this.fail(path, isDateSchema(s) ? "give a date as YYYY-MM-DD" :
        "this does not look right. " + (s.description || "It does not match " + s.pattern), s);
    } else if (s.format === "date" && !realDate(value)) {
      this.fail(path, value + " is not a real date", s);
    }
  };

  Checker.prototype.checkNumber = function (s, value, path) {
    if ("minimum" in s && value < s.minimum) this.fail(path, "must be " + s.minimum + " or more", s);
    if ("maximum" in s && value > s.maximum) this.fail(path, "must be " + s.maximum + " or less", s);
  };

  Checker.prototype.checkArray = function (s, value, path) {
    var self = this;
    if (s.minItems && value.length < s.minItems) {
      this.fail(path, s.minItems === 1 ? "give at least one" : "give at least " + s.minItems, s);
    }
    if (s.maxItems && value.length > s.maxItems) this.fail(path, "give at most " + s.maxItems, s);
    if (s.uniqueItems && new Set(value.map(JSON.stringify)).size < value.length) {
      this.fail(path, "give each value only once", s);
    }
    value.forEach(function (item, i) {
      var itemSchema = (s.prefixItems && s.prefixItems[i]) || s.items;
      if (itemSchema) self.check(itemSchema, item, path + "." + i);
      if (s.prefixItems && s.prefixItems[i] && s.items) self.check(s.items, item, path + "." + i);
    });
  };

  Checker.prototype.checkObject = function (s, value, path) {
    var self = this;
    (s.required || []).forEach(function (key) {
      if (!(key in value)) self.fail(join(path, key), "fill this in");
    });
    Object.keys(s.properties || {}).forEach(function (key) {
      if (key in value) self.check(s.properties[key], value[key], join(path, key));
    });
  };

  Checker.prototype.checkCombined = function (s, value, path) {
    var self = this;
    (s.allOf || []).forEach(function (part) { self.check(part, value, path); });
    if (s.if) {
      var branch = this.passes(s.if, value, path) ? s.then : s.else;
      if (branch) this.check(branch, value, path);
    }
    if (s.not && s.not.required && value && typeof value === "object") {
      var present = s.not.required.filter(function (key) { return key in value; });
      if (present.length === s.not.required.length) {
        this.fail(join(path, present[0]), "leave this out here", s.not);
      }
    }
  };

  function join(path, key) { return path ? path + "." + key : key; }

  function realDate(text) {
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === text;
  }

  // ---------------------------------------------------------------- the validator's other rules

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function futureDates(data, path, day, errors) {
    Object.keys(data || {}).forEach(function (key) {
      var value = data[key];
      var here = join(path, key);
      if (value && typeof value === "object") futureDates(value, here, day, errors);
      else if (DATE_KEYS.indexOf(key) >= 0 && typeof value === "string" &&
        value.slice(0, 10) > day) {
        errors.push({ path: here, message: value.slice(0, 10) + " is after today (" + day +
          "); a record describes what has happened, so check the date" });
      }
    });
  }

  function stageRules(data, errors) {
    var stages = data.stages || [];
    stages.forEach(function (stage, i) {
      var here = "stages." + i;
      var before = stages[i - 1];
      if (before && stage.stage !== before.stage + 1) {
        errors.push({ path: here + ".stage", message: "the stage after stage " + before.stage +
          " is stage " + (before.stage + 1) + "; stages go in order, each once, with no gaps" });
      }
      if (stage.started && (before ? before.started && stage.started.slice(0, 10) <
        before.started.slice(0, 10) : data.opened && stage.started < data.opened)) {
        errors.push({ path: here + ".started", message: "this stage cannot start before " +
          (before ? "the stage before it (" + before.started + ")" : "the date opened") });
      }
      if (stage.stage === 5 && stage.panel && new Set(stage.panel).size < 3) {
        errors.push({ path: here + ".panel", message: "the QAPM group needs at least three " +
          "different agencies: write one agency per line" });
      }
    });
  }

  function closingRules(data, body, errors) {
    var stages = data.stages || [];
    var last = stages[stages.length - 1];
    var res = data.resolution;
    if (res && last && res.stage !== undefined && res.stage !== last.stage) {
      errors.push({ path: "resolution.stage", message: "a dispute is resolved at its last " +
        "stage; the last stage in Stages is " + last.stage });
    }
    if (res && last && res.date && last.started && res.date < last.started.slice(0, 10)) {
      errors.push({ path: "resolution.date", message: "the resolution cannot come before " +
        "the last stage started (" + last.started + ")" });
    }
    if (res && res.stage >= 3 && !data.sign_off) {
      errors.push({ path: "sign_off", message: "a dispute resolved at stage 3 or later needs " +
        "both managers' sign-off: tick \"Fill in Sign-off\" and give both" });
    }
    if (data.status === "resolved") {
      REQUIRED_WHEN_RESOLVED.forEach(function (heading) {
        if (!body[heading]) {
          errors.push({ path: "body." + BODY_HEADINGS.indexOf(heading), message: "a resolved " +
            "dispute needs this section of the form filled in" });
        }
      });
    }
  }

  function idRule(data, errors) {
    if (data.id && data.opened && data.id.slice(3, 7) !== data.opened.slice(0, 4)) {
      errors.push({ path: "id", message: "the id's year (" + data.id.slice(3, 7) + ") must be " +
        "the year the dispute was opened (" + data.opened.slice(0, 4) + ")" });
    }
  }

  function checkRecord(root, data, body) {
    var checker = new Checker(root);
    checker.check(root, data, "");
    var errors = checker.errors;
    futureDates(data, "", today(), errors);
    stageRules(data, errors);
    closingRules(data, body, errors);
    idRule(data, errors);
    return errors;
  }

  // ---------------------------------------------------------------- the record as Markdown

  var RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

  /** A value as YAML: dates of date fields and ordinary words plain, anything else quoted. */
  function scalar(value, key) {
    if (typeof value !== "string") return String(value);
    if (DATE_KEYS.indexOf(key) >= 0 && /^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]+)?$/.test(value)) {
      return value;
    }
    if (/^[A-Za-z][A-Za-z0-9 '()./&@_+-]*$/.test(value) && !RESERVED.test(value) &&
      !/ $/.test(value)) return value;
    return quoted(value);
  }

  /** A YAML double-quoted scalar: JSON's escapes, plus characters YAML reads as line
   * breaks (NEL, LS, PS) or refuses (DEL, C1 controls, non-characters). */
  function quoted(value) {
    return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g,
      function (c) { return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4); });
  }

  function isScalar(value) { return value === null || typeof value !== "object"; }

  function orderedKeys(value, schema, root) {
    var s = resolve(schema, root);
    var known = Object.keys(s.properties || {});
    return known.filter(function (k) { return k in value; })
      .concat(Object.keys(value).filter(function (k) { return known.indexOf(k) < 0; }));
  }

  function mapping(value, schema, root, indent, depth) {
    var pad = new Array(indent + 1).join(" ");
    var s = resolve(schema, root);
    var lines = [];
    orderedKeys(value, s, root).forEach(function (key) {
      var v = value[key];
      var sub = (s.properties || {})[key] || {};
      if (isScalar(v)) lines.push(pad + key + ": " + scalar(v, key));
      else if (Array.isArray(v) && v.every(isScalar)) {
        lines.push(pad + key + ": [" + v.map(function (item) { return scalar(item); })
          .join(", ") + "]");
      } else if (Array.isArray(v)) {
        lines.push(pad + key + ":");
        var items = resolve(sub, root).items;
        v.forEach(function (item) {
          var inner = mapping(item, items, root, indent + 4, depth + 2);
          inner[0] = pad + "  - " + inner[0].slice(indent + 4);
          lines.push.apply(lines, inner);
        });
      } else if (depth >= 1 && Object.keys(v).every(function (k) { return isScalar(v[k]); })) {
        lines.push(pad + key + ": {" + orderedKeys(v, sub, root).map(function (k) {
          return k + ": " + scalar(v[k], k);
        }).join(", ") + "}");
      } else {
        lines.push(pad + key + ":");
        lines.push.apply(lines, mapping(v, sub, root, indent + 2, depth + 1));
      }
    });
    return lines;
  }

  function markdown(root, data, body) {
    var lines = ["---"].concat(mapping(data, root, root, 0, 0), ["---"]);
    function section(level, heading, text) {
      lines.push(level + " " + heading, "");
      if (text) lines.push(text.replace(/\r\n?/g, "\n").trim(), "");
    }
    section("##", BODY_HEADINGS[0], body[BODY_HEADINGS[0]]);
    section("##", BODY_HEADINGS[1], "");
    section("###", (data.challenger || {}).agency || "Challenging agency", body.challengerView);
    section("###", (data.challenged || {}).agency || "Challenged agency", body.challengedView);
    section("##", BODY_HEADINGS[2], body[BODY_HEADINGS[2]]);
    section("##", BODY_HEADINGS[3], body[BODY_HEADINGS[3]]);
    return lines.join("\n") + "\n";
  }

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

  function repository(container) {
    var source = document.querySelector("a.md-source");
    var url = container.getAttribute("data-repo-url") || (source && source.href) || "";
    return url.replace(/\.git$/, "").replace(/\/+$/, "");
  }

  function createFileLink(repo, branch, path, text) {
    if (/gitlab/i.test(repo)) {
      return repo + "/-/new/" + branch + "?file_name=" + encodeURIComponent(path) +
        "&content=" + encodeURIComponent(text);
    }
    return repo + "/new/" + branch + "?filename=" + encodeURIComponent(path) +
      "&value=" + encodeURIComponent(text);
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
    var repo = repository(form.container);
    if (repo) {
      var url = createFileLink(repo, form.container.getAttribute("data-branch") || "main",
        path, text);
      result.appendChild(make("a", { class: "nr-button", id: "nr-create", href: url,
        target: "_blank", rel: "noopener", text: "Open a pull request with this record" }));
      result.appendChild(make("p", { class: "nr-hint", text: "This opens the register's " +
        "\"create a new file\" page with the record filled in. Choose \"Create a new branch " +
        "and start a pull request\", then answer the questions in the pull request." }));
    }
    result.appendChild(make("p", { class: "nr-hint", text: "Or save the file as " + path +
      " in your copy of the register and run: disputes validate " + path }));
    result.appendChild(make("pre", { id: "nr-preview", text: text }));
  }

  /** Resolution's stage starts as the last stage, until the user chooses one. */
  function followLastStage(form) {
    var chosen = form.widgets["resolution.stage"];
    var stages = form.widgets.stages;
    if (!chosen || !stages || chosen.focus.dataset.touched) return;
    var last = stages.entries[stages.entries.length - 1];
    if (last && last.value("stage")) chosen.set(last.value("stage"));
  }

  function build(container, schema, agencies) {
    var form = new Form(schema, agencies);
    form.container = container;
    var top = form.object(schema, "", "", true);
    var body = bodyFields(form);
    var summary = make("div", { class: "nr-summary", id: "nr-summary", role: "alert",
      tabindex: "-1", hidden: "" });
    var check = make("button", { type: "submit", class: "nr-button", id: "nr-check",
      text: "Check the record" });
    var result = make("section", { class: "nr-result", id: "nr-result", hidden: "" });
    var element = make("form", { id: "nr-form", novalidate: "" }, [summary, top.row, body.row,
      check]);
    if (agencies.length) {
      element.appendChild(make("datalist", { id: "nr-agencies" }, agencies.map(function (a) {
        return make("option", { value: a });
      })));
    }
    element.addEventListener("input", function () { top.refresh(); });
    element.addEventListener("change", function () {
      top.refresh();
      followLastStage(form);
    });
    element.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = top.get();
      var text = body.get();
      var errors = checkRecord(schema, data, text);
      showErrors(form, errors, summary);
      result.hidden = true;
      if (!errors.length) showResult(form, result, data, markdown(schema, data, text));
    });
    var chosen = form.widgets["resolution.stage"];
    if (chosen) {
      chosen.focus.addEventListener("change", function () { chosen.focus.dataset.touched = "1"; });
    }
    container.innerHTML = "";
    container.appendChild(element);
    container.appendChild(result);
    top.refresh();
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status + " " + response.statusText);
      return response.json();
    });
  }

  function start() {
    var container = document.getElementById("new-record");
    if (!container) return;
    var inline = document.getElementById("dispute-schema");
    var url = container.getAttribute("data-schema") || "../schema/dispute.schema.json";
    var schema = inline ? Promise.resolve(JSON.parse(inline.textContent)) : fetchJson(url);
    var agenciesUrl = container.getAttribute("data-agencies");
    var agencies = agenciesUrl ? fetchJson(agenciesUrl).then(function (data) {
      return Array.isArray(data) ? data : data.agencies || [];
    }).catch(function () { return []; }) : Promise.resolve([]);
    Promise.all([schema, agencies]).then(function (both) {
      build(container, both[0], both[1]);
    }).catch(function (error) {
      container.textContent = "The form could not load the record schema (" + error.message +
        "). Use the command line instead: disputes new";
      container.classList.add("nr-failed");
    });
  }

  window.disputesNewRecord = { markdown: markdown, checkRecord: checkRecord, scalar: scalar,
    yamlLines: mapping,
    BODY_HEADINGS: BODY_HEADINGS, REQUIRED_WHEN_RESOLVED: REQUIRED_WHEN_RESOLVED };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
