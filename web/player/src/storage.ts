// What a screen keeps across reloads: its token, its last manifest and clock offset (so it
// plays offline straight away) and its proof-of-play queue (event-queue.ts).

import { isManifest, type Manifest } from './manifest';

const TOKEN = 'vizora.deviceToken';
const DEVICE = 'vizora.deviceId';
const MANIFEST = 'vizora.manifest';
const OFFSET = 'vizora.clockOffset';
const IMPRESSIONS = 'vizora.impressionsRecorded';

function get(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function set(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* private mode or full: the player still runs, only without memory */
  }
}

export const saved = {
  token: (): string | null => get(TOKEN),
  deviceId: (): string | null => get(DEVICE),
  setDevice(deviceId: string, token: string): void {
    set(DEVICE, deviceId);
    set(TOKEN, token);
  },
  forgetDevice(): void {
    for (const key of [TOKEN, DEVICE, MANIFEST, OFFSET, IMPRESSIONS, 'vizora.events']) set(key, null);
  },
  manifest(): Manifest | null {
    try {
      const m = JSON.parse(get(MANIFEST) ?? 'null') as unknown;
      return isManifest(m) ? m : null;
    } catch {
      return null;
    }
  },
  setManifest: (m: Manifest): void => set(MANIFEST, JSON.stringify(m)),
  clockOffset: (): number => Number(get(OFFSET)) || 0,
  setClockOffset: (ms: number): void => set(OFFSET, String(ms)),
  // Impressions recorded since pairing (a diagnostic: the server's count should match).
  impressionsRecorded: (): number => Number(get(IMPRESSIONS)) || 0,
  setImpressionsRecorded: (n: number): void => set(IMPRESSIONS, String(n)),
};
