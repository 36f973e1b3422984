// The dashboard's side of a journey, through the public API: an account, content, playlists,
// publishes, schedules, screens and their commands.

import WebSocket from 'ws';

export class Admin {
  private constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  static async register(base: string, email = 'ada@example.com'): Promise<Admin> {
    const r = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email,
        password: 'correct horse',
        firstName: 'Ada',
        lastName: 'Lovelace',
        organizationName: 'Acme',
      }),
    });
    if (r.status !== 201) throw new Error(`register: ${r.status} ${await r.text()}`);
    return new Admin(base, ((await r.json()) as { token: string }).token);
  }

  async call<T = any>(method: string, path: string, body?: unknown, expected?: number): Promise<T> {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (expected !== undefined ? r.status !== expected : r.status >= 400) {
      throw new Error(`${method} ${path}: ${r.status} ${text}`);
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  async completePairing(code: string, nickname: string): Promise<string> {
    const done = await this.call('POST', '/api/v1/devices/pairing/complete', { code, nickname }, 201);
    return done.device.id as string;
  }

  // Uploads a PNG and waits until it is ready to play.
  uploadImage(title: string, png: Buffer): Promise<string> {
    return this.upload(title, png, 'image/png', `${title}.png`);
  }

  // Uploads a file and waits (up to `waitMs`) until it is ready to play.
  async upload(
    title: string,
    bytes: Buffer,
    type: string,
    filename: string,
    waitMs = 20_000,
  ): Promise<string> {
    const form = new FormData();
    form.set('title', title);
    form.set('file', new Blob([new Uint8Array(bytes)], { type }), filename);
    const r = await fetch(`${this.base}/api/v1/content`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}` },
      body: form,
    });
    if (r.status !== 201) throw new Error(`upload: ${r.status} ${await r.text()}`);
    return this.ready(((await r.json()) as { content: { id: string } }).content.id, waitMs);
  }

  // Creates web page, dashboard or data feed content and waits until it is ready.
  async createLinked(body: {
    type: string;
    title: string;
    url: string;
    refreshInterval?: number;
  }): Promise<string> {
    return this.ready((await this.call('POST', '/api/v1/content', body)).content.id as string);
  }

  private async ready(id: string, waitMs = 20_000): Promise<string> {
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const c = (await this.call('GET', `/api/v1/content/${id}`)).content;
      if (c.uploadStatus === 'ready') return id;
      if (c.uploadStatus === 'failed') throw new Error(`processing failed: ${c.uploadError}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the upload did not become ready');
  }

  async playlist(
    name: string,
    items: { contentId: string; duration: number; transition?: string; transitionDuration?: number }[],
  ): Promise<string> {
    const made = await this.call('POST', '/api/v1/playlists', {
      name,
      items: items.map((i) => ({ transition: 'none', transitionDuration: 0, ...i })),
    });
    return made.playlist.id as string;
  }

  async publish(playlistId: string, deviceId: string, minutes = 30): Promise<string> {
    const made = await this.call('POST', `/api/v1/playlists/${playlistId}/instant-publish`, {
      deviceIds: [deviceId],
      durationMinutes: minutes,
    });
    return made.instantPublish.id as string;
  }

  async impressions(): Promise<Map<string, number>> {
    const report = await this.call('GET', '/api/v1/analytics/content-performance');
    return new Map(
      (report.items as { contentId: string; impressions: number }[]).map((i) => [i.contentId, i.impressions]),
    );
  }

  // The dashboard socket, for command results.
  async dashboard(): Promise<DashboardSocket> {
    const ws = new WebSocket(`${this.base.replace('http', 'ws')}/ws/admin`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new DashboardSocket(ws);
  }
}

export class DashboardSocket {
  private frames: Record<string, any>[] = [];
  private waiters: (() => void)[] = [];

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)));
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  async next(
    match: (frame: Record<string, any>) => boolean,
    timeoutMs = 10_000,
  ): Promise<Record<string, any>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(match);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error('no such dashboard frame');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}
