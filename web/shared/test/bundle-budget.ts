// The budget for an app's first load: the entry script, its static imports and the
// CSS that index.html names, gzipped. Reads the production build (make build / make test build
// it first).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const firstLoadBudgetBytes = 250 * 1024;

export function hasBuild(dist: string): boolean {
  return existsSync(join(dist, 'index.html'));
}

export function firstLoad(dist: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] as string,
  );
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
  return { bytes, files };
}
