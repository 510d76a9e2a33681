/* The "new record" form's checks: the record schema's rules, applied by a small JSON
 * Schema reader, and the validator's other rules, with messages in plain English. */
(function (NR) {
  "use strict";

  // Mirrors disputes.model.BODY_HEADINGS and REQUIRED_WHEN_RESOLVED (a test checks).
  var BODY_HEADINGS = [
    "Summary of reason for dispute",
    "Views of the agencies",
    "Agreed outcomes and actions",
    "Additional notes",
  ];
  var REQUIRED_WHEN_RESOLVED = ["Summary of reason for dispute", "Agreed outcomes and actions"];
  // Mirrors disputes.records.stagerules.STAGE_RECORD and OUTSTANDING: format 2's headings.
  var FORMAT_2_HEADINGS = ["Record of each stage", "Outstanding issues and how they will be pursued"];
  var DATE_KEYS = ["opened", "started", "raised", "referred", "group_date", "date"];

  // ---------------------------------------------------------------- schema helpers

  /** The schema with any local $ref replaced by its target (sibling keys win). A field an
   *  imported record may give as 'not recorded' names what it holds in "x-recorded". */
  function resolve(schema, root) {
    var ref = schema && (schema.$ref || schema["x-recorded"]);
    if (!ref) return schema || {};
    var target = ref.replace(/^#\//, "").split("/").reduce(function (node, key) {
      return node[key];
    }, root);
    var merged = Object.assign({}, resolve(target, root));
    Object.keys(schema).forEach(function (key) {
      if (key !== "$ref" && key !== "x-recorded") merged[key] = schema[key];
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
      if (key === "group_date" && data.referred) return;  // a referral names the day it meets
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
      var agencies = (stage.panel || []).map(function (p) { return p.agency || p; });
      if (stage.stage === 5 && stage.panel && new Set(agencies).size < 3) {
        errors.push({ path: here + ".panel", message: "the QAPM panel needs representatives " +
          "of at least three different agencies" });
      }
    });
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
    idRule(data, errors);
    return errors;
  }

  NR.BODY_HEADINGS = BODY_HEADINGS;
  NR.REQUIRED_WHEN_RESOLVED = REQUIRED_WHEN_RESOLVED;
  NR.DATE_KEYS = DATE_KEYS;
  NR.FORMAT_2_HEADINGS = FORMAT_2_HEADINGS;
  NR.today = today;
  NR.resolve = resolve;
  NR.conditions = conditions;
  NR.isDateSchema = isDateSchema;
  NR.checkRecord = checkRecord;
})(window.disputesNewRecord = window.disputesNewRecord || {});
