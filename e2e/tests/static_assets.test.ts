// The web apps as the browser downloads them (issue 20): every script and stylesheet the
// index pages name was compressed at build time, goes out in the encoding the browser asks
// for (Brotli first, then gzip, else as is) with Content-Encoding and Vary, fingerprinted
// files are cached for a year as immutable, and the index pages are revalidated.

import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVizTube, VizoraServer } from '../support/server';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// node:http, not fetch: fetch decodes the body and hides what went over the wire.
function get(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
}

let vizora: VizoraServer;
let viztube: VizoraServer;

beforeAll(async () => {
  [vizora, viztube] = await Promise.all([VizoraServer.start(), startVizTube()]);
});

afterAll(async () => {
  await Promise.all([vizora?.dispose(), viztube?.dispose()]);
});

describe.each([
  ['the dashboard', () => `${vizora.url}/`],
  ['the player', () => `${vizora.url}/player/`],
  ['VizTube', () => `${viztube.url}/`],
])('%s', (_name, indexUrl) => {
  it('revalidates its index page and sends every asset compressed and immutable', async () => {
    const index = await get(indexUrl(), 'gzip, deflate, br');
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    const html = (
      index.headers['content-encoding'] === 'br' ? brotliDecompressSync(index.body) : index.body
    ).toString();
    const assets = assetsOf(html);
    expect(assets.length).toBeGreaterThan(0);
    const origin = new URL(indexUrl()).origin;
    for (const path of assets) {
      const plain = await get(origin + path);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['vary']).toBe('Accept-Encoding');

      const br = await get(origin + path, 'gzip, deflate, br, zstd');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['vary']).toBe('Accept-Encoding');
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(Number(br.headers['content-length'])).toBe(br.body.length);
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

      const gz = await get(origin + path, 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
      expect(br.body.length).toBeLessThanOrEqual(gz.body.length);
      if (plain.body.length > 100_000) expect(br.body.length).toBeLessThan(plain.body.length / 3);

      // A compressed variant has its own validator, and revalidating it answers 304.
      expect(br.headers['etag']).not.toBe(plain.headers['etag']);
      const again = await new Promise<number>((resolve, reject) => {
        request(
          origin + path,
          { headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers['etag']) } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
          .on('error', reject)
          .end();
      });
      expect(again).toBe(304);
    }
  });
});
