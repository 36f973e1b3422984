// Vizora's mail in real Chromium (issue 23), delivered to a real SMTP server started here.
// Signing up: the dashboard asks for the address to be confirmed until the mailed link is
// followed. An invitation: the admin invites an address from the Team page, and the mail's link opens a
// page where the colleague chooses a name and password and lands signed in; the link works
// once. A forgotten password: from the sign-in page, ask for a link, choose a new password on
// the page it opens, and sign in with it; the old password no longer works.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin } from '../support/admin';
import { launchChromium, type Browser } from '../support/browser';
import { VizoraServer } from '../support/server';
import { signIn } from '../support/sign-in';
import { SmtpSink } from '../support/smtp';

let sink: SmtpSink;
let server: VizoraServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sink = await SmtpSink.start();
  server = await VizoraServer.start((port) => [
    '--smtp',
    `smtp://127.0.0.1:${sink.port}`,
    '--public-url',
    `http://127.0.0.1:${port}`,
    '--mail-from',
    'Vizora <noreply@vizora.test>',
  ]);
  await Admin.register(server.url);
  browser = await launchChromium();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  sink?.dispose();
});

describe('a new address', () => {
  it('is confirmed through the link mailed at sign-up, and the dashboard stops asking', async () => {
    await signIn(page, server.url);
    const banner = page.getByRole('region', { name: 'Confirm your email address' });
    await banner.getByText('we sent a link to ada@example.com').waitFor();
    const mail = await sink.nth(1);
    expect(mail).toContain('Subject: Confirm your email address for Vizora');
    const link = /http:\/\/127\.0\.0\.1:\d+\/verify-email\?token=[A-Za-z0-9_-]+/.exec(mail)?.[0];
    expect(link, mail).toBeTruthy();
    await page.goto(link!);
    await page.getByRole('heading', { name: 'Email address confirmed' }).waitFor();
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(await banner.count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});

describe('an invitation', () => {
  it('is mailed from the Team page and its link signs the colleague in', async () => {
    await signIn(page, server.url);
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await page.getByRole('button', { name: 'Invite by email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite by email' });
    await dialog.getByRole('textbox', { name: 'Email' }).fill('grace@example.com');
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('grace@example.com').waitFor();
    await page.getByRole('button', { name: 'Withdraw the invitation to grace@example.com' }).waitFor();

    const mail = await sink.nth(2); // the first confirmed Ada's address
    expect(mail).toContain('Subject: Ada Lovelace invited you to Acme on Vizora');
    const link = /http:\/\/127\.0\.0\.1:\d+\/accept-invitation\?token=[A-Za-z0-9_-]+/.exec(mail)?.[0];
    expect(link, mail).toBeTruthy();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(link!);
    await page.getByRole('heading', { name: 'Join Acme' }).waitFor();
    await page.getByText('Ada Lovelace invited grace@example.com as a viewer.').waitFor();
    await page.getByRole('textbox', { name: 'First name' }).fill('Grace');
    await page.getByRole('textbox', { name: 'Last name' }).fill('Hopper');
    await page.getByLabel('Password', { exact: true }).fill('grace password');
    await page.getByLabel('Password again').fill('grace password');
    await page.getByRole('button', { name: 'Join Acme' }).click();
    await page.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();

    // The link was for one use.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(link!);
    await page.getByRole('alert').getByText('already accepted').waitFor();
  });
});

describe('a forgotten password', () => {
  it('is replaced through the mailed link, and the new one signs in', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // The sign-in page has an Email field too: fill the new page's, once it shows.
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').getByText('If an account uses ada@example.com').waitFor();

    const mail = await sink.nth(3); // then came the invitation
    expect(mail).toContain('Subject: Reset your Vizora password for Acme');
    const link = /http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail)?.[0];
    expect(link, mail).toBeTruthy();

    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('a brand new password');
    await page.getByLabel('New password again').fill('a brand new password');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('do not match an account').waitFor();
    await page.getByLabel('Password').fill('a brand new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();

    // The link was for one use.
    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('a third password');
    await page.getByLabel('New password again').fill('a third password');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
  });
});
