// The budget: the first page load stays within 250 KB of gzipped JS and CSS. Skipped
// when there is no production build yet.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstLoad, firstLoadBudgetBytes, hasBuild } from '@shared/test/bundle-budget';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

describe.skipIf(!hasBuild(dist))('the production build', () => {
  it('loads the first page within 250 KB of gzipped JS and CSS', () => {
    const { bytes, files } = firstLoad(dist);
    expect(files.length).toBeGreaterThan(0);
    console.log(`dashboard first load: ${(bytes / 1024).toFixed(1)} KB gzipped (${files.join(', ')})`);
    expect(bytes).toBeLessThan(firstLoadBudgetBytes);
  });
});
