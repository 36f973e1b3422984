// Stripe for journeys that pay: tests/support/stripe_standin.py on a free loopback port. It
// answers Vizora's API calls (checked against Stripe's documented parameters) and plays
// Checkout's and the Portal's hosted pages, which deliver signed webhooks to the server.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHelper } from './helper-server';

export const stripeSecretKey = 'sk_test_e2e';
export const stripeWebhookSecret = 'whsec_e2e';

export class StripeStandIn {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  // `webhookUrl`: where the hosted pages deliver events (the server's webhook route).
  static async start(port: number, webhookUrl: string): Promise<StripeStandIn> {
    const dir = mkdtempSync(join(tmpdir(), 'vizora-stripe-'));
    const child = await startHelper(
      'stripe_standin.py',
      [
        '--dir',
        dir,
        '--port',
        String(port),
        '--secret-key',
        stripeSecretKey,
        '--webhook-url',
        webhookUrl,
        '--webhook-secret',
        stripeWebhookSecret,
      ],
      dir,
    );
    return new StripeStandIn(port, dir, child);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  dispose(): void {
    this.child.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
