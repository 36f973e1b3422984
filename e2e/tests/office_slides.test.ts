// A PowerPoint deck on a real screen (issue 24, "Office files"): a two-slide PPTX, made by
// LibreOffice from a PDF the way a customer's deck would come, is uploaded, converted in the
// server's LibreOffice sandbox to page images, and shown slide after slide by the player.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin } from '../support/admin';
import { launchChromium, type Browser } from '../support/browser';
import { makePdf } from '../support/samples';
import { VizoraServer } from '../support/server';

const office = existsSync('/usr/bin/soffice');
const scratch = mkdtempSync(join(tmpdir(), 'vizora-office-'));
let server: VizoraServer;
let browser: Browser;
let page: Page;
let admin: Admin;

beforeAll(async () => {
  if (!office) return;
  writeFileSync(join(scratch, 'deck.pdf'), makePdf(2));
  execFileSync(
    'soffice',
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${join(scratch, 'profile')}`,
      '--infilter=impress_pdf_import',
      '--convert-to',
      'pptx:Impress MS PowerPoint 2007 XML',
      '--outdir',
      scratch,
      join(scratch, 'deck.pdf'),
    ],
    { env: { ...process.env, HOME: scratch }, stdio: 'ignore', timeout: 120_000 },
  );
  server = await VizoraServer.start();
  browser = await launchChromium();
  page = await browser.context.newPage();
  admin = await Admin.register(server.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!office)('a PowerPoint deck', () => {
  it('becomes slides that a screen shows one after the other', { timeout: 180_000 }, async () => {
    const deck = await admin.upload(
      'Quarterly deck',
      readFileSync(join(scratch, 'deck.pptx')),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'deck.pptx',
      120_000, // LibreOffice starts afresh for each document
    );
    const content = (await admin.call('GET', `/api/v1/content/${deck}`)).content;
    expect(content.type).toBe('ppt');
    expect(content.metadata.pageCount).toBe(2);

    const playlist = await admin.playlist('Deck', [{ contentId: deck, duration: 6 }]);
    await page.goto(`${server.url}/player/`);
    const code = page.getByTestId('pairing-code');
    await expect.poll(async () => code.textContent(), { timeout: 10_000 }).toMatch(/^[A-Z2-9]{6}$/);
    const deviceId = await admin.completePairing((await code.textContent())!, 'Boardroom');
    await page.waitForFunction(() => (window as any).vizora.connected === true, null, { timeout: 15_000 });
    await admin.publish(playlist, deviceId);

    // Slide 1, then slide 2 (six seconds for two: three each), each a drawn image.
    const slides = page.locator(`.layer[data-content-id="${deck}"] img.page`);
    for (const n of [0, 1]) {
      await expect
        .poll(
          async () =>
            slides
              .nth(n)
              .evaluate(
                (img: HTMLImageElement) => img.style.visibility === 'visible' && img.naturalWidth > 0,
              ),
          { timeout: 10_000 },
        )
        .toBe(true);
    }
  });
});
