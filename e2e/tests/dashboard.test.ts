// The dashboard in real Chromium against the real server (issue 9), as a new customer uses it:
// sign up, see the empty overview, pair the real player open in a second tab by its code, and
// watch the screen come online in the list without a reload; upload an image, build a playlist,
// publish it, and see the screen play it; then every other page once (a screen's 48 h and
// commands, schedules, ending a publish, the team, analytics, the in-use warning, a phone),
// sign out and back in, and unpair.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchChromium, type Browser } from '../support/browser';
import { solidPng } from '../support/png';
import { repoRoot, VizoraServer } from '../support/server';

const screenshots = process.env.VIZORA_SCREENSHOTS ? join(repoRoot, 'docs/screenshots') : null;

let server: VizoraServer;
let browser: Browser;
let dashboard: Page;
let player: Page;
const scratch = mkdtempSync(join(tmpdir(), 'vizora-dashboard-'));

// Pages also photographed in the dark theme (the dashboard follows the system's).
const darkShots = new Set(['dashboard-screens', 'dashboard-overview-playing']);

// Each page a screenshot is taken of is also checked by axe-core, in the light theme and the
// dark one: no serious or critical violation of WCAG 2.1 A/AA (contrast included).
async function shot(page: Page, name: string): Promise<void> {
  // Colours that transition (buttons) are judged once they have arrived (or were cancelled).
  await page.evaluate(() => Promise.allSettled(document.getAnimations().map((a) => a.finished)));
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`) });
  expect(await seriousViolations(page), name).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  try {
    // Colours that transition (buttons) are judged once they have arrived.
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), `${name}, dark`).toBe(
      'rgb(2, 6, 23)', // slate-950
    );
    if (screenshots && darkShots.has(name))
      await page.screenshot({ path: join(screenshots, `${name}-dark.png`) });
    expect(await seriousViolations(page), `${name}, dark`).toEqual([]);
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
}

beforeAll(async () => {
  server = await VizoraServer.start();
  browser = await launchChromium();
  dashboard = await browser.context.newPage();
  player = await browser.context.newPage();
  if (screenshots) mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the dashboard', () => {
  it('signs up a new business and lands on its overview', async () => {
    await dashboard.goto(`${server.url}/`);
    await dashboard.waitForURL(/\/sign-in$/);
    await shot(dashboard, 'dashboard-sign-in');
    await dashboard.getByRole('link', { name: 'Create an account' }).click();
    await dashboard.getByRole('textbox', { name: 'First name' }).fill('Ada');
    await dashboard.getByRole('textbox', { name: 'Last name' }).fill('Lovelace');
    await dashboard.getByRole('textbox', { name: 'Business name' }).fill('Acme Cafés');
    await dashboard.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await dashboard.getByLabel('Password').fill('correct horse battery');
    await dashboard.getByRole('button', { name: 'Create account' }).click();
    await dashboard.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(await dashboard.getByText('Screens in use').locator('..').textContent()).toContain('0 of 5');
    await shot(dashboard, 'dashboard-overview');
  });

  it('pairs the player by its code and shows it online without a reload', async () => {
    await player.goto(`${server.url}/player/`);
    const codeOnScreen = player.getByTestId('pairing-code');
    await expect.poll(async () => codeOnScreen.textContent(), { timeout: 10_000 }).toMatch(/^[A-Z2-9]{6}$/);
    const code = (await codeOnScreen.textContent()) ?? '';

    await dashboard.getByRole('link', { name: 'Screens' }).click();
    await dashboard.getByRole('heading', { name: 'No screens yet' }).waitFor();
    await dashboard.getByRole('button', { name: 'Pair a screen' }).first().click();
    const dialog = dashboard.getByRole('dialog', { name: 'Pair a screen' });
    await dialog.getByRole('textbox', { name: 'Pairing code' }).fill(code.toLowerCase());
    await dialog.getByRole('textbox', { name: 'Screen name' }).fill('Lobby');
    await dialog.getByRole('button', { name: 'Pair screen' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The player collects its token, connects, and the list hears it over /ws/admin.
    const row = dashboard.getByRole('row', { name: /Lobby/ });
    await row.getByText('Online').waitFor({ timeout: 15_000 });
  });

  it('tells a wrong code in words', async () => {
    await dashboard.getByRole('button', { name: 'Pair a screen' }).first().click();
    const dialog = dashboard.getByRole('dialog', { name: 'Pair a screen' });
    await dialog.getByRole('textbox', { name: 'Pairing code' }).fill('ZZZZZZ');
    await dialog.getByRole('textbox', { name: 'Screen name' }).fill('Nowhere');
    await dialog.getByRole('button', { name: 'Pair screen' }).click();
    expect(await dialog.getByRole('alert').textContent()).toContain('not valid or has expired');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('opens the pair dialog from the QR link with the code filled in', async () => {
    await dashboard.goto(`${server.url}/pair?code=AB12CD`);
    const dialog = dashboard.getByRole('dialog', { name: 'Pair a screen' });
    expect(await dialog.getByRole('textbox', { name: 'Pairing code' }).inputValue()).toBe('AB12CD');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('uploads an image with progress, builds a playlist, publishes it, and sees it playing', async () => {
    await dashboard.getByRole('link', { name: 'Content' }).click();
    await dashboard.getByRole('heading', { name: 'Your library is empty' }).waitFor();
    const png = join(scratch, 'Opening hours.png');
    writeFileSync(png, solidPng(640, 360, [30, 80, 220]));
    await dashboard.getByLabel('Files to upload').setInputFiles(png);
    const progress = dashboard.getByRole('progressbar', { name: 'Uploading Opening hours.png' });
    await expect.poll(() => progress.getAttribute('aria-valuenow'), { timeout: 10_000 }).toBe('100');
    // Stored as "processing", then "ready" when the server's content:ready arrives.
    const card = dashboard.getByRole('listitem', { name: 'Opening hours' });
    await card.getByText('Ready').waitFor({ timeout: 20_000 });
    await card.locator('img[src$="/thumbnail"]').waitFor();
    // Tag it from its preview, then find it by a tag.
    await card.getByRole('button', { name: 'Opening hours', exact: true }).click();
    const preview = dashboard.getByRole('dialog', { name: 'Opening hours' });
    await preview.getByRole('textbox', { name: 'Tags' }).fill('hours, window');
    await preview.getByRole('button', { name: 'Save' }).click();
    await preview.waitFor({ state: 'detached' });
    await card.getByText('hours · window').waitFor();
    await dashboard.getByRole('searchbox', { name: 'Search content' }).fill('window');
    await card.waitFor();
    await dashboard.getByRole('searchbox', { name: 'Search content' }).fill('nothing like it');
    await dashboard.getByText('Nothing matches').waitFor();
    await dashboard.getByRole('searchbox', { name: 'Search content' }).fill('');
    await shot(dashboard, 'dashboard-content');

    await dashboard.getByRole('link', { name: 'Playlists' }).click();
    await dashboard.getByRole('link', { name: 'New playlist' }).first().click();
    await dashboard.getByRole('textbox', { name: 'Playlist name' }).fill('Front window');
    await dashboard
      .getByRole('combobox', { name: 'Add from the library' })
      .selectOption({ label: 'Opening hours' });
    await dashboard.getByRole('button', { name: 'Add', exact: true }).click();
    await dashboard.getByRole('spinbutton', { name: 'Seconds for Opening hours' }).fill('15');
    expect(await dashboard.getByText('Plays once in').textContent()).toBe('Plays once in 15s');
    // The preview plays it as a screen would.
    await dashboard.getByRole('region', { name: 'Preview' }).locator('img').waitFor();
    await dashboard.getByRole('button', { name: 'Save' }).click();
    await dashboard.waitForURL(/\/playlists\/[0-9a-f-]{36}$/);
    await shot(dashboard, 'dashboard-playlist');

    await dashboard.getByRole('button', { name: 'Publish now' }).click();
    const dialog = dashboard.getByRole('dialog', { name: 'Publish now' });
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await dashboard.getByText('Published: screens are switching to it now.').waitFor();

    // The real player shows it, and the dashboard hears what the screen plays.
    await player.waitForSelector('.layer[data-state="shown"] img', { timeout: 10_000 });
    await dashboard.getByRole('link', { name: 'Screens' }).click();
    await dashboard
      .getByRole('row', { name: /Lobby/ })
      .getByText('Opening hours')
      .waitFor({ timeout: 15_000 });
    await shot(dashboard, 'dashboard-screens');
  });

  it("shows a screen's next 48 hours and takes a screenshot of it", async () => {
    await dashboard.getByRole('link', { name: 'Lobby' }).click();
    await dashboard.getByRole('heading', { name: 'Lobby' }).waitFor();
    const timeline = dashboard.getByRole('region', { name: 'The next 48 hours' });
    await timeline.getByText('Front window').first().waitFor();
    expect(await timeline.textContent()).toContain('Published now');
    await dashboard.getByRole('button', { name: 'Screenshot' }).click();
    await dashboard.getByRole('img', { name: 'What Lobby shows' }).waitFor({ timeout: 10_000 });
    await dashboard.getByRole('textbox', { name: 'New group' }).fill('Ground floor');
    await dashboard.getByRole('button', { name: 'Create and add' }).click();
    await dashboard.getByRole('checkbox', { name: 'Ground floor' }).waitFor();
    expect(await dashboard.getByRole('checkbox', { name: 'Ground floor' }).isChecked()).toBe(true);
    await dashboard.getByRole('button', { name: 'Save settings' }).click();
    await dashboard.getByText('Saved.').waitFor();
    await shot(dashboard, 'dashboard-screen-detail');
  });

  it('schedules a playlist in plain words and shows the week ahead', async () => {
    await dashboard.getByRole('link', { name: 'Schedules' }).click();
    await dashboard.getByRole('heading', { name: 'No schedules yet' }).waitFor();
    await dashboard.getByRole('button', { name: 'New schedule' }).first().click();
    const dialog = dashboard.getByRole('dialog', { name: 'New schedule' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Mornings');
    await dialog.getByRole('combobox', { name: 'Playlist' }).selectOption({ label: 'Front window' });
    await dialog
      .getByRole('combobox', { name: 'When' })
      .selectOption({ label: 'Weekdays (Monday to Friday)' });
    await dialog.getByLabel('From').fill('09:00');
    await dialog.getByLabel('Until').fill('11:00');
    await dialog.getByRole('textbox', { name: 'Time zone' }).fill('UTC');
    await dialog.getByRole('checkbox', { name: 'Lobby' }).check();
    await dialog.getByRole('button', { name: 'Create schedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await dashboard.getByText('Weekdays 09:00–11:00 (UTC)').waitFor();
    await dashboard.getByRole('region', { name: 'The week ahead' }).waitFor();
    await shot(dashboard, 'dashboard-schedules');
  });

  it('shows the active publish on the overview and ends it', async () => {
    await dashboard.getByRole('link', { name: 'Overview' }).click();
    const publishes = dashboard.getByRole('region', { name: 'Published now' });
    await publishes.getByText('on all screens, until ended').waitFor();
    await dashboard.getByRole('region', { name: 'Playing now' }).getByText('Opening hours').waitFor();
    await shot(dashboard, 'dashboard-overview-playing');
    await publishes.getByRole('button', { name: 'End Front window' }).click();
    await publishes.waitFor({ state: 'detached' });
  });

  it('adds a teammate and shows the plan and recent activity', async () => {
    await dashboard.getByRole('link', { name: 'Team', exact: true }).click();
    await dashboard.getByText('1 of 5 screens').waitFor();
    await dashboard.getByRole('button', { name: 'Add with a password' }).click();
    const dialog = dashboard.getByRole('dialog', { name: 'Add a person' });
    await dialog.getByRole('textbox', { name: 'First name' }).fill('Grace');
    await dialog.getByRole('textbox', { name: 'Last name' }).fill('Hopper');
    await dialog.getByRole('textbox', { name: 'Email' }).fill('grace@example.com');
    await dialog.getByLabel('First password').fill('another good password');
    await dialog.getByRole('button', { name: 'Add person' }).click();
    await dialog.waitFor({ state: 'detached' });
    await dashboard.getByRole('combobox', { name: 'Role of Grace Hopper' }).waitFor();
    expect(await dashboard.getByRole('region', { name: 'Recent activity' }).textContent()).toContain(
      'Screen paired',
    );
    await shot(dashboard, 'dashboard-team');
  });

  it('reports uptime and exports impressions as CSV', async () => {
    await dashboard.getByRole('link', { name: 'Analytics' }).click();
    const uptime = dashboard.getByRole('region', { name: 'Uptime' });
    await uptime.getByText('Lobby').waitFor();
    const csv = await dashboard.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const answer = await dashboard.request.get(`${server.url}${csv}`);
    expect(answer.status()).toBe(200);
    expect((await answer.text()).split('\r\n')[0]).toBe(
      'id,startedAt,deviceId,deviceName,contentId,contentTitle,playlistId,durationMs,completed',
    );
    await shot(dashboard, 'dashboard-analytics');
  });

  it('draws the chart over the whole period chosen, in the organization’s days', async () => {
    // Today's plays are the only data: the axis must still span each period, not stretch one
    // point over years.
    const chart = dashboard.getByRole('img', { name: /Impressions per screen per day/ });
    const period = dashboard.getByLabel('Period');
    // The player reports a play once it ends: choosing a period reads the report again. (Once,
    // in a whole make test, no chart came within 60 s; the message says what there was.)
    const seen = async (): Promise<string> =>
      JSON.stringify({
        player: await player.evaluate(() => {
          const { impressionsRecorded, eventsQueued, connected, current } = (window as any).vizora;
          return { impressionsRecorded, eventsQueued, connected, current };
        }),
        report: await dashboard.evaluate(async () => {
          const to = new Date().toISOString();
          const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
          const r = await fetch(`/api/v1/analytics/devices/impressions?from=${from}&to=${to}`);
          return r.json();
        }),
      });
    await expect
      .poll(
        async () => {
          await period.selectOption({ label: 'Last 30 days' });
          await period.selectOption({ label: 'Last 7 days' });
          return chart.count();
        },
        { timeout: 90_000, interval: 2_000, message: 'a chart of the impressions' },
      )
      .toBe(1)
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\n${await seen()}`);
      });
    for (const [label, days] of [
      ['Last 24 hours', 2],
      ['Last 7 days', 8],
      ['Last 30 days', 31],
      ['Last 90 days', 91],
    ] as const) {
      await period.selectOption({ label });
      await expect
        .poll(
          async () => {
            const from = Date.parse((await chart.getAttribute('data-axis-from')) ?? '');
            const to = Date.parse((await chart.getAttribute('data-axis-to')) ?? '');
            return Math.round((to - from) / 86_400_000);
          },
          { timeout: 10_000 },
        )
        .toBe(days);
      const rows = dashboard.getByRole('region', { name: 'Impressions per screen per day' }).getByRole('row');
      expect(await rows.count()).toBeGreaterThan(1);
    }
    await period.selectOption({ label: 'Last 7 days' });
  });

  it('warns before deleting content a playlist uses', async () => {
    await dashboard.getByRole('link', { name: 'Content' }).click();
    await dashboard.getByRole('button', { name: 'List' }).click();
    await dashboard.getByRole('table', { name: 'Library' }).waitFor();
    await dashboard.getByRole('button', { name: 'Delete Opening hours' }).click();
    const dialog = dashboard.getByRole('dialog', { name: 'Delete "Opening hours"?' });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    expect(await dialog.getByRole('alert').textContent()).toContain('It is in a playlist');
    await dialog.getByRole('button', { name: 'Delete anyway' }).waitFor();
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dashboard.getByRole('row', { name: /Opening hours/ }).waitFor();
  });

  it('speaks the language chosen, plurals and all, and keeps it', async () => {
    await dashboard.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await dashboard.getByRole('link', { name: 'Bildschirme' }).click();
    await dashboard.getByRole('heading', { name: 'Bildschirme' }).waitFor();
    expect(await dashboard.locator('html').getAttribute('lang')).toBe('de');
    await dashboard.getByRole('checkbox', { name: 'Lobby auswählen' }).check();
    await dashboard.getByText('1 Bildschirm ausgewählt').waitFor();
    await shot(dashboard, 'dashboard-screens-de');
    await dashboard.getByRole('checkbox', { name: 'Lobby auswählen' }).uncheck();
    // Kept for the next visit, and in every page's words.
    await dashboard.reload();
    await dashboard.getByRole('link', { name: 'Team', exact: true }).click();
    await dashboard.getByText('1 von 5 Bildschirmen').waitFor();
    await dashboard.getByRole('combobox', { name: 'Sprache' }).selectOption('fr');
    await dashboard.getByRole('heading', { name: 'Équipe' }).waitFor();
    await dashboard.getByRole('combobox', { name: 'Langue' }).selectOption('en');
    await dashboard.getByRole('heading', { name: 'Team' }).waitFor();
  });

  it('fits a phone: the menu folds into a button', async () => {
    await dashboard.setViewportSize({ width: 390, height: 844 });
    await dashboard.goto(`${server.url}/`);
    const menu = dashboard.getByRole('button', { name: 'Open menu' });
    await menu.click();
    await dashboard.getByRole('link', { name: 'Screens' }).click();
    await dashboard.getByRole('row', { name: /Lobby/ }).waitFor();
    const overflow = await dashboard.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(dashboard, 'dashboard-phone');
    await dashboard.setViewportSize({ width: 1280, height: 720 });
  });

  it('signs out, and signs back in to where it was going', async () => {
    await dashboard.getByRole('button', { name: 'Sign out' }).click();
    await dashboard.waitForURL(/\/sign-in$/);
    await dashboard.goto(`${server.url}/screens`);
    await dashboard.waitForURL(/\/sign-in$/);
    await dashboard.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await dashboard.getByLabel('Password').fill('correct horse battery');
    await dashboard.getByRole('button', { name: 'Sign in' }).click();
    await dashboard.getByRole('row', { name: /Lobby/ }).waitFor();
    expect(dashboard.url()).toBe(`${server.url}/screens`);
  });

  it('unpairs the screen: the player goes back to showing a code', async () => {
    await dashboard.getByRole('link', { name: 'Lobby' }).click();
    await dashboard.getByRole('button', { name: 'Unpair' }).click();
    await dashboard
      .getByRole('dialog', { name: 'Unpair Lobby?' })
      .getByRole('button', { name: 'Unpair' })
      .click();
    await dashboard.waitForURL(/\/screens$/);
    await dashboard.getByRole('heading', { name: 'No screens yet' }).waitFor();
    await expect
      .poll(async () => player.getByTestId('pairing-code').textContent(), { timeout: 15_000 })
      .toMatch(/^[A-Z2-9]{6}$/);
  });
});
