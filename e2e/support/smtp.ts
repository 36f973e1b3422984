// A real SMTP server for journeys that send mail: tests/support/smtp_sink.py (Debian's
// python3-aiosmtpd) on a free loopback port. Each accepted message is also written as the text
// a mail client shows (NNNN.txt), which is what a journey reads links from.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHelper } from './helper-server';
import { freePort } from './server';

export class SmtpSink {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<SmtpSink> {
    const dir = mkdtempSync(join(tmpdir(), 'vizora-smtp-'));
    const port = await freePort();
    const child = await startHelper('smtp_sink.py', ['--dir', dir, '--port', String(port)], dir);
    return new SmtpSink(port, dir, child);
  }

  // The messages as a mail client shows them, oldest first.
  messages(): string[] {
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.txt'))
      .sort()
      .map((name) => readFileSync(join(this.dir, name), 'utf8'));
  }

  // Waits for the `count`th message and returns it.
  async nth(count: number, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages().length < count) {
      if (Date.now() > deadline) throw new Error(`no message ${count} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.messages()[count - 1]!;
  }

  dispose(): void {
    this.child.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
