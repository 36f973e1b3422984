// The player left on a static image for SOAK_MINUTES (default 10): CPU of the whole Chromium
// process tree (from /proc) and of the page's main thread (DevTools TaskDuration), and the JS
// heap (after a forced garbage collection) and DOM size over time, to show it stays idle and
// does not grow.
// Run: bench/player/run (MINUTES=10 by default there); figures go to docs/BENCHMARKS.md.

import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { Admin } from '../support/admin';
import { chromiumArgs, chromiumPath } from '../support/browser';
import { solidPng } from '../support/png';
import { VizoraServer } from '../support/server';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const sampleEveryMs = Math.min(30_000, (minutes * 60_000) / 10);
const ticksPerSecond = 100; // USER_HZ on Linux

// Total CPU ticks (user + system) of the Chromium processes below pid (this test's own).
function treeTicks(root: number): number {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const isChromium = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('chrom');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      if (isChromium) ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
    } catch {
      /* gone meanwhile */
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p && p > 1; p = parents.get(p)) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return total;
}

it(`keeps a static image on screen for ${minutes} minutes without CPU or memory growth`, async () => {
  const server = await VizoraServer.start();
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const admin = await Admin.register(server.url);
    const image = await admin.uploadImage('still', solidPng(1920, 1080, [30, 80, 160]));
    const playlist = await admin.playlist('Still', [{ contentId: image, duration: 60 }]);
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await page.goto(`${server.url}/player/`);
    const code = page.getByTestId('pairing-code');
    await expect.poll(async () => code.textContent(), { timeout: 10_000 }).toMatch(/^[A-Z2-9]{6}$/);
    const deviceId = await admin.completePairing((await code.textContent())!, 'Soak');
    await page.waitForFunction(() => (window as any).vizora.connected === true);

    // Publish-to-pixels, 20 times: the API call until the image is decoded in a layer that is
    // no longer leaving (two playlists in turn, so each publish changes the screen).
    const other = await admin.uploadImage('other', solidPng(1920, 1080, [160, 60, 30]));
    const otherPlaylist = await admin.playlist('Other', [{ contentId: other, duration: 60 }]);
    const timings: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [list, content] = i % 2 === 0 ? [otherPlaylist, other] : [playlist, image];
      const started = Date.now();
      await admin.publish(list, deviceId, 24 * 60);
      await page.waitForFunction(
        (id) => {
          const layer = document.querySelector<HTMLElement>(`.layer[data-content-id="${id}"]`);
          const img = layer?.querySelector('img');
          return !!img && layer!.dataset.state !== 'leaving' && img.complete && img.naturalWidth > 0;
        },
        content,
        { polling: 'raf' },
      );
      timings.push(Date.now() - started);
    }
    timings.sort((a, b) => a - b);
    console.log(
      `publish-to-pixels over ${timings.length} publishes: min ${timings[0]} ms, p50 ${timings[9]} ms, p95 ${timings[18]} ms, max ${timings[19]} ms`,
    );
    await page.locator(`.layer[data-content-id="${image}"][data-state="shown"]`).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // Live objects only: garbage is collected before each reading, so growth means a leak.
    const metrics = async (): Promise<Record<string, number>> =>
      (await cdp.send('HeapProfiler.collectGarbage'), 0) ||
      Object.fromEntries(
        ((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).map((m) => [
          m.name,
          m.value,
        ]),
      );
    await page.waitForTimeout(10_000); // settle

    const pid = process.pid;
    const rows: string[] = [];
    const start = { ticks: treeTicks(pid), at: Date.now(), m: await metrics() };
    let last = { ...start };
    const heaps: number[] = [];
    while (Date.now() - start.at < minutes * 60_000) {
      await page.waitForTimeout(sampleEveryMs);
      const now = { ticks: treeTicks(pid), at: Date.now(), m: await metrics() };
      const wall = (now.at - last.at) / 1000;
      const treeCpu = ((now.ticks - last.ticks) / ticksPerSecond / wall) * 100;
      const mainCpu = ((now.m.TaskDuration - last.m.TaskDuration) / wall) * 100;
      heaps.push(now.m.JSHeapUsedSize);
      rows.push(
        `| ${Math.round((now.at - start.at) / 1000)} s | ${treeCpu.toFixed(2)} % | ${mainCpu.toFixed(3)} % | ${(now.m.JSHeapUsedSize / 1e6).toFixed(2)} MB | ${now.m.Nodes} | ${now.m.JSEventListeners} |`,
      );
      last = now;
    }
    const wall = (last.at - start.at) / 1000;
    const treeCpu = ((last.ticks - start.ticks) / ticksPerSecond / wall) * 100;
    const mainCpu = ((last.m.TaskDuration - start.m.TaskDuration) / wall) * 100;
    console.log(
      [
        `player soak: ${minutes} min on a static 1920×1080 image (Chromium ${browser.version()}, headless, software rendering)`,
        '| at | CPU, all Chromium processes | CPU, page main thread | JS heap | DOM nodes | listeners |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
        `average CPU: ${treeCpu.toFixed(2)} % (all processes), ${mainCpu.toFixed(3)} % (main thread)`,
        `JS heap: ${(start.m.JSHeapUsedSize / 1e6).toFixed(2)} MB at start, ${(Math.max(...heaps) / 1e6).toFixed(2)} MB at most, ${(last.m.JSHeapUsedSize / 1e6).toFixed(2)} MB at the end; DOM nodes ${start.m.Nodes} → ${last.m.Nodes}`,
        `impressions recorded: ${(await page.evaluate(() => (window as any).vizora.impressionsRecorded)) as number}`,
      ].join('\n'),
    );
    expect(treeCpu).toBeLessThan(5);
    expect(last.m.Nodes).toBeLessThanOrEqual(start.m.Nodes * 1.1 + 20);
  } finally {
    await browser.close();
    await server.dispose();
  }
});
