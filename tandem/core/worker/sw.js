// The service worker (docs/offline.md), served at /sw.js by core.views.service_worker, which
// writes CONFIG above this line. It keeps nothing unless the person chose "keep my urge help on
// this device": then the pages in CONFIG.kept and the static files they use sit in one cache,
// and every other page, offline, is a neutral "no connection" page.
"use strict";

const KEPT = "tandem-urge-help";
const OUTBOX = "tandem-outbox";
const DATABASES = ["tandem-offline"];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function clearEverything() {
  const dropCaches = caches.keys().then((keys) => Promise.all(keys.map((key) => caches.delete(key))));
  const dropDatabases = DATABASES.map(
    (name) =>
      new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      }),
  );
  return Promise.all([dropCaches, ...dropDatabases]);
}

function staticPaths(html) {
  const prefix = CONFIG.static.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(?:src|href)="(${prefix}[^"?#]+)"`, "g");
  return Array.from(html.matchAll(pattern), (match) => match[1]);
}

async function keep({ refresh = false } = {}) {
  // The cache is opened before anything is fetched: if the site's data is cleared meanwhile
  // (sign-out, quick exit), the writes below land in a cache that no longer has a name and
  // vanish with it, instead of bringing the copy back.
  if (refresh && !(await caches.has(KEPT))) return;
  const cache = await caches.open(KEPT);
  const pages = [];
  // The JavaScript catalogue (docs/i18n.md) is kept beside the pages: the urge screen's timer
  // speaks the person's language offline too.
  const assets = new Set([CONFIG.icon, CONFIG.catalog]);
  for (const path of CONFIG.kept) {
    const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) continue; // not this person's page (a partner has no urge screen)
    staticPaths(await response.clone().text()).forEach((asset) => assets.add(asset));
    pages.push([path, response]);
  }
  if (!pages.some(([path]) => CONFIG.personal.includes(path))) {
    if (!refresh) await caches.delete(KEPT);
    throw new Error("nothing of this person's to keep");
  }
  const files = await Promise.all(
    Array.from(assets, async (asset) => [asset, await fetch(asset, { credentials: "same-origin" })]),
  );
  await Promise.all([...pages, ...files.filter(([, r]) => r.ok)].map(([path, r]) => cache.put(path, r)));
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function noConnection() {
  // In the language of the person the worker was fetched for (CONFIG.text, docs/i18n.md).
  const text = CONFIG.text;
  const call = CONFIG.crisis.call
    ? `<p><a href="tel:${escapeHtml(CONFIG.crisis.call)}">${escapeHtml(text.call.replace("%(number)s", CONFIG.crisis.call))}</a></p>`
    : "";
  const html =
    `<!doctype html><html lang="${escapeHtml(text.lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(text.title)}</title></head>` +
    `<body><main><h1>${escapeHtml(text.title)}</h1><p>${escapeHtml(text.body)}</p>` +
    `<p>${escapeHtml(CONFIG.crisis.text)}</p>${call}</main></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function keptCopy(path) {
  if (!(await caches.has(KEPT))) return undefined;
  const cache = await caches.open(KEPT);
  return cache.match(path);
}

async function navigate(request, url) {
  const isKept = CONFIG.kept.includes(url.pathname);
  // Opened before the fetch, for the reason given in keep().
  const cache = isKept && (await caches.has(KEPT)) ? await caches.open(KEPT) : null;
  try {
    const response = await fetch(request);
    if (cache && response.ok && response.type === "basic") {
      // Opened with a connection: the kept copy follows the latest plan.
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (error) {
    return (await keptCopy(isKept ? url.pathname : CONFIG.offline)) || noConnection();
  }
}

async function staticFile(request, url) {
  try {
    return await fetch(request);
  } catch (error) {
    const copy = await keptCopy(url.pathname);
    if (copy) return copy;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === CONFIG.quickExit) {
    // Leaving: forget everything first, even with no connection, then let the server end the session.
    event.respondWith(
      clearEverything()
        .then(() => fetch(request))
        .catch(() => new Response("", { headers: { "Content-Type": "text/html" } })),
    );
  } else if (request.mode === "navigate") {
    event.respondWith(navigate(request, url));
  } else if (url.pathname.startsWith(CONFIG.static) || url.pathname === CONFIG.catalog) {
    event.respondWith(staticFile(request, url));
  }
});

self.addEventListener("message", (event) => {
  const port = event.ports[0];
  const type = event.data && event.data.type;
  const work = {
    keep,
    refresh: () => keep({ refresh: true }),
    forget: () => caches.delete(KEPT),
    clear: clearEverything,
  }[type];
  if (!work) return;
  event.waitUntil(
    work().then(
      () => port && port.postMessage({ ok: true }),
      () => port && port.postMessage({ ok: false }),
    ),
  );
});

// --- Web push (tandem/push): the payload is {"title", "body", "url", "tag"}, already discreet.

function sameOriginUrl(candidate) {
  try {
    const url = new URL(candidate || "/", self.location.origin);
    if (url.origin === self.location.origin) return url.href;
  } catch (error) {
    // not an address: open the home page
  }
  return new URL("/", self.location.origin).href;
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const options = { body: data.body || "", icon: CONFIG.icon, badge: CONFIG.icon, data: { url: sameOriginUrl(data.url) } };
  if (data.tag) options.tag = String(data.tag);
  event.waitUntil(self.registration.showNotification(data.title || "You have a reminder", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = sameOriginUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const same = windows.find((client) => client.url === target);
      if (same) return same.focus();
      const any = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (any) {
        return any
          .navigate(target)
          .then((client) => (client || any).focus())
          .catch(() => self.clients.openWindow(target));
      }
      return self.clients.openWindow(target);
    }),
  );
});
