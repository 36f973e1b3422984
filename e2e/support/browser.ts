// Debian's Chromium, headless, driven by playwright-core (TOOLCHAIN.md "Browser tests").

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// TOOLCHAIN.md's flags, and autoplay without a gesture (a screen has nobody to click).
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchChromium(
  viewport = { width: 1280, height: 720 },
  userAgent?: string,
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'vizora-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: chromiumArgs,
    ...(userAgent ? { userAgent } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
