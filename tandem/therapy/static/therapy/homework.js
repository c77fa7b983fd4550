// The homework form: show only the fields the chosen kind (and worksheet source) needs.
// Without JavaScript every field shows, and the server checks what each kind needs.
(function () {
  "use strict";
  var form = document.getElementById("homework-form");
  if (!form) return;
  var NEEDS = {
    worksheet: ["source", "step", "goal", "prompts"],
    questionnaire: ["instrument"],
    reading: ["reading_url", "reading_text"],
    task: []
  };
  var OPTIONAL = ["source", "step", "goal", "prompts", "instrument", "reading_url", "reading_text"];
  var SOURCE_FIELDS = { custom: ["prompts"], step: ["step"], plan: ["goal"] };

  function field(name) {
    var input = form.querySelector("[name='" + name + "']");
    return input ? input.closest(".field") : null;
  }
  function checked(name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    return input ? input.value : "";
  }
  function update() {
    var kind = checked("kind") || "worksheet";
    var shown = (NEEDS[kind] || []).slice();
    if (kind === "worksheet") {
      var source = checked("source") || "custom";
      shown = ["source"].concat(SOURCE_FIELDS[source] || []);
    }
    OPTIONAL.forEach(function (name) {
      var box = field(name);
      if (box) box.hidden = shown.indexOf(name) === -1;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "kind" || event.target.name === "source") update();
  });
  update();
})();
