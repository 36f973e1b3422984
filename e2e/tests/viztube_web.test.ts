// VizTube's web app in real Chromium against the real server (issue 19), the journey of two
// people: Ada signs up in the browser; her video (uploaded through the API for now) is made
// into its HLS ladder; Grace signs up, finds it by searching as she types, watches it (the
// video plays: its clock advances and a rendition's segments were fetched), likes it and
// subscribes, and the server agrees.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../support/browser';
import { solidPng } from '../support/png';
import { makeVideo } from '../support/samples';
import { repoRoot, startVizTube, type VizoraServer } from '../support/server';

const screenshots = process.env.VIZORA_SCREENSHOTS ? join(repoRoot, 'docs/screenshots') : null;

let server: VizoraServer;
let browser: Browser;
let page: Page;
let videoId = '';

beforeAll(async () => {
  server = await startVizTube();
  browser = await launchChromium();
  page = await browser.context.newPage();
  if (screenshots) mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function shot(name: string): Promise<void> {
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`) });
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

it('signs up in the browser, and her upload becomes a ladder', async () => {
  await signUp('Ada Lovelace', 'ada');
  const login = await api('/api/v2/user/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'ada', password: 'correct horse' }),
  });
  const token = login.data.accessToken as string;
  const form = new FormData();
  form.set('title', 'Sunset over the harbour');
  form.set('description', 'Eight seconds of a test pattern.');
  form.set('videoFile', new Blob([new Uint8Array(makeVideo(8))], { type: 'video/webm' }), 'sunset.webm');
  const created = await api('/api/v2/videos', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  expect(created.status).toBe(201);
  videoId = created.data.id;
  for (let i = 0; i < 600; i++) {
    const v = await api(`/api/v2/videos/${videoId}`, { headers: { Authorization: `Bearer ${token}` } });
    if (v.data.processing.state === 'ready') break;
    expect(v.data.processing.state).not.toBe('failed');
    await new Promise((r) => setTimeout(r, 200));
  }
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
  await page.getByRole('button', { name: 'Like (1)', pressed: true }).waitFor();
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page.getByRole('button', { name: 'Subscribed', pressed: true }).waitFor();
  await page.getByText('1 subscriber', { exact: true }).waitFor();

  const video = await api(`/api/v2/videos/${videoId}`);
  expect(video.data.likesCount).toBe(1);
  expect(video.data.views).toBe(1);
  const channel = await api('/api/v2/user/c/ada');
  expect(channel.data.subscriberCount).toBe(1);
});
