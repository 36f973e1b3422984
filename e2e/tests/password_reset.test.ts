// A forgotten password in real Chromium (issue 23): from the sign-in page, ask for a link,
// find it in the mail a real SMTP server received, choose a new password on the page it opens,
// and sign in with it. The old password no longer works.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin } from '../support/admin';
import { launchChromium, type Browser } from '../support/browser';
import { VizoraServer } from '../support/server';
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

describe('a forgotten password', () => {
  it('is replaced through the mailed link, and the new one signs in', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // The sign-in page has an Email field too: fill the new page's, once it shows.
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').getByText('If an account uses ada@example.com').waitFor();

    const mail = await sink.nth(1);
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
