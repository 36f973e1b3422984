// Upgrading in real Chromium (issue 23): an admin on the free trial opens the plan page,
// chooses Basic for 8 screens, pays on the (stand-in) Stripe Checkout page, comes back to an
// active Basic plan with 8 screens and an invoice, then cancels in the (stand-in) Customer
// Portal and is back on the free plan. The webhooks between are signed and delivered as
// Stripe delivers them.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin } from '../support/admin';
import { launchChromium, type Browser } from '../support/browser';
import { freePort, VizoraServer } from '../support/server';
import { signIn } from '../support/sign-in';
import { StripeStandIn, stripeSecretKey, stripeWebhookSecret } from '../support/stripe';

let stripe: StripeStandIn;
let server: VizoraServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const stripePort = await freePort();
  server = await VizoraServer.start((port) => [
    '--public-url',
    `http://127.0.0.1:${port}`,
    '--stripe-secret-key',
    stripeSecretKey,
    '--stripe-webhook-secret',
    stripeWebhookSecret,
    '--stripe-api-base',
    `http://127.0.0.1:${stripePort}`,
  ]);
  stripe = await StripeStandIn.start(stripePort, `${server.url}/api/v1/billing/stripe/webhook`);
  await Admin.register(server.url);
  browser = await launchChromium();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  stripe?.dispose();
});

describe('the plan page', () => {
  it('upgrades through Checkout to the new screen limit, and cancels in the portal', async () => {
    await signIn(page, server.url);
    await page.getByRole('link', { name: 'Plan and billing' }).click();
    await page.getByRole('heading', { name: 'Plan and billing' }).waitFor();
    await page.getByRole('status').getByText('Trial until').waitFor();
    await page.getByText('0 of 5 screens').waitFor();

    await page.getByRole('button', { name: 'Choose Basic' }).click();
    const dialog = page.getByRole('dialog', { name: 'Basic plan' });
    await dialog.getByRole('spinbutton', { name: 'Screens' }).fill('8');
    await dialog.getByText('$64.00').waitFor();
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();

    await page.getByRole('heading', { name: 'Stand-in Checkout' }).waitFor();
    expect(await page.textContent('body')).toContain('Vizora Basic (per screen) × 8');
    await page.getByRole('button', { name: 'Pay' }).click();

    await page.waitForURL(/\/billing\?checkout=done/);
    await page
      .getByRole('heading', { name: /Basic plan/ })
      .getByText('(Active)')
      .waitFor();
    await page.getByText('0 of 8 screens').waitFor();
    await page.getByRole('region', { name: 'Invoices' }).getByText('$64.00').waitFor();

    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page.getByRole('heading', { name: 'Stand-in Portal' }).waitFor();
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.waitForURL(/\/billing$/);
    await page
      .getByRole('heading', { name: /Free plan/ })
      .getByText('(Canceled)')
      .waitFor();
    await page.getByText('0 of 5 screens').waitFor();
  });
});
