/* The record as Markdown: YAML front matter in the schema's key order, then the
 * form's headings. Quotes only what YAML would otherwise misread. */
(function (NR) {
  "use strict";
  var resolve = NR.resolve, DATE_KEYS = NR.DATE_KEYS, BODY_HEADINGS = NR.BODY_HEADINGS;
  var FORMAT_2_HEADINGS = NR.FORMAT_2_HEADINGS;

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
    var format2 = data.version >= 2;  // the stage model's headings, as `disputes new` writes
    if (format2) section("##", FORMAT_2_HEADINGS[0], "");
    section("##", BODY_HEADINGS[2], body[BODY_HEADINGS[2]]);
    if (format2) section("##", FORMAT_2_HEADINGS[1], "");
    section("##", BODY_HEADINGS[3], body[BODY_HEADINGS[3]]);
    return lines.join("\n") + "\n";
  }

  NR.scalar = scalar;
  NR.yamlLines = mapping;
  NR.markdown = markdown;
})(window.disputesNewRecord = window.disputesNewRecord || {});
