/* The "new record" form's fields, built from the record schema: one widget per
 * property, conditional ones shown only when their condition holds. */
(function (NR) {
  "use strict";
  var resolve = NR.resolve, conditions = NR.conditions, isDateSchema = NR.isDateSchema;

  var STAGE_NOTE = /^Stage (\d):/;

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

  /** The schema's descriptions are written for the register's maintainers; a manager reads
   * them in plain words, without file names or "true if". */
  function plainHint(text) {
    return text
      .replace(/One of the agencies in schema\/agencies\.yml\.?/g,
        "Choose the agency from the partnership's list.")
      .replace(/schema\/agencies\.yml/g, "the partnership's list of agencies")
      .replace(/^true if (.)/i, function (_, first) { return "Tick this box if " + first; })
      .replace(/\btrue\b/g, "ticked").replace(/\bfalse\b/g, "not ticked")
      .replace(/ Must equal the file name\./, " Filled in with the next free id.")
      .replace(/\b[a-z]+(?:-[a-z]+)+\b/g, function (code) { return code.replace(/-/g, " "); });
  }
  NR.plainHint = plainHint;

  /** A code such as need-for-action in words ("Need for action"); numbers stay as they are. */
  function inWords(code) {
    if (!/^[a-z]+([-_][a-z]+)*$/.test(code)) return code;
    var text = code.replace(/[-_]/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  NR.inWords = inWords;

  Form.prototype.row = function (s, path, label, control, required) {
    var hint = s.description ? make("p", { class: "nr-hint", id: fieldId(path) + "-hint",
      text: plainHint(s.description) }) : null;
    var text = label.split(" › ").pop() + (required ? "" : " (optional)");
    var id = fieldId(path);
    var labelable = /^(INPUT|SELECT|TEXTAREA)$/.test(control.tagName);
    var title = make(labelable ? "label" : "span", { class: "nr-label", id: id + "-label",
      text: text });
    if (labelable) title.setAttribute("for", id);
    else {  // a group of boxes or stages is named by its title, like a fieldset by its legend
      control.setAttribute("role", "group");
      control.setAttribute("aria-labelledby", id + "-label");
      control.setAttribute("aria-describedby", id + "-hint " + id + "-error");
    }
    var error = make("p", { class: "nr-error", id: id + "-error", hidden: "" });
    return make("div", { class: "nr-row", "data-path": path }, [title, hint, error, control]);
  };

  Form.prototype.input = function (s, path, label, required) {
    var control;
    var id = fieldId(path);
    if (/(^|\.)agency$/.test(path) && this.agencies.length) {  // chosen from the list
      control = make("select", { id: id, name: path });
      control.appendChild(make("option", { value: "", text: "(choose an agency)" }));
      this.agencies.forEach(function (agency) {
        control.appendChild(make("option", { value: agency, text: agency }));
      });
    } else if (s.enum || (s.type === "integer" && s.maximum - s.minimum <= 10)) {
      var values = s.enum || [];
      for (var n = s.minimum; !s.enum && n <= s.maximum; n++) values.push(n);
      control = make("select", { id: id, name: path });
      if (!required) control.appendChild(make("option", { value: "", text: "(not given)" }));
      values.forEach(function (v) {
        control.appendChild(make("option", { value: String(v), text: inWords(String(v)) }));
      });
    } else if (s.type === "string" && !s.pattern && !s.maxLength) {
      control = make("textarea", { id: id, name: path, rows: "3" });
    } else {
      var type = isDateSchema(s) ? "date" : /@/.test(s.pattern || "") ? "email" : "text";
      control = make("input", { id: id, name: path, type: type });
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
      return make("label", { class: "nr-choice" }, [box, document.createTextNode(" " + inWords(value))]);
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

  /** A fieldset holding one field per property; an optional one has a "Fill in" box. */
  Form.prototype.object = function (s, path, label, required) {
    var name = path ? label.split(" › ").pop() : s.title || "The record";
    var fieldset = this.fieldset(s, path, name + (required ? "" : " (optional)"));
    var children = this.properties(s, path, label, fieldset);
    var toggle = null;
    if (!required && path) {
      toggle = make("input", { type: "checkbox", id: fieldId(path) + "-add", name: path + "+" });
      var add = make("label", { class: "nr-add" }, [toggle,
        document.createTextNode(" Fill in " + name)]);
      fieldset.insertBefore(add, fieldset.children[1]);
    }
    return this.register(objectWidget(s, path, label, fieldset, children, toggle));
  };

  Form.prototype.fieldset = function (s, path, legend) {
    var id = fieldId(path || "record");
    var fieldset = make("fieldset", { class: path ? "nr-group" : "nr-group nr-record", id: id },
      [make("legend", { text: legend })]);
    if (s.description && path) {
      fieldset.appendChild(make("p", { class: "nr-hint", text: s.description }));
    }
    fieldset.appendChild(make("p", { class: "nr-error", id: id + "-error", hidden: "" }));
    return fieldset;
  };

  /** The object's properties as widgets, each knowing when it is shown. */
  Form.prototype.properties = function (s, path, label, fieldset) {
    var self = this;
    var when = conditions(s);
    var needed = s.required || [];
    // A field only a command writes to an existing record ("x-form": false) is not offered.
    return Object.keys(s.properties || {}).filter(function (key) {
      return s.properties[key]["x-form"] !== false;
    }).map(function (key) {
      var title = self.title(s.properties[key], key);
      var child = self.field(s.properties[key], path ? path + "." + key : key,
        label ? label + " › " + title : title, needed.indexOf(key) >= 0 || key in when);
      child.key = key;
      child.when = when[key] || self.stageNote(s, key);
      fieldset.appendChild(child.row);
      return child;
    });
  };

  function objectWidget(s, path, label, fieldset, children, toggle) {
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
          if (typeof child.when === "function") shown = shown && child.when(widget);
          else if (child.when) shown = shown && widget.value(child.when.key) === child.when.value;
          child.row.hidden = !shown;
          child.refresh();
        });
      },
    };
    return widget;
  }

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
      text: s["x-add"] || "Add the next stage" });
    var remove = make("button", { type: "button", class: "nr-button nr-secondary",
      id: fieldId(path) + "-remove", text: s["x-remove"] || "Remove the last stage" });
    var widget;
    function grow() {
      var index = entries.length;
      var entry = self.object(items, path + "." + index,
        (s["x-entry"] || label + ", entry") + " " + (index + 1), true);
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

  /** Say whether a shown field must be given: "(optional)" after its name, or not. */
  function markRequired(widget, required) {
    var title = widget.row.querySelector(":scope > .nr-label, :scope > legend");
    if (!title) return;
    var name = title.textContent.replace(/ \(optional\)$/, "");
    title.textContent = name + (required ? "" : " (optional)");
  }

  NR.Form = Form;
  NR.markRequired = markRequired;
  NR.make = make;
  NR.fieldId = fieldId;
})(window.disputesNewRecord = window.disputesNewRecord || {});
