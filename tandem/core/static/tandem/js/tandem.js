// Site-wide behaviour: quick exit (button, or Shift pressed three times). No inline script anywhere.
(function () {
  "use strict";
  var body = document.body;
  var exitUrl = body.dataset.quickExitUrl || "about:blank";
  var endpoint = body.dataset.quickExitEndpoint;

  function quickExit(event) {
    if (event) event.preventDefault();
    try { sessionStorage.clear(); } catch (e) { /* private mode */ }
    document.title = "";
    body.replaceChildren();
    // The endpoint ends the session, then redirects to the neutral site; replace() leaves no
    // Back-button entry for this page.
    window.location.replace(endpoint || exitUrl);
  }

  var button = document.getElementById("quick-exit");
  if (button) button.addEventListener("click", quickExit);

  var shiftPresses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < 1500; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) quickExit();
  });

  // On sign-up, preselect the browser's own time zone (the person can still change it).
  var zone = document.getElementById("id_time_zone");
  if (zone && zone.value === "UTC" && document.querySelector("form[action$='/account/signup/']")) {
    try {
      var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
      for (var i = 0; i < zone.options.length; i++) {
        if (zone.options[i].value === guess) { zone.value = guess; break; }
      }
    } catch (e) { /* an old browser: UTC stays */ }
  }

  // Confirm before destructive actions that carry data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
    if (form.dataset.submitting === "1") { event.preventDefault(); return; }
    if (!event.defaultPrevented && form.method.toLowerCase() === "post") form.dataset.submitting = "1";
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (f) { delete f.dataset.submitting; });
  });

  // The menu's folded lists (the phone's "More", the wide screen's groups) fold away again on
  // Escape (focus back on the summary) or a tap elsewhere; opening one folds the others.
  var folds = Array.prototype.slice.call(document.querySelectorAll(".nav-more, .nav-group"));
  if (folds.length) {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      folds.forEach(function (fold) {
        if (!fold.open) return;
        fold.open = false;
        fold.querySelector("summary").focus();
      });
    });
    document.addEventListener("click", function (event) {
      folds.forEach(function (fold) {
        if (fold.open && !fold.contains(event.target)) fold.open = false;
      });
    });
  }
})();
