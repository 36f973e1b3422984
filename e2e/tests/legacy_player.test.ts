// The player on an old smart TV's engine (issue 24): Chromium 47–104, which the server gives
// the transpiled, polyfilled bundle. Today's Chromium stands in for the old engine
// (support/old_engine.ts): an old User-Agent, the newer APIs taken away before the page runs,
// and every script the server sends checked for syntax Chromium 47 cannot parse. It pairs,
// plays every kind of content, plays on from its cache with the server gone, and keeps its
// memory flat through a day of playback run at speed.

import { createServer, type Server } from 'node:http';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin } from '../support/admin';
import { launchChromium, type Browser } from '../support/browser';
import { newerThanChromium47, OLD_ENGINE_SCRIPT, OLD_ENGINE_USER_AGENT } from '../support/old_engine';
import { solidPng } from '../support/png';
import { makePdf, makeVideo } from '../support/samples';
import { VizoraServer } from '../support/server';

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Doors open at nine</title></item></channel></rss>`;
const PAGE = '<!doctype html><title>Menu</title><h1 id="hello">Soup of the day</h1>';

let server: VizoraServer;
let site: Server;
let siteUrl = '';
let browser: Browser;
let page: Page;
let admin: Admin;
let deviceId = '';
const ids: Record<string, string> = {};

// The content of the layer on top that is fully shown, if any.
async function shown(p: Page): Promise<string | null> {
  return p.evaluate(() => {
    const layers = document.querySelectorAll<HTMLElement>('.layer[data-state="shown"]');
    return layers.length ? (layers[layers.length - 1].dataset.contentId ?? 'idle') : null;
  });
}

// What the screen shows and knows, for a failure's message.
async function screenState(p: Page): Promise<string> {
  return p.evaluate(() =>
    JSON.stringify({
      layers: Array.from(document.querySelectorAll<HTMLElement>('.layer')).map(
        (l) => `${l.dataset.contentId ?? 'idle'}:${l.dataset.state}`,
      ),
      player: (window as any).vizora,
      errors: (JSON.parse(localStorage.getItem('vizora.events') ?? '[]') as { type: string }[]).filter(
        (e) => e.type !== 'impression',
      ),
      now: new Date().toISOString(),
    }),
  );
}

// Whether `check` comes true within `ms`, polled from here: the page's timers run on a fake
// clock below.
async function settles(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  if (await settles(check, timeoutMs)) return;
  let state = `${what}; ${await screenState(page)}`;
  for (const [name, id] of Object.entries(ids)) state = state.replaceAll(id, name);
  throw new Error(`waited ${timeoutMs} ms for ${state}`);
}

beforeAll(async () => {
  site = createServer((req, res) => {
    if (req.url === '/feed.xml') res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(RSS);
    else res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  server = await VizoraServer.start(['--allow-private-feeds', 'true']);
  admin = await Admin.register(server.url);
  ids.red = await admin.uploadImage('red', solidPng(640, 360, [220, 30, 40]));
  ids.blue = await admin.uploadImage('blue', solidPng(640, 360, [30, 80, 220]));
  ids.sheet = await admin.upload('Hours', Buffer.from('Day,Opens\nMonday,09:00\n'), 'text/csv', 'hours.csv');
  ids.pdf = await admin.upload('Brochure', makePdf(2), 'application/pdf', 'brochure.pdf');
  ids.video = await admin.upload('Clip', makeVideo(2), 'video/webm', 'clip.webm');
  ids.feed = await admin.createLinked({ type: 'data_feed', title: 'News', url: `${siteUrl}/feed.xml` });
  ids.web = await admin.createLinked({ type: 'webpage', title: 'Menu', url: `${siteUrl}/menu.html` });

  browser = await launchChromium({ width: 1280, height: 720 }, OLD_ENGINE_USER_AGENT);
  page = await browser.context.newPage();
  // Fake timers from the first script on; time flows as usual until the test jumps ahead.
  // (Installed first: Playwright's fake clock needs globalThis, which the old engine lacks.)
  await page.clock.install();
  await page.addInitScript(OLD_ENGINE_SCRIPT);
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await new Promise((r) => site?.close(r));
});

describe('the player on an old engine', () => {
  it('is sent the legacy page, and every script of it parses on Chromium 47', async () => {
    // The checker itself sees what Chromium 47 lacks.
    expect(newerThanChromium47('async function f(){}; var {a} = b; x?.y; let z = c ?? 1;')).toHaveLength(5);
    expect(
      newerThanChromium47('var f = function(a){ return [].concat(a, `t${a}`) }; for (var x of y) f(x);'),
    ).toEqual([]);

    const get = (path: string, userAgent = OLD_ENGINE_USER_AGENT): Promise<Response> =>
      fetch(`${server.url}${path}`, { headers: { 'User-Agent': userAgent } });
    const html = await (await get('/player/')).text();
    expect(html).not.toContain('type="module"');
    expect(html).not.toContain('nomodule');
    // Today's engines get the modern page, which carries the same legacy scripts as nomodule.
    const modern = await (
      await get('/player/', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0 Safari/537.36')
    ).text();
    expect(modern).toContain('type="module"');
    expect(modern).toContain('nomodule');

    const scripts = [...html.matchAll(/(?:src|data-src)="([^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.some((s) => s.includes('polyfills-legacy'))).toBe(true);
    expect(scripts.some((s) => s.includes('index-legacy'))).toBe(true);
    for (const script of [...scripts, '/player/sw.js']) {
      const code = await (await get(script)).text();
      expect(newerThanChromium47(code), script).toEqual([]);
    }
  });

  it('pairs and plays every kind of content', async () => {
    // In French: its messages are formatted without Intl.PluralRules or Intl.Locale.
    await page.goto(`${server.url}/player/?lang=fr`);
    // The old engine's setting holds, and the legacy bundle runs.
    expect(
      await page.evaluate(() => ({
        abort: typeof (window as any).AbortController,
        append: typeof (Element.prototype as any).append,
        modules: document.querySelectorAll('script[type="module"]').length,
        systemjs: typeof (window as any).System,
      })),
    ).toEqual({ abort: 'undefined', append: 'undefined', modules: 0, systemjs: 'object' });

    const code = page.getByTestId('pairing-code');
    await expect.poll(async () => code.textContent(), { timeout: 15_000 }).toMatch(/^[A-Z2-9]{6}$/);
    expect(await page.locator('.pairing-line').textContent()).toContain('Appairer un écran');
    expect(await page.evaluate(() => typeof (Intl as any).PluralRules)).toBe('undefined');
    deviceId = await admin.completePairing((await code.textContent())!, 'Old TV');
    await until('the screen to connect', () =>
      page.evaluate(() => (window as any).vizora.connected === true),
    );

    const playlist = await admin.playlist('Everything', [
      { contentId: ids.red, duration: 3, transition: 'fade', transitionDuration: 400 },
      { contentId: ids.sheet, duration: 3 },
      { contentId: ids.pdf, duration: 4, transition: 'slide', transitionDuration: 400 },
      { contentId: ids.video, duration: 2 },
      { contentId: ids.feed, duration: 3, transition: 'zoom', transitionDuration: 400 },
      { contentId: ids.web, duration: 3 },
    ]);
    await admin.publish(playlist, deviceId);
    const markers: Record<string, string> = {
      red: 'img',
      sheet: '.sheet td',
      pdf: 'img.page',
      video: 'video',
      feed: '.feed-item-title',
      web: 'iframe',
    };
    const seen = new Set<string>();
    await until(
      'every kind of content on screen',
      async () => {
        for (const [name, selector] of Object.entries(markers)) {
          if (seen.has(name)) continue;
          const visible = await page.evaluate(
            ([id, sel]) => {
              const layer = document.querySelector<HTMLElement>(`.layer[data-content-id="${id}"]`);
              const el = layer?.querySelector<HTMLElement>(sel!);
              if (!layer || layer.dataset.state === 'leaving' || !el) return false;
              if (el instanceof HTMLImageElement) return el.complete && el.naturalWidth > 0;
              if (el instanceof HTMLVideoElement) return el.currentTime > 0.2;
              return true;
            },
            [ids[name], selector],
          );
          if (visible) seen.add(name);
        }
        return seen.size === Object.keys(markers).length;
      },
      40_000,
    );
    const state = await page.evaluate(() => ({ ...(window as any).vizora }));
    expect(state.playbackErrors).toBe(0);
    await expect
      .poll(async () => (await admin.call('GET', `/api/v1/devices/${deviceId}`)).device.status)
      .toBe('online');
  });

  it('plays on from its cache with the server gone, across a reload', async () => {
    await until('the media in the offline cache', () =>
      page.evaluate(() => (window as any).vizora.mediaCached >= 6),
    );
    await server.stop();
    await page.reload();
    await until('a slide after the reload', async () => ((await shown(page)) ?? 'idle') !== 'idle');
    expect(await page.evaluate(() => typeof (window as any).System)).toBe('object');
    expect(await page.evaluate(() => (window as any).vizora.state)).toBe('playing');
  });

  it('keeps its memory flat through 24 hours of playback at speed', async () => {
    // Offline still (the screen's clock would otherwise be put right by the server's): the
    // day's playlist was published before the server went, for longer than a day.
    await server.resume();
    await until(
      'the screen to reconnect',
      () => page.evaluate(() => (window as any).vizora.connected === true),
      40_000,
    );
    const items = ['red', 'sheet', 'pdf', 'feed', 'web', 'blue'];
    const stepMs = 120_000;
    const day = await admin.playlist(
      'A day',
      items.map((name) => ({ contentId: ids[name], duration: stepMs / 1000 })),
    );
    await admin.publish(day, deviceId, 26 * 60);
    await until('the day to start', async () => (await shown(page)) === ids.red);
    // The day's media in the offline cache (the blue image is new in it).
    const blue = `/api/v1/media/${(await admin.call('GET', `/api/v1/content/${ids.blue}`)).content.metadata.sha256}.png`;
    await until('the day in the offline cache', async () => {
      const cached = await page.evaluate(async () =>
        (await (await caches.open('vizora-media-v1')).keys()).map((r) => new URL(r.url).pathname),
      );
      return cached.includes(blue);
    });
    await server.stop();
    await until('the screen to notice', () =>
      page.evaluate(() => (window as any).vizora.connected === false),
    );

    const cdp: CDPSession = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const measure = async (): Promise<Record<string, number>> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const metrics = (await cdp.send('Performance.getMetrics')).metrics;
      const heap = await cdp.send('Runtime.getHeapUsage');
      return {
        ...Object.fromEntries(metrics.map((m) => [m.name, m.value])),
        heap: heap.usedSize,
        objectUrls: await page.evaluate(() => (window as any).__objectUrls as number),
        queued: await page.evaluate(() => (window as any).vizora.eventsQueued as number),
      };
    };

    const steps = (24 * 3_600_000) / stepMs; // 720 slides
    const warmUpSteps = items.length * 10; // two hours; the same slide is on screen at the end
    let warm: Record<string, number> = {};
    const started = Date.now();
    for (let step = 1; step <= steps; step++) {
      const before = await shown(page);
      // The next item has loaded, as it would long before its turn in real time. A web page
      // loads only once on screen: its slide is ready after 4 s on the clock, so the clock
      // goes on by that much first when the next item is one.
      const nextReady = (): Promise<boolean> =>
        page.evaluate(() => {
          const next = (window as any).vizora.upNext as { ready: boolean } | null;
          return next === null || next.ready;
        });
      let jumped = 0;
      if (!(await settles(nextReady, 300))) {
        jumped = 5_000;
        await page.clock.fastForward(jumped);
        await until(`slide ${step} prepared`, nextReady);
      }
      // Then in two jumps: a jump fires each due timer once, and a document turns its page
      // half way through its time.
      await page.clock.fastForward(stepMs / 2 - jumped);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
      await page.clock.fastForward(stepMs / 2);
      const expected = ids[items[step % items.length]];
      await until(
        `slide ${step} (${items[step % items.length]}), after ${before}`,
        async () => (await shown(page)) === expected,
      );
      if (step === warmUpSteps) warm = await measure();
      if (process.env.DEBUG_STEPS) console.log(step, Date.now() - started);
    }
    const offline = await measure();
    // Back online: the day's proof of play is answered and leaves the queue (the server turns
    // it down, as it is dated a day ahead of the server's clock), so what is left to compare
    // is the player itself.
    await server.resume();
    await page.clock.fastForward(60_000); // the next reconnect attempt is due
    await until(
      "the day's proof of play delivered",
      () =>
        page.evaluate(() => (window as any).vizora.connected && (window as any).vizora.eventsQueued === 0),
      40_000,
    );
    const end = await measure();
    const state = await page.evaluate(() => ({ ...(window as any).vizora }));
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
    console.log(
      `legacy player, 24 h at speed (${steps} slides in ${((Date.now() - started) / 1000).toFixed(0)} s): ` +
        `JS heap ${mb(warm.heap)} after 2 h, ${mb(offline.heap)} after 24 h offline with ` +
        `${offline.queued} events queued, ${mb(end.heap)} once they were delivered ` +
        `(×${(end.heap / warm.heap).toFixed(3)}); DOM nodes ${warm.Nodes} → ${end.Nodes}; listeners ` +
        `${warm.JSEventListeners} → ${end.JSEventListeners}; documents ${warm.Documents} → ${end.Documents}`,
    );
    expect(end.heap).toBeLessThanOrEqual(warm.heap * 1.2);
    expect(end.Nodes).toBeLessThanOrEqual(warm.Nodes + 20);
    expect(end.JSEventListeners).toBeLessThanOrEqual(warm.JSEventListeners + 10);
    expect(end.Documents).toBeLessThanOrEqual(warm.Documents + 1);
    expect(end.objectUrls).toBe(0);
    expect(state.playbackErrors).toBe(0);
    expect(state.impressionsRecorded).toBeGreaterThanOrEqual(steps);
  }, 400_000);
});
