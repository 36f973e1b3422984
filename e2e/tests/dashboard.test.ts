// The dashboard in real Chromium against the real server (issue 9), as a new customer uses it:
// sign up, see the empty overview, pair the real player open in a second tab by its code, and
// watch the screen come online in the list without a reload; sign out and back in. More of the
// journey (upload, playlist, publish) lands with those pages.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../support/browser';
import { repoRoot, VizoraServer } from '../support/server';

const screenshots = process.env.VIZORA_SCREENSHOTS ? join(repoRoot, 'docs/screenshots') : null;

let server: VizoraServer;
let browser: Browser;
let dashboard: Page;
let player: Page;

async function shot(page: Page, name: string): Promise<void> {
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`) });
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
    await shot(dashboard, 'dashboard-screens');
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
});
