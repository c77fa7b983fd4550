// The urge-surfing timer. Needs nothing from the network once the page has loaded: no fetches,
// no timers on the server; it keeps time from the clock, so a sleeping phone doesn't lose time.
(function () {
  "use strict";
  var root = document.getElementById("urge-timer");
  if (!root) return;

  var minutes = parseInt(root.getAttribute("data-minutes"), 10);
  if (!(minutes > 0 && minutes <= 90)) minutes = 20;
  var total = minutes * 60 * 1000;
  var display = root.querySelector(".timer-display");
  var progress = root.querySelector("progress");
  var wave = root.querySelector(".timer-wave");
  var startButton = root.querySelector("[data-timer='start']");
  var pauseButton = root.querySelector("[data-timer='pause']");
  var resetButton = root.querySelector("[data-timer='reset']");
  var surfed = document.getElementById("id_surfed_minutes");
  // The words come from the JavaScript catalogue (base.html); with no catalogue (offline, say), English.
  var gettext = typeof window.gettext === "function" ? window.gettext : function (text) { return text; };

  var prompts = [
    [0, gettext("Notice the urge. Where do you feel it in your body? You don't have to act on it.")],
    [0.15, gettext("Breathe out slowly, a little longer than you breathe in.")],
    [0.35, gettext("Urges rise like a wave. This one is rising, and waves always come down.")],
    [0.55, gettext("You may be at the peak now. Keep breathing. Stay with it.")],
    [0.75, gettext("Notice how it changes. It is already different from how it started.")],
    [1, gettext("You rode it out. If you like, note it below: it shows you that you can.")]
  ];

  var remaining = total;
  var endAt = null;
  var ticker = null;
  var lastPrompt = -1;

  function format(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function say(index) {
    if (index === lastPrompt) return;
    lastPrompt = index;
    wave.textContent = prompts[index][1];
  }

  function render() {
    var left = endAt === null ? remaining : Math.max(0, endAt - Date.now());
    var done = total - left;
    display.textContent = format(left);
    progress.value = Math.round((done / total) * 1000);
    var fraction = done / total;
    var index = 0;
    for (var i = 0; i < prompts.length; i++) if (fraction >= prompts[i][0]) index = i;
    if (endAt !== null || left === 0) say(index);
    if (surfed) surfed.value = String(Math.floor(done / 60000));
    if (endAt !== null && left === 0) finish();
  }

  function start() {
    if (endAt !== null) return;
    if (remaining === 0) remaining = total;
    endAt = Date.now() + remaining;
    ticker = window.setInterval(render, 250);
    startButton.hidden = true;
    pauseButton.hidden = false;
    resetButton.hidden = false;
    render();
    pauseButton.focus();
  }

  function pause() {
    if (endAt === null) return;
    remaining = Math.max(0, endAt - Date.now());
    endAt = null;
    window.clearInterval(ticker);
    startButton.textContent = gettext("Carry on");
    startButton.hidden = false;
    pauseButton.hidden = true;
    render();
    startButton.focus();
  }

  function finish() {
    window.clearInterval(ticker);
    endAt = null;
    remaining = 0;
    startButton.textContent = gettext("Start again");
    startButton.hidden = false;
    pauseButton.hidden = true;
    say(prompts.length - 1);
    try { if (navigator.vibrate) navigator.vibrate([200, 100, 200]); } catch (e) { /* not supported */ }
  }

  function reset() {
    window.clearInterval(ticker);
    endAt = null;
    remaining = total;
    lastPrompt = -1;
    startButton.textContent = gettext("Start the timer");
    startButton.hidden = false;
    pauseButton.hidden = true;
    resetButton.hidden = true;
    wave.textContent = "";
    startButton.focus();
    render();
  }

  startButton.addEventListener("click", start);
  pauseButton.addEventListener("click", pause);
  resetButton.addEventListener("click", reset);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) render(); });

  progress.max = 1000;
  // Before the timer starts there is only "Start": "Reset" appears once there is something to reset.
  startButton.hidden = false;
  root.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });
  var fallback = root.querySelector("[data-no-js]");
  if (fallback) fallback.hidden = true;
  render();
})();
