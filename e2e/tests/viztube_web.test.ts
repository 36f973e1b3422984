// VizTube's web app in real Chromium against the real server (issue 19), the journey of two
// people: Ada signs up in the browser and uploads her video with tus, reloading the page
// half-way and continuing where it stopped, then follows its HLS ladder being made; Grace signs up, finds it by searching as she types, watches it (the
// video plays: its clock advances and a rendition's segments were fetched), likes it and
// subscribes, and the server agrees.

import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchChromium, type Browser } from '../support/browser';
import { solidPng } from '../support/png';
import { makeVideo } from '../support/samples';
import { repoRoot, startVizTube, type VizoraServer } from '../support/server';

const screenshots = process.env.VIZORA_SCREENSHOTS ? join(repoRoot, 'docs/screenshots') : null;

let server: VizoraServer;
let browser: Browser;
let page: Page;
let videoId = '';
let clip = '';
let workDir = '';

beforeAll(async () => {
  server = await startVizTube();
  browser = await launchChromium();
  page = await browser.context.newPage();
  // A file on disk, as a person picks one: the same name, size and date after a reload.
  workDir = mkdtempSync(join(tmpdir(), 'viztube-web-'));
  clip = join(workDir, 'harbour.webm');
  writeFileSync(clip, makeVideo(8));
  if (screenshots) mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function shot(name: string): Promise<void> {
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

async function expectAccessible(where: string): Promise<void> {
  expect(await seriousViolations(page), where).toEqual([]);
}

async function signUp(name: string, username: string): Promise<void> {
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill('correct horse');
  await page.getByLabel('Avatar').setInputFiles({
    name: 'me.png',
    mimeType: 'image/png',
    buffer: solidPng(64, 64, [40, 90, 200]),
  });
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('link', { name: `Your channel (${name})` }).waitFor();
}

async function api(path: string, init: RequestInit = {}): Promise<{ status: number; data: any }> {
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, data: ((await response.json()) as { data: unknown }).data };
}

it('signs up, uploads through tus across a page reload, and sees the ladder made', async () => {
  await signUp('Ada Lovelace', 'ada');
  await page.getByRole('link', { name: 'Upload a video' }).click();
  await page.getByLabel('Video file').setInputFiles(clip);
  await page.getByLabel('Title').fill('Sunset over the harbour');
  await page.getByLabel('Description').fill('Eight seconds of a test pattern.');

  // Slow enough to reload mid-way: the upload is throttled to 24 KB/s.
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.enable');
  const throttle = (bytesPerSecond: number) =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond,
    });
  await throttle(24 * 1024);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const progress = page.getByRole('progressbar', { name: 'Upload progress' });
  await page.waitForFunction(
    () =>
      Number(document.querySelector('[aria-label="Upload progress"]')?.getAttribute('aria-valuenow')) >= 20,
    null,
    { timeout: 30_000 },
  );
  await shot('viztube-upload');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume' }).waitFor();
  const pausedAt = Number(await progress.getAttribute('aria-valuenow'));
  expect(pausedAt).toBeGreaterThanOrEqual(20);
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.reload();
  await throttle(-1);

  // The form comes back as it was; the same file continues where the server stands.
  await page.getByText(/Your upload of “harbour\.webm” .* was interrupted/).waitFor();
  await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Sunset over the harbour');
  const offsets: number[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PATCH' && r.url().includes('/api/v2/uploads/')) {
      offsets.push(Number(r.headers()['upload-offset']));
    }
  });
  await page.getByLabel('Video file').setInputFiles(clip);
  await page.getByRole('button', { name: 'Continue upload' }).click();
  await page.waitForURL(/\/upload\/[0-9a-f-]{36}$/);
  videoId = page.url().split('/').pop() ?? '';
  expect(offsets[0]).toBeGreaterThan(0);
  const { size } = statSync(clip);
  expect(offsets[0]).toBeLessThan(size);
  await page.getByText('Ready: it plays in every quality.').waitFor({ timeout: 120_000 });
  await expect(
    page.getByRole('list', { name: 'Qualities' }).getByRole('listitem').count(),
  ).resolves.toBeGreaterThan(0);
  await shot('viztube-processing');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
});

it('lets another viewer search, watch, like and subscribe', async () => {
  await signUp('Grace Hopper', 'grace');
  await page.goto(server.url);
  await page.getByRole('searchbox', { name: 'Search videos' }).fill('harbour');
  await page.getByRole('heading', { name: /1 results? for “harbour”/ }).waitFor();
  await page.locator('article img').first().waitFor();
  await shot('viztube-search');
  await expectAccessible('search results');

  const segments: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v2/media/') && r.url().includes('.ts')) segments.push(r.url());
  });
  const started = Date.now();
  await page.getByRole('link', { name: 'Sunset over the harbour' }).click();
  await page.waitForURL(`**/watch/${videoId}`);
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0, null, {
    timeout: 30_000,
  });
  console.log(`watch page: playback started ${Date.now() - started} ms after the click`);
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5);
  await shot('viztube-watch');
  expect(segments.length).toBeGreaterThan(0);
  await expect(page.getByLabel('Quality').locator('option').count()).resolves.toBeGreaterThan(1);

  await page.getByRole('button', { name: /^Like/ }).click();
  await page.getByRole('button', { name: /^Like\s*1$/, pressed: true }).waitFor();
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page.getByRole('button', { name: 'Subscribed', pressed: true }).waitFor();
  await page.getByText('1 subscriber', { exact: true }).waitFor();

  // A comment, then a second thought.
  await page.getByLabel('Add a comment').fill('Lovely colours');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  const mine = page.getByRole('listitem', { name: 'Comment by Grace Hopper' });
  await mine.getByText('Lovely colours').waitFor();
  await page.getByRole('heading', { name: '1 comment' }).waitFor();
  await mine.getByRole('button', { name: 'Edit' }).click();
  await mine.getByLabel('Edit your comment').fill('Lovely colours, and so calm');
  await mine.getByRole('button', { name: 'Save' }).click();
  await mine.getByText('Lovely colours, and so calm').waitFor();
  await mine.getByText('(edited)', { exact: false }).waitFor();
  await expectAccessible('watch page');

  const video = await api(`/api/v2/videos/${videoId}`);
  expect(video.data.likesCount).toBe(1);
  expect(video.data.views).toBe(1);
  const channel = await api('/api/v2/user/c/ada');
  expect(channel.data.subscriberCount).toBe(1);
});

