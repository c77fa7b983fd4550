// The installable app on this device (docs/offline.md). For a signed-in person: registers the
// service worker (/sw.js), keeps their urge help here when they ask ("keep my urge help on this
// device", [data-keep-toggle]), keeps an urge noted with no connection and sends it once the
// connection is back. On any signed-out page: forgets everything this site kept on the device.
(function () {
  "use strict";
  var body = document.body;
  var KEPT = "tandem-urge-help";
  var OUTBOX = "tandem-outbox";
  var hasCaches = "caches" in window;
  // Django's JavaScript catalogue (base.html loads it first); a kept copy opened with no
  // connection may lack it, and then the English stands.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\(\w+\)s/g, function (match) { return values[match.slice(2, -2)]; });
  };

  function forgetEverything() {
    try {
      localStorage.clear();
      sessionStorage.clear();
    } catch (e) { /* storage switched off */ }
    if (window.indexedDB) indexedDB.deleteDatabase("tandem-offline");
    if (!hasCaches) return Promise.resolve();
    return caches.keys().then(function (keys) {
      return Promise.all(keys.map(function (key) { return caches.delete(key); }));
    });
  }

  // "Lock now" clears the device before it asks the server, so it also works with no connection
  // (the answer's Clear-Site-Data header does the same where the browser honours it).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-clears-device") || event.defaultPrevented) return;
    event.preventDefault();
    var late = new Promise(function (resolve) { setTimeout(resolve, 1000); });
    Promise.race([forgetEverything(), late]).catch(function () {}).then(function () { form.submit(); });
  });

  if (!("signedIn" in body.dataset)) {
    forgetEverything();
    return;
  }
  if (!("serviceWorker" in navigator) || !hasCaches || !window.isSecureContext) return;
  navigator.serviceWorker.register(body.dataset.worker, { scope: "/" }).catch(function () { /* offline */ });

  function tellWorker(type) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve, reject) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (event.data && event.data.ok) resolve(); else reject(new Error(type));
        };
        registration.active.postMessage({ type: type }, [channel.port2]);
      });
    });
  }

  // --- "Keep my urge help on this device" ---------------------------------------------------
  var toggle = document.querySelector("[data-keep-toggle]");
  if (toggle) {
    var box = toggle.closest("[data-keep-on-device]");
    var status = box.querySelector("[data-keep-status]");
    box.hidden = false;
    caches.has(KEPT).then(function (kept) { toggle.checked = kept; });
    toggle.addEventListener("change", function () {
      var on = toggle.checked;
      box.setAttribute("aria-busy", "true");
      status.textContent = on ? gettext("Keeping a copy on this device…") : gettext("Removing it from this device…");
      tellWorker(on ? "keep" : "forget").then(function () {
        status.textContent = on
          ? gettext("Kept on this device: your urge help, safety plan and crisis numbers open here even with no connection.")
          : gettext("Removed from this device.");
      }, function () {
        toggle.checked = !on;
        status.textContent = on
          ? gettext("It couldn't be kept just now. Please try again while you have a connection.")
          : gettext("It couldn't be removed just now. Please try again.");
      }).then(function () { box.removeAttribute("aria-busy"); });
    });
  }

  // Refresh the kept copy now and then, so it follows the latest plan.
  caches.has(KEPT).then(function (kept) {
    var last = Number(sessionStorage.getItem("kept-refreshed") || 0);
    if (!kept || !navigator.onLine || Date.now() - last < 10 * 60 * 1000) return;
    sessionStorage.setItem("kept-refreshed", String(Date.now()));
    tellWorker("refresh").catch(function () { /* next time */ });
  });

  // --- An urge noted with no connection ------------------------------------------------------
  var form = document.querySelector("form[data-offline-outbox]");
  var outboxStatus = document.querySelector("[data-outbox-status]");

  function say(text) {
    if (outboxStatus) outboxStatus.textContent = text;
  }

  function setNow() {
    // The form's date and time are in the person's own zone (the device may be set to another).
    var options = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    var parts = {};
    var format;
    try {
      format = new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: form.dataset.zone }, options));
    } catch (e) {
      format = new Intl.DateTimeFormat("en-GB", options);
    }
    format.formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    if (form.elements.date) form.elements.date.value = parts.year + "-" + parts.month + "-" + parts.day;
    if (form.elements.time) form.elements.time.value = parts.hour + ":" + parts.minute;
  }

  async function keepInOutbox() {
    if (!(await caches.has(KEPT))) {
      say(gettext("There's no connection just now. What you wrote is still here: send it when you're back online."));
      return;
    }
    var data = new URLSearchParams(new FormData(form));
    var key = crypto.randomUUID();
    data.set("nonce", key); // the server logs one urge per key, however often it is sent
    var cache = await caches.open(OUTBOX);
    await cache.put(
      new Request("/outbox/" + key),
      new Response(data.toString(), { headers: { "X-Action": form.action } })
    );
    form.reset();
    setNow();
    say(gettext("Noted on this device. It will be sent once you're back online."));
  }

  if (form) {
    if (!navigator.onLine) setNow(); // a kept copy of the page: its date and time are from then
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      keepInOutbox();
    });
  }

  async function freshToken(action) {
    var response = await fetch(action, { credentials: "same-origin" });
    if (!response.ok || response.redirected) return null; // signed out: the sign-in page clears the outbox
    var page = new DOMParser().parseFromString(await response.text(), "text/html");
    var input = page.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : null;
  }

  async function sendOutbox() {
    if (!navigator.onLine || !(await caches.has(OUTBOX))) return 0;
    var cache = await caches.open(OUTBOX);
    var sent = 0;
    var waiting = await cache.keys();
    for (var i = 0; i < waiting.length; i++) {
      var stored = await cache.match(waiting[i]);
      var action = stored.headers.get("X-Action");
      var token = await freshToken(action);
      if (!token) break;
      var data = new URLSearchParams(await stored.text());
      data.set("csrfmiddlewaretoken", token);
      var answer = await fetch(action, { method: "POST", body: data, credentials: "same-origin" });
      if (answer.ok && answer.redirected) { // logged (or logged before, with the same key)
        await cache.delete(waiting[i]);
        sent += 1;
      }
    }
    if ((await cache.keys()).length === 0) await caches.delete(OUTBOX);
    return sent;
  }

  var sending = null;
  function send() {
    if (sending) return sending;
    sending = sendOutbox().then(function (sent) {
      if (sent) {
        say(interpolate(ngettext("The urge you noted offline has been sent.",
          "%(count)s urges you noted offline have been sent.", sent), { count: sent }, true));
      }
    }, function () { /* the connection went again: next time */ }).then(function () { sending = null; });
    return sending;
  }
  window.addEventListener("online", send);
  send();
})();
