// The web player in real Chromium against the real server (issue 7): pairing by code, an
// image on screen within a second of an instant publish, a transition, a schedule switch while
// the server is down, playing on after a reload with the server gone, reconnecting when it
// returns, impressions counted exactly once, and the commands.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, type DashboardSocket } from '../support/admin';
import { seriousViolations } from '../support/axe';
import { launchChromium, type Browser } from '../support/browser';
import { solidPng } from '../support/png';
import { repoRoot, VizoraServer } from '../support/server';

const screenshots = process.env.VIZORA_SCREENSHOTS ? join(repoRoot, 'docs/screenshots') : null;

let server: VizoraServer;
let browser: Browser;
let page: Page;
let admin: Admin;
let dashboard: DashboardSocket;
let deviceId = '';
const images: Record<string, string> = {};

// What the screen shows: the content id of the layer fully on screen, if any.
async function shownContent(p: Page): Promise<string | null> {
  return p.evaluate(() => {
    const layers = document.querySelectorAll<HTMLElement>('.layer[data-state="shown"]');
    const top = layers[layers.length - 1];
    return top?.dataset.contentId ?? null;
  });
}

async function waitForShown(p: Page, contentId: string, timeoutMs = 10_000): Promise<void> {
  await p.waitForFunction(
    (id) => {
      const layer = document.querySelector<HTMLElement>(`.layer[data-content-id="${id}"]`);
      const img = layer?.querySelector('img');
      return !!layer && layer.dataset.state !== 'leaving' && !!img && img.complete && img.naturalWidth > 0;
    },
    contentId,
    { timeout: timeoutMs, polling: 'raf' },
  );
}

async function playerState(p: Page): Promise<Record<string, any>> {
  return p.evaluate(() => ({ ...(window as any).vizora }));
}

beforeAll(async () => {
  server = await VizoraServer.start();
  browser = await launchChromium();
  page = await browser.context.newPage();
  admin = await Admin.register(server.url);
  dashboard = await admin.dashboard();
  if (screenshots) mkdirSync(screenshots, { recursive: true });
  const colours: Record<string, [number, number, number]> = {
    red: [220, 30, 40],
    blue: [30, 80, 220],
    green: [20, 170, 70],
    yellow: [240, 200, 20],
    magenta: [200, 30, 180],
  };
  for (const [name, rgb] of Object.entries(colours)) {
    images[name] = await admin.uploadImage(name, solidPng(320, 180, rgb));
  }
});

afterAll(async () => {
  dashboard?.close();
  await browser?.close();
  await server?.dispose();
});

