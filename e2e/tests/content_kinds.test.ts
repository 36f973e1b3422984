// Every kind of content on a real screen (issue 7, "Playback"): a spreadsheet as a paged
// table, a PDF page by page, a video that plays muted and hands over at its end, a data feed
// read as a list, a web page in a frame. An item that cannot be played is skipped and
// reported, and the screen is never left black.

import { createServer, type Server } from 'node:http';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin } from '../support/admin';
import { launchChromium, type Browser } from '../support/browser';
import { solidPng } from '../support/png';
import { makePdf, makeVideo } from '../support/samples';
import { repoRoot, VizoraServer } from '../support/server';

const screenshots = process.env.VIZORA_SCREENSHOTS ? join(repoRoot, 'docs/screenshots') : null;

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme news</title>
<item><title>First headline</title><description>&lt;p&gt;Doors open at nine.&lt;/p&gt;</description><pubDate>Sun, 22 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>Second headline</title><description>Lunch is served in the atrium.</description></item>
</channel></rss>`;
const PAGE = '<!doctype html><title>Menu</title><h1 id="hello">Hello from the web</h1>';

let server: VizoraServer;
let site: Server;
let siteUrl = '';
let browser: Browser;
let page: Page;
let admin: Admin;
const ids: Record<string, string> = {};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// The content id on top of the screen, sampled until `until` says stop; fails on a frame
// where nothing at all is on screen.
async function topContent(p: Page): Promise<string | null> {
  return p.evaluate(() => {
    const layers = document.querySelectorAll<HTMLElement>('.layer');
    if (layers.length === 0) return 'nothing';
    return layers[layers.length - 1].dataset.contentId ?? 'idle';
  });
}

beforeAll(async () => {
  site = createServer((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(RSS);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    }
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  server = await VizoraServer.start(['--allow-private-feeds', 'true']);
  browser = await launchChromium();
  page = await browser.context.newPage();
  admin = await Admin.register(server.url);

  ids.sheet = await admin.upload(
    'Opening hours',
    Buffer.from('Day,Opens,Closes\nMonday,09:00,18:00\nTuesday,09:00,18:00\n'),
    'text/csv',
    'hours.csv',
  );
  ids.pdf = await admin.upload('Brochure', makePdf(2), 'application/pdf', 'brochure.pdf');
  ids.video = await admin.upload('Clip', makeVideo(2), 'video/webm', 'clip.webm');
  ids.feed = await admin.createLinked({
    type: 'data_feed',
    title: 'News',
    url: `${siteUrl}/feed.xml`,
    refreshInterval: 60,
  });
  ids.web = await admin.createLinked({ type: 'webpage', title: 'Menu', url: `${siteUrl}/menu.html` });
  // An image whose file is gone from storage: ready in the library, unplayable on screen.
  ids.broken = await admin.uploadImage('broken', solidPng(64, 64, [0, 0, 0]));
  const sha = (await admin.call('GET', `/api/v1/content/${ids.broken}`)).content.metadata.sha256 as string;
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  for (const file of filesUnder(join(server.dataDir, 'blobs'))) if (file.includes(sha)) rmSync(file);
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await new Promise((r) => site?.close(r));
});

describe('each kind of content', () => {
  it('plays in turn, skipping what cannot be played', async () => {
    const playlist = await admin.playlist('Everything', [
      { contentId: ids.broken, duration: 5 },
      { contentId: ids.sheet, duration: 3 },
      { contentId: ids.pdf, duration: 6, transition: 'slide', transitionDuration: 400 },
      { contentId: ids.video, duration: 2 },
      { contentId: ids.feed, duration: 3, transition: 'zoom', transitionDuration: 400 },
      { contentId: ids.web, duration: 3, transition: 'dissolve', transitionDuration: 400 },
    ]);
    await page.goto(`${server.url}/player/`);
    const code = page.getByTestId('pairing-code');
    await expect.poll(async () => code.textContent(), { timeout: 10_000 }).toMatch(/^[A-Z2-9]{6}$/);
    const deviceId = await admin.completePairing((await code.textContent())!, 'Hall');
    await page.waitForFunction(() => (window as any).vizora.connected === true, null, { timeout: 15_000 });
    await admin.publish(playlist, deviceId);

    // The spreadsheet, straight away: the broken image was skipped and reported.
    await page.locator('.sheet caption', { hasText: 'Opening hours' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.sheet td', { hasText: 'Monday' }).count()).toBe(1);
    expect(await page.evaluate(() => (window as any).vizora.playbackErrors)).toBeGreaterThanOrEqual(1);
    if (screenshots) await page.screenshot({ path: join(screenshots, 'player-spreadsheet.png') });

    // The PDF, page after page (two pages in six seconds: three each).
    const pages = page.locator(`.layer[data-content-id="${ids.pdf}"] img.page`);
    await expect
      .poll(
        async () =>
          pages
            .nth(0)
            .evaluate((img: HTMLImageElement) => img.style.visibility === 'visible' && img.naturalWidth > 0),
        { timeout: 10_000 },
      )
      .toBe(true);
    await expect
      .poll(async () => pages.nth(1).evaluate((img: HTMLImageElement) => img.style.visibility), {
        timeout: 6_000,
      })
      .toBe('visible');

    // The video plays muted, and the feed follows at its end.
    const video = page.locator(`.layer[data-content-id="${ids.video}"] video`);
    await video.waitFor({ timeout: 10_000 });
    await expect
      .poll(
        async () => video.evaluate((v: HTMLVideoElement) => v.muted && !v.paused && v.currentTime > 0.3),
        { timeout: 5_000 },
      )
      .toBe(true);
    await page.locator('.feed-item-title', { hasText: 'First headline' }).waitFor({ timeout: 8_000 });
    expect(await page.locator('.feed-item-summary').first().textContent()).toBe('Doors open at nine.');
    if (screenshots) {
      await page.locator(`.layer[data-content-id="${ids.feed}"][data-state="shown"]`).waitFor();
      await page.screenshot({ path: join(screenshots, 'player-feed.png') });
    }

    // The web page in its frame.
    await page.locator(`.layer[data-content-id="${ids.web}"] iframe`).waitFor({ timeout: 8_000 });
    const frame = page.frames().find((f) => f.url().startsWith(siteUrl));
    await expect
      .poll(async () => frame?.locator('#hello').textContent(), { timeout: 5_000 })
      .toBe('Hello from the web');

    // Round again: from here to the spreadsheet, something is on screen at every moment.
    const seen = new Set<string>();
    const deadline = Date.now() + 6_000;
    while (Date.now() < deadline) {
      const top = await topContent(page);
      expect(top).not.toBe('nothing');
      seen.add(top!);
      if (top === ids.sheet) break;
      await page.waitForTimeout(50);
    }
    expect(seen.has(ids.sheet)).toBe(true);
    expect(seen.has(ids.broken)).toBe(false);
  });

  it('plays them from the cache with the server gone, the video by ranges of the cached copy', async () => {
    // Table, pages, video and feed copy are cached (the broken file cannot be).
    await page.waitForFunction(() => (window as any).vizora.mediaCached >= 5, null, { timeout: 15_000 });
    await server.stop();
    await page.reload();
    await page.locator('.sheet caption', { hasText: 'Opening hours' }).waitFor({ timeout: 15_000 });
    const pages = page.locator(`.layer[data-content-id="${ids.pdf}"] img.page`);
    await expect
      .poll(async () => pages.nth(0).evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const video = page.locator(`.layer[data-content-id="${ids.video}"] video`);
    await video.waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => video.evaluate((v: HTMLVideoElement) => !v.paused && v.currentTime > 0.3), {
        timeout: 5_000,
      })
      .toBe(true);
    await page.locator('.feed-item-title', { hasText: 'First headline' }).waitFor({ timeout: 8_000 });
  });
});
