/// <reference lib="webworker" />
// The player's service worker: keeps the player itself and every media file of the timeline,
// so the screen plays on with the server gone, across reloads too.
//
// * The player's page: network first (a new version arrives as soon as it is published),
//   the cached copy when the server does not answer within a few seconds.
// * Its assets (hashed names): cache first, they never change.
// * Media (/api/v1/media/<sha256>.<ext>): kept under the path without its signature, since the
//   content never changes for a given hash; Range requests (video) are cut from the copy.
// * The page sends the timeline's links (sync-media): what is missing is fetched, what is no
//   longer used is dropped.

// A module, so that `self` can be declared as the service worker's scope.
export {};
declare const self: ServiceWorkerGlobalScope;

const SHELL = 'vizora-shell-v1';
const MEDIA = 'vizora-media-v1';
const SCOPE = '/player/';
const MEDIA_PREFIX = '/api/v1/media/';
const PAGE_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('vizora-') && name !== SHELL && name !== MEDIA) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(MEDIA_PREFIX)) {
    event.respondWith(media(request, url));
  } else if (url.pathname.startsWith(`${SCOPE}assets/`)) {
    event.respondWith(cacheFirst(request));
  } else if (isNavigation(request) && (url.pathname === SCOPE || url.pathname === '/player')) {
    event.respondWith(page(request));
  }
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; urls?: string[] };
  if (data?.type === 'sync-media' && Array.isArray(data.urls)) {
    event.waitUntil(syncMedia(data.urls));
  }
});

async function precacheShell(): Promise<void> {
  const cache = await caches.open(SHELL);
  const response = await fetch(SCOPE, { cache: 'no-cache' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put(SCOPE, response);
  // The assets the page names (scripts, styles, icons; the legacy page's entry is a data-src).
  const assets: string[] = [];
  const named = /(?:src|href|data-src)="(\/player\/assets\/[^"]+)"/g;
  for (let m = named.exec(html); m; m = named.exec(html)) assets.push(m[1]);
  await Promise.all(assets.map((a) => cache.add(a).catch(() => undefined)));
}

// Chromium 47 and 48 give navigations the mode "same-origin"; a page asks for HTML.
function isNavigation(request: Request): boolean {
  return request.mode === 'navigate' || (request.headers.get('Accept') ?? '').includes('text/html');
}

async function page(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL);
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
    if (response.ok) await cache.put(SCOPE, response.clone());
    return response;
  } catch {
    return (await cache.match(SCOPE)) ?? new Response('offline', { status: 503 });
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

function mediaKey(url: URL): string {
  return url.origin + url.pathname;
}

async function media(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(MEDIA);
  const key = mediaKey(url);
  let full = await cache.match(key);
  if (!full) {
    if (request.headers.has('range')) {
      // Let the network answer the range; the whole file comes through syncMedia.
      return fetch(request);
    }
    const response = await fetch(request);
    if (response.status === 200) await cache.put(key, response.clone());
    return response;
  }
  const range = request.headers.get('range');
  return range ? await slice(full, range) : full;
}

// A 206 for "bytes=a-b" (or "bytes=a-") cut from the cached whole file.
async function slice(full: Response, range: string): Promise<Response> {
  const blob = await full.blob();
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  const size = blob.size;
  let start = m && m[1] ? Number(m[1]) : NaN;
  let end = m && m[2] ? Number(m[2]) : size - 1;
  if (m && !m[1] && m[2]) {
    start = Math.max(0, size - Number(m[2])); // the last n bytes
    end = size - 1;
  }
  if (isNaN(start) || start >= size || end < start) {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  end = Math.min(end, size - 1);
  const part = blob.slice(start, end + 1);
  return new Response(part, {
    status: 206,
    headers: {
      'Content-Type': full.headers.get('Content-Type') ?? 'application/octet-stream',
      'Content-Length': String(part.size),
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Accept-Ranges': 'bytes',
    },
  });
}

let syncing: Promise<void> = Promise.resolve();

// One sync at a time, in the order asked; each fetches what is missing, then drops the rest.
function syncMedia(urls: string[]): Promise<void> {
  syncing = syncing.then(() => doSync(urls)).catch(() => undefined);
  return syncing;
}

async function doSync(urls: string[]): Promise<void> {
  const cache = await caches.open(MEDIA);
  const wanted = new Map<string, string>();
  for (const u of urls) {
    const url = new URL(u, self.location.origin);
    if (url.origin === self.location.origin && url.pathname.startsWith(MEDIA_PREFIX)) {
      wanted.set(mediaKey(url), url.href);
    }
  }
  let failed = 0;
  for (const [key, href] of wanted) {
    if (await cache.match(key)) continue;
    try {
      const response = await fetch(href);
      if (response.status === 200) await cache.put(key, response);
      else failed++;
    } catch {
      failed++;
    }
  }
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
  const cached = (await cache.keys()).length;
  for (const client of await self.clients.matchAll({ type: 'window' })) {
    client.postMessage({ type: 'media-synced', cached, failed });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