it('shows the channel its numbers in the studio, where its owner runs it', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email or username').fill('ada');
  await page.getByLabel('Password').fill('correct horse');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Studio' }).click();

  // What the server counts for her channel, as the page must show it: Grace's view, the API
  // look above, and the watch page's own reload when Grace signed out (a new, anonymous viewer).
  const login = await api('/api/v2/user/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'ada', password: 'correct horse' }),
  });
  const stats = await api('/api/v2/dashboard/stats', {
    headers: { Authorization: `Bearer ${login.data.accessToken}` },
  });
  const views = String(stats.data.totalViews);
  expect(stats.data.totalViews).toBeGreaterThanOrEqual(2);
  const totals = page.locator('dl');
  for (const [label, value] of [
    ['Views', views],
    ['Subscribers', '1'],
    ['Likes', '1'],
    ['Videos', '1'],
  ]) {
    const card = totals.locator('div', { has: page.getByText(label, { exact: true }) });
    await expect.poll(() => card.locator('dd').textContent(), { message: label }).toBe(value);
  }
  await page.locator('canvas').first().waitFor();
  await shot('viztube-studio');
  await expectAccessible('studio overview');

  // Hidden, it leaves the public list; public again, it is back. Then a better title.
  await page.getByRole('link', { name: 'Videos', exact: true }).click();
  const visibility = page.getByRole('switch', { name: 'Public: Sunset over the harbour' });
  await visibility.click();
  await page.getByRole('switch', { name: 'Public: Sunset over the harbour', checked: false }).waitFor();
  expect((await api('/api/v2/videos')).data.totalDocs).toBe(0);
  await visibility.click();
  await page.getByRole('switch', { name: 'Public: Sunset over the harbour', checked: true }).waitFor();
  expect((await api('/api/v2/videos')).data.totalDocs).toBe(1);
  await page.getByRole('button', { name: 'Edit Sunset over the harbour' }).click();
  await page.getByRole('dialog').getByLabel('Title').fill('Sunset over the old harbour');
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await page.getByRole('switch', { name: 'Public: Sunset over the old harbour' }).waitFor();
  await expectAccessible('studio videos');

  // A playlist, and the video saved to it from its page.
  await page.getByRole('link', { name: 'Playlists', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Evenings');
  await page.getByRole('button', { name: 'Create playlist' }).click();
  await page.getByRole('link', { name: /Evenings/ }).waitFor();
  await page.goto(`${server.url}/watch/${videoId}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save to Evenings' }).click();
  await page.getByRole('dialog').getByText('Saved').waitFor();
  await page.keyboard.press('Escape');

  // As the video's owner she may remove Grace's comment.
  const comment = page.getByRole('listitem', { name: 'Comment by Grace Hopper' });
  await comment.getByRole('button', { name: 'Delete' }).click();
  await comment.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('heading', { name: '0 comments' }).waitFor();

  // A cover for her channel, from the studio's settings.
  await page.getByRole('link', { name: 'Studio' }).click();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('New cover').setInputFiles({
    name: 'cover.png',
    mimeType: 'image/png',
    buffer: solidPng(600, 100, [200, 80, 40]),
  });
  // The server re-encodes the picture first: on a busy machine that is more than expect.poll's
  // default second.
  await expect
    .poll(() => page.getByRole('region', { name: 'Pictures' }).locator('img').count(), { timeout: 15_000 })
    .toBe(2);
  await expectAccessible('studio settings');

  // Her channel: the cover, the subscriber, the video, the playlist.
  await page.goto(`${server.url}/c/ada`);
  await page.getByText('@ada · 1 subscriber').waitFor();
  const cover = (await api('/api/v2/user/c/ada')).data.coverImage as string;
  expect(cover).toBeTruthy();
  await page.locator(`header img[src="${cover}"]`).waitFor();
  await page.getByRole('link', { name: 'Sunset over the old harbour' }).first().waitFor();
  await shot('viztube-channel');
  await expectAccessible('channel page');
  await page.getByRole('link', { name: 'Playlists', exact: true }).click();
  await page.getByRole('link', { name: /Evenings\s*1 video/ }).click();
  await page.getByRole('heading', { name: 'Evenings' }).waitFor();
  await page.getByRole('link', { name: 'Sunset over the old harbour' }).first().waitFor();
});

it('fits a 360 px phone and reads in the dark, without serious accessibility faults', async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const path of [
    '/',
    `/watch/${videoId}`,
    '/upload',
    '/studio',
    '/studio/videos',
    '/studio/settings',
    '/c/ada',
  ]) {
    await page.goto(`${server.url}${path}`);
    await page.locator('main h1, main article, main h2').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
    await expectAccessible(`${path} on a phone, dark`);
  }
  await page.goto(`${server.url}/watch/${videoId}`);
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0, null, {
    timeout: 30_000,
  });
  await shot('viztube-phone-dark');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
});
