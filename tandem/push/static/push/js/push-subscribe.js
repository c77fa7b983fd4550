// The devices page: subscribe this browser to push reminders and send the subscription to the
// server. The service worker (/sw.js, scope /) is registered by the site's own script; we only
// wait for it. If the server's key changed (data-renew="1"), a browser that still allows
// notifications subscribes again on load, without asking. Its words come from the JavaScript
// catalogue (gettext, interpolate), which base.html loads first.
(function () {
  "use strict";
  var box = document.getElementById("push-setup");
  if (!box) return;
  var button = document.getElementById("push-on");
  var status = document.getElementById("push-status");
  var serverKey = box.getAttribute("data-key");
  var site = box.getAttribute("data-site");

  function say(text) { status.textContent = text; }

  function toBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/");
    padded += "===".slice((padded.length + 3) % 4);
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameKey(buffer) {
    if (!buffer) return false;
    var a = new Uint8Array(buffer), b = toBytes(serverKey);
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function workerReady() {
    var late = new Promise(function (_, reject) {
      window.setTimeout(function () { reject(new Error("no-worker")); }, 10000);
    });
    return Promise.race([navigator.serviceWorker.ready, late]);
  }

  function send(subscription, previous) {
    var body = subscription.toJSON();
    var label = document.getElementById("id_label");
    body.label = label ? label.value : "";
    if (previous) body.previous_endpoint = previous;
    var token = box.querySelector("input[name=csrfmiddlewaretoken]").value;
    return fetch(box.getAttribute("data-subscribe-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          var refused = new Error(answer.error || "refused");
          refused.shown = Boolean(answer.error);
          throw refused;
        }
        return answer;
      });
    });
  }

  function subscribe(registration) {
    return registration.pushManager.getSubscription().then(function (current) {
      if (current && !sameKey(current.options && current.options.applicationServerKey)) {
        var previous = current.endpoint;
        return current.unsubscribe().then(function () { return fresh(registration, previous); });
      }
      return current ? send(current, null) : fresh(registration, null);
    });
  }

  function fresh(registration, previous) {
    return registration.pushManager
      .subscribe({ userVisibleOnly: true, applicationServerKey: toBytes(serverKey) })
      .then(function (subscription) { return send(subscription, previous); });
  }

  function turnOn() {
    button.disabled = true;
    say(gettext("Turning reminders on…"));
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") throw new Error("not-allowed");
        return workerReady();
      })
      .then(subscribe)
      .then(function () {
        say(gettext("Reminders are on for this device. Reloading the list…"));
        window.location.reload();
      })
      .catch(function (error) {
        button.disabled = false;
        if (error.message === "not-allowed") say(interpolate(gettext("Notifications are not allowed for %(site)s in this browser. You can allow them in the browser’s site settings, then try again."), { site: site }, true));
        else if (error.message === "no-worker") say(gettext("This device is not ready for reminders yet. Reload the page and try again."));
        else say(error.shown ? error.message : gettext("That did not work this time. Nothing was saved; please try again."));
      });
  }

  if (!supported()) {
    button.disabled = true;
    say(interpolate(gettext("This browser cannot show reminders when %(site)s is closed. Email reminders still work."), { site: site }, true));
    return;
  }
  button.addEventListener("click", turnOn);

  if (box.getAttribute("data-renew") === "1" && Notification.permission === "granted") {
    workerReady().then(function (registration) {
      return registration.pushManager.getSubscription().then(function (current) {
        if (current && !sameKey(current.options && current.options.applicationServerKey)) {
          say(gettext("Turning reminders on again for this device…"));
          return subscribe(registration).then(function () { window.location.reload(); });
        }
      });
    }).catch(function () { /* the button is still there */ });
  }
})();