describe('the web player', () => {
  it('pairs by code', async () => {
    await page.goto(`${server.url}/player/`);
    const code = page.getByTestId('pairing-code');
    await expect.poll(async () => code.textContent(), { timeout: 10_000 }).toMatch(/^[A-Z2-9]{6}$/);
    await expect
      .poll(async () => page.locator('.pairing-qr').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    if (screenshots) await page.screenshot({ path: join(screenshots, 'player-pairing.png') });
    expect(await seriousViolations(page)).toEqual([]);
    deviceId = await admin.completePairing((await code.textContent())!, 'Lobby');
    await page.waitForFunction(() => (window as any).vizora.connected === true, null, { timeout: 15_000 });
    // Nothing scheduled yet: the idle screen, not a black one.
    await page.locator('.idle').waitFor({ timeout: 5000 });
    expect(await seriousViolations(page)).toEqual([]);
    expect((await playerState(page)).deviceId).toBe(deviceId);
    await expect
      .poll(async () => (await admin.call('GET', `/api/v1/devices/${deviceId}`)).device.status)
      .toBe('online');
  });

  it('shows an image within a second of an instant publish', async () => {
    const playlist = await admin.playlist('Red', [{ contentId: images.red, duration: 30 }]);
    const started = Date.now();
    await admin.publish(playlist, deviceId);
    await waitForShown(page, images.red, 1000);
    const ms = Date.now() - started;
    console.log(`publish-to-pixels: ${ms} ms (API call to the image decoded in a shown layer)`);
    expect(ms).toBeLessThan(1000);
    // The dashboards know what plays there without waiting for the next regular heartbeat.
    await expect
      .poll(async () => (await admin.call('GET', `/api/v1/devices/${deviceId}`)).device.currentContent, {
        timeout: 2000,
        interval: 100,
      })
      .toEqual({ playlistId: playlist, contentId: images.red });
  });

  it('moves between items with their transition', async () => {
    const playlist = await admin.playlist('Blue and green', [
      { contentId: images.blue, duration: 2, transition: 'fade', transitionDuration: 1200 },
      { contentId: images.green, duration: 2, transition: 'fade', transitionDuration: 1200 },
    ]);
    await admin.publish(playlist, deviceId);
    await waitForShown(page, images.blue);
    // Mid-transition: the new layer is partly transparent above the one leaving.
    const seen = await page.waitForFunction(
      (ids) => {
        const entering = document.querySelector<HTMLElement>('.layer[data-state="entering"]');
        const leaving = document.querySelector<HTMLElement>('.layer[data-state="leaving"]');
        if (!entering || !leaving) return null;
        const opacity = Number(getComputedStyle(entering).opacity);
        return opacity > 0.02 && opacity < 0.98 && ids.includes(entering.dataset.contentId!)
          ? { entering: entering.dataset.contentId, leaving: leaving.dataset.contentId, opacity }
          : null;
      },
      [images.blue, images.green],
      { timeout: 10_000, polling: 'raf' },
    );
    const mid = (await seen.jsonValue())!;
    expect(mid.entering).not.toBe(mid.leaving);
    // And then only the new one is left.
    await page.waitForFunction(() => document.querySelectorAll('.layer').length === 1, null, {
      timeout: 5000,
    });
  });

  it('switches on schedule with the server gone, and plays on after a reload', async () => {
    // The instant publishes end; the screen's default is yellow, and a schedule puts magenta
    // on until a moment from now.
    for (const p of (await admin.call('GET', '/api/v1/instant-publishes?active=true')).items) {
      await admin.call('DELETE', `/api/v1/instant-publishes/${p.id}`, undefined, 204);
    }
    const yellow = await admin.playlist('Yellow', [{ contentId: images.yellow, duration: 30 }]);
    const magenta = await admin.playlist('Magenta', [{ contentId: images.magenta, duration: 30 }]);
    await admin.call('PATCH', `/api/v1/devices/${deviceId}`, { defaultPlaylistId: yellow });
    const switchAt = Date.now() + 20_000;
    await admin.call('POST', '/api/v1/schedules', {
      name: 'Magenta for a moment',
      playlistId: magenta,
      deviceIds: [deviceId],
      cronExpression: '* * * * *',
      timezone: 'UTC',
      priority: 50,
      endDate: new Date(switchAt).toISOString(),
    });
    await waitForShown(page, images.magenta);
    // Both colours are in the offline cache before the server goes, and only they: the
    // images of the ended publishes were pruned.
    const cachedPaths = async (): Promise<string[]> =>
      page.evaluate(async () => {
        const cache = await caches.open('vizora-media-v1');
        return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
      });
    const pathOf = async (id: string): Promise<string> =>
      `/api/v1/media/${(await admin.call('GET', `/api/v1/content/${id}`)).content.metadata.sha256}.png`;
    const expected = [await pathOf(images.yellow), await pathOf(images.magenta)].sort();
    await expect.poll(cachedPaths, { timeout: 10_000 }).toEqual(expected);
    const before = await playerState(page);
    await server.stop();
    await page.waitForFunction(() => (window as any).vizora.connected === false, null, { timeout: 10_000 });
    expect(await shownContent(page)).toBe(images.magenta);
    await waitForShown(page, images.yellow, switchAt - Date.now() + 5000);
    expect(Date.now()).toBeGreaterThanOrEqual(switchAt - 1500);

    await page.reload();
    await waitForShown(page, images.yellow, 10_000);
    const after = await playerState(page);
    expect(after.state).toBe('playing');
    expect(after.connected).toBe(false);
    expect(after.impressionsRecorded).toBeGreaterThan(before.impressionsRecorded);
    expect(after.eventsQueued).toBeGreaterThan(0);
  });

  it('reconnects when the server returns and counts every impression exactly once', async () => {
    // What waits in the queue now will be sent again later, to prove resending is harmless.
    const queued = await page.evaluate(() => localStorage.getItem('vizora.events'));
    const token = await page.evaluate(() => localStorage.getItem('vizora.deviceToken'));
    await server.resume();
    await page.waitForFunction(() => (window as any).vizora.connected === true, null, { timeout: 40_000 });
    await page.waitForFunction(() => (window as any).vizora.eventsQueued === 0, null, { timeout: 20_000 });
    await expect
      .poll(async () => (await admin.call('GET', `/api/v1/devices/${deviceId}`)).device.status)
      .toBe('online');
    // The dashboard's socket went with the server: a new one.
    dashboard.close();
    dashboard = await admin.dashboard();

    const resent = await fetch(`${server.url}/api/v1/device/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: JSON.parse(queued ?? '[]') }),
    });
    expect(resent.status).toBe(200);

    // The screen's count of impressions since pairing equals the server's.
    const counts = async (): Promise<[number, number]> => {
      const recorded = (await playerState(page)).impressionsRecorded as number;
      let stored = 0;
      for (const n of (await admin.impressions()).values()) stored += n;
      return [recorded, stored];
    };
    await expect
      .poll(
        async () => {
          const [recorded, stored] = await counts();
          const queuedNow = (await playerState(page)).eventsQueued;
          return queuedNow === 0 && recorded === stored ? 'equal' : `${recorded} vs ${stored}`;
        },
        { timeout: 15_000 },
      )
      .toBe('equal');
    const [recorded] = await counts();
    expect(recorded).toBeGreaterThanOrEqual(4);
  });

  it('answers identify, screenshot, clear-cache and reload', async () => {
    await admin.call('POST', `/api/v1/devices/${deviceId}/commands`, { command: 'identify' }, 202);
    await expect
      .poll(async () =>
        page
          .locator('.identify-name')
          .textContent()
          .catch(() => null),
      )
      .toBe('Lobby');

    const shot = await admin.call(
      'POST',
      `/api/v1/devices/${deviceId}/commands`,
      { command: 'screenshot' },
      202,
    );
    const result = await dashboard.next((f) => f.type === 'command:result' && f.commandId === shot.commandId);
    expect(result.ok).toBe(true);
    expect(result.data.current.contentId).toBe(images.yellow);
    expect(result.data.image).toMatch(/^data:image\/jpeg;base64,/);

    const clear = await admin.call(
      'POST',
      `/api/v1/devices/${deviceId}/commands`,
      { command: 'clear-cache' },
      202,
    );
    const cleared = await dashboard.next(
      (f) => f.type === 'command:result' && f.commandId === clear.commandId,
    );
    expect(cleared.ok).toBe(true);
    expect(cleared.data.removed).toBeGreaterThanOrEqual(1);
    // The timeline's media come back into the cache.
    await page.waitForFunction(() => (window as any).vizora.mediaCached >= 1, null, { timeout: 10_000 });

    const reloaded = page.waitForEvent('load', { timeout: 10_000 });
    await admin.call('POST', `/api/v1/devices/${deviceId}/commands`, { command: 'reload' }, 202);
    await reloaded;
    await waitForShown(page, images.yellow);
  });

  it('goes back to pairing when unpaired', async () => {
    await admin.call('DELETE', `/api/v1/devices/${deviceId}`, undefined, 204);
    await page.getByTestId('pairing-code').waitFor({ timeout: 15_000 });
    await expect.poll(async () => page.getByTestId('pairing-code').textContent()).toMatch(/^[A-Z2-9]{6}$/);
    expect(await page.evaluate(() => localStorage.getItem('vizora.deviceToken'))).toBeNull();
  });

  it('speaks the language on its address, and keeps it', async () => {
    // Another screen, with a browser of its own (an English one).
    const screen = await launchChromium();
    const german = await screen.context.newPage();
    await german.goto(`${server.url}/player/?lang=de`);
    await expect.poll(async () => german.getByTestId('pairing-code').textContent()).toMatch(/^[A-Z2-9]{6}$/);
    expect(await german.locator('html').getAttribute('lang')).toBe('de');
    expect(await german.locator('.pairing-line').textContent()).toBe(
      'Wähle im Vizora-Dashboard „Bildschirm koppeln“ und gib diesen Code ein, oder scanne den QR-Code.',
    );
    expect(await german.getByTestId('pairing-code').getAttribute('aria-label')).toBe('Kopplungscode');
    expect(await seriousViolations(german)).toEqual([]);
    // A TV restarts on its bare address: the language stays.
    await german.goto(`${server.url}/player/`);
    await expect
      .poll(async () => german.locator('.pairing-line').textContent())
      .toContain('Bildschirm koppeln');
    await screen.close();
  });
});
