// Questionnaire page: opens the crisis card as soon as a safety answer is chosen, and on small
// screens shows one question at a time with progress, Back and Next. Without script the whole
// form works as one page; the server checks everything again.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form) return;

  // --- Safety: the crisis card opens the moment a safety rule fires -------------------------
  var rulesElement = document.getElementById("safety-rules");
  var rules = rulesElement ? JSON.parse(rulesElement.textContent).items : [];
  var card = document.getElementById("safety-card");

  function fires(rule) {
    var checked = form.querySelector('input[name="' + rule.field + '"]:checked');
    if (!checked) return false;
    var value = parseInt(checked.value, 10);
    if (rule.operator === ">=") return value >= rule.value;
    if (rule.operator === ">") return value > rule.value;
    return value === rule.value;
  }

  function checkSafety() {
    if (!card || !card.hidden) return false;
    if (rules.some(fires)) {
      card.hidden = false;
      card.focus();
      card.scrollIntoView({ block: "start" });
      return true;
    }
    return false;
  }

  // --- One question per screen on phones ------------------------------------------------------
  var steps = Array.prototype.slice.call(form.querySelectorAll(".step"));
  var questions = steps.filter(function (s) { return s.classList.contains("question"); });
  var pager = document.getElementById("pager");
  var progress = document.getElementById("progress");
  var progressNow = document.getElementById("progress-now");
  var progressBar = document.getElementById("progress-bar");
  var back = document.getElementById("pager-back");
  var next = document.getElementById("pager-next");
  var small = window.matchMedia("(max-width: 47.99rem)");
  var current = 0;
  var paged = false;

  function answered(step) {
    return !step.classList.contains("question") || step.querySelector("input:checked") !== null;
  }

  function firstOpen() {
    for (var i = 0; i < questions.length; i++) {
      if (!answered(questions[i]) || questions[i].querySelector(".errorlist")) return i;
    }
    return steps.length - 1;
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    var shown = Math.min(current + 1, questions.length);
    progressNow.textContent = String(shown);
    progressBar.value = shown;
    back.disabled = current === 0;
    next.hidden = current === steps.length - 1;
    next.textContent = current === questions.length - 1 ? (next.dataset.last || "Last step") : (next.dataset.next || "Next");
    if (focus) steps[current].focus();
  }

  function enable() {
    paged = true;
    form.classList.add("paged");
    pager.hidden = false;
    progress.hidden = false;
    show(firstOpen(), false);
  }

  function disable() {
    paged = false;
    form.classList.remove("paged");
    pager.hidden = true;
    progress.hidden = true;
    steps.forEach(function (step) { step.hidden = false; });
  }

  function apply() { if (small.matches) enable(); else disable(); }

  back.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });

  form.addEventListener("change", function (event) {
    var openedCard = checkSafety();
    if (!paged || openedCard || event.target.type !== "radio") return;
    var step = event.target.closest(".question");
    if (step && step === steps[current] && current < questions.length) {
      window.setTimeout(function () { if (steps[current] === step) show(current + 1, true); }, 250);
    }
  });

  if (small.addEventListener) small.addEventListener("change", apply);
  apply();
})();
