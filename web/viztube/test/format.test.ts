import { describe, expect, it } from 'vitest';
import { formatAge, formatCount, formatDuration, formatViews } from '../src/videos/format';

describe('how a video site writes numbers', () => {
  it('writes lengths as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65.4)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
  it('shortens counts without rounding up past what is true', () => {
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1290)).toBe('1.2K');
    expect(formatCount(9999)).toBe('9.9K');
    expect(formatCount(12_345)).toBe('12K');
    expect(formatCount(3_400_000)).toBe('3.4M');
    expect(formatViews(1)).toBe('1 view');
    expect(formatViews(2)).toBe('2 views');
  });
  it('says how long ago in the largest whole unit', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(formatAge('2026-12-05T11:59:30Z', now)).toBe('just now');
    expect(formatAge('2026-12-05T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatAge('2026-12-04T12:00:00Z', now)).toBe('yesterday');
    expect(formatAge('2025-11-01T12:00:00Z', now)).toBe('last year');
  });
});
