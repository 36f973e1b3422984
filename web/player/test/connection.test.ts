import { describe, expect, it } from 'vitest';
import { Backoff } from '../src/backoff';
import { ServerClock } from '../src/clock';

describe('Backoff', () => {
  it('doubles up to its cap, with each delay in the upper half of its step', () => {
    const low = new Backoff({ random: () => 0 });
    const high = new Backoff({ random: () => 0.999999 });
    const lows = Array.from({ length: 9 }, () => low.next());
    const highs = Array.from({ length: 9 }, () => high.next());
    expect(lows).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(highs).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    low.reset();
    expect(low.next()).toBe(500);
  });

  it('spreads 10,000 screens returning together over the step', () => {
    const delays = Array.from({ length: 10_000 }, () => {
      const b = new Backoff();
      for (let i = 0; i < 5; i++) b.next();
      return b.next(); // the sixth step: 16-32 s
    });
    const buckets = new Array(16).fill(0);
    for (const d of delays) buckets[Math.min(15, Math.floor((d - 16_000) / 1000))]++;
    // No second of the window takes more than twice its fair share.
    expect(Math.max(...buckets)).toBeLessThan((10_000 / 16) * 2);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(16_000);
  });
});

describe('ServerClock', () => {
  it('takes the offset from the sample with the shortest round trip', () => {
    let local = 1_000_000;
    const clock = new ServerClock(0, () => local);
    // Server is 5 s ahead. A slow sample (400 ms each way) and a fast one (10 ms round trip).
    clock.add({ serverTime: 1_000_000 + 5_000 + 400, sentAt: 1_000_000, receivedAt: 1_000_800 });
    clock.add({ serverTime: 1_002_000 + 5_000 + 5, sentAt: 1_002_000, receivedAt: 1_002_010 });
    expect(clock.offsetMs).toBe(5_000);
    expect(clock.latencyMs).toBe(10);
    local = 2_000_000;
    expect(clock.now()).toBe(2_005_000);
    clock.add({ serverTime: NaN, sentAt: 0, receivedAt: 0 });
    expect(clock.offsetMs).toBe(5_000);
  });

  it('starts from the offset it was given (kept across reloads)', () => {
    const clock = new ServerClock(-1234, () => 10_000);
    expect(clock.now()).toBe(8_766);
    expect(clock.latencyMs).toBeUndefined();
  });
});
