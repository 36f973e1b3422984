// VizTube's resumable uploads driven by the real tus-js-client (the library a web app uses):
// an upload cut off halfway resumes from the server's offset instead of starting again, the
// finished upload becomes a video, and the 100 MB limit holds before any byte is sent.

import { Upload, type HttpRequest } from 'tus-js-client';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { solidPng } from '../support/png.js';
import { makeVideo } from '../support/samples.js';
import { startVizTube, type VizoraServer } from '../support/server.js';

let server: VizoraServer;
let token = '';
const video = makeVideo(60);

beforeAll(async () => {
  server = await startVizTube();
  const form = new FormData();
  form.set('fullname', 'Ada Lovelace');
  form.set('email', 'ada@example.com');
  form.set('username', 'ada');
  form.set('password', 'correct horse');
  form.set(
    'avatar',
    new Blob([new Uint8Array(solidPng(32, 32, [200, 40, 40]))], { type: 'image/png' }),
    'a.png',
  );
  expect((await fetch(`${server.url}/api/v2/user/register`, { method: 'POST', body: form })).status).toBe(
    201,
  );
  const login = await fetch(`${server.url}/api/v2/user/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'ada', password: 'correct horse' }),
  });
  token = ((await login.json()) as { data: { accessToken: string } }).data.accessToken;
});

afterAll(async () => {
  await server?.dispose();
});

interface Outcome {
  url: string | null;
  error: Error | null;
  patchOffsets: number[];
}

// Runs an upload until it succeeds, fails, or `stopAt` bytes are accepted (then it is
// aborted, as a closed laptop would: nothing is deleted on the server).
function run(data: Buffer, options: { uploadUrl?: string; stopAt?: number } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { url: null, error: null, patchOffsets: [] };
    const upload = new Upload(data, {
      endpoint: `${server.url}/api/v2/uploads`,
      uploadUrl: options.uploadUrl,
      chunkSize: 128 * 1024,
      retryDelays: [],
      headers: { Authorization: `Bearer ${token}` },
      metadata: { filename: 'clip.webm', filetype: 'video/webm' },
      onBeforeRequest(req: HttpRequest) {
        if (req.getMethod() === 'PATCH') outcome.patchOffsets.push(Number(req.getHeader('Upload-Offset')));
      },
      onChunkComplete(_chunk: number, accepted: number) {
        if (options.stopAt !== undefined && accepted >= options.stopAt) {
          outcome.url = upload.url;
          void upload.abort(false).then(() => resolve(outcome));
        }
      },
      onSuccess() {
        outcome.url = upload.url;
        resolve(outcome);
      },
      onError(error: Error) {
        outcome.error = error;
        resolve(outcome);
      },
    });
    upload.start();
  });
}

test('an upload cut off halfway resumes from its offset and becomes a video', async () => {
  const half = Math.floor(video.length / 2);
  const first = await run(video, { stopAt: half });
  expect(first.error).toBeNull();
  expect(first.url).toMatch(/\/api\/v2\/uploads\/[0-9a-f-]{36}$/);
  const head = await fetch(first.url!, {
    method: 'HEAD',
    headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` },
  });
  const kept = Number(head.headers.get('Upload-Offset'));
  expect(kept).toBeGreaterThanOrEqual(half);
  expect(kept).toBeLessThan(video.length);

  const second = await run(video, { uploadUrl: first.url! });
  expect(second.error).toBeNull();
  // Resumed where the server stood: no byte before it was sent again.
  expect(second.patchOffsets[0]).toBe(kept);

  const uploadId = first.url!.split('/').pop();
  const created = await fetch(`${server.url}/api/v2/videos`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'Sent in pieces', uploadId }),
  });
  expect(created.status).toBe(201);
  const body = (await created.json()) as { data: { videoFileUrl: string; duration: number } };
  expect(body.data.duration).toBeGreaterThan(59);
  const stored = Buffer.from(await (await fetch(`${server.url}${body.data.videoFileUrl}`)).arrayBuffer());
  expect(stored.equals(video)).toBe(true);
});

test('an upload past 100 MB is refused before its bytes are sent', async () => {
  const outcome = await run(Buffer.alloc((100 << 20) + 1));
  expect(outcome.error).not.toBeNull();
  expect(String(outcome.error)).toContain('413');
  expect(outcome.patchOffsets).toEqual([]);
});
