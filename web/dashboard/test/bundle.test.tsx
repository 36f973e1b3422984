// The budget: what the first page load fetches (the entry script, its static imports
// and the CSS), gzipped, stays within 250 KB. Reads the production build (make build / make
// test build it first); skipped when there is none yet.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const budgetBytes = 250 * 1024;

describe.skipIf(!existsSync(join(dist, 'index.html')))('the production build', () => {
  it('loads the first page within 250 KB of gzipped JS and CSS', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
      (m) => m[1] as string,
    );
    expect(initial.length).toBeGreaterThan(0);
    const total = initial.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
    console.log(`dashboard first load: ${(total / 1024).toFixed(1)} KB gzipped (${initial.join(', ')})`);
    expect(total).toBeLessThan(budgetBytes);
  });
});
