// The New record page's download: the answers laid out as the hosting site lays out an
// answered issue form ("### Question", a blank line, the answer), saved as a text file.
// Nothing is checked here: `disputes request --file` checks the answers with the register's
// own rules. Works offline and on plain http (a file made in the page, nothing sent).
(function () {
  "use strict";
  var form = document.getElementById("route-form");
  if (!form) { return; }
  function answer(row) {
    var box = row.querySelector("input[type=checkbox]");
    if (box) {
      return "- [" + (box.checked ? "X" : " ") + "] " + box.parentNode.textContent.trim();
    }
    var select = row.querySelector("select");
    if (select) {
      var chosen = [];
      for (var i = 0; i < select.options.length; i += 1) {
        if (select.options[i].selected && select.options[i].value) {
          chosen.push(select.options[i].value);
        }
      }
      return chosen.join(", ");
    }
    var field = row.querySelector("input, textarea");
    return field ? field.value.trim() : "";
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var parts = [];
    var rows = form.querySelectorAll(".route-question");
    for (var i = 0; i < rows.length; i += 1) {
      var text = answer(rows[i]);
      parts.push("### " + rows[i].getAttribute("data-label") + "\n\n" + (text || "_No response_"));
    }
    var file = new Blob([parts.join("\n\n") + "\n"], { type: "text/plain;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(file);
    link.download = "raise-a-dispute.txt";
    document.body.appendChild(link);
    link.click();
    link.remove();
    var done = document.getElementById("route-downloaded");
    if (done) { done.hidden = false; done.focus(); }
  });
}());
