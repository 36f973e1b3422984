// Reconnect delays: exponential from 1 s to 60 s, each drawn at random from its upper half
// ("equal jitter"), so 10,000 screens that lost the server together do not all come back in
// the same instant, yet none waits less than half its step.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly options: BackoffOptions;

  constructor(options: Partial<BackoffOptions> = {}) {
    this.options = { baseMs: 1000, maxMs: 60_000, random: Math.random, ...options };
  }

  next(): number {
    const { baseMs, maxMs, random } = this.options;
    const step = Math.min(maxMs, baseMs * Math.pow(2, this.attempt));
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(step / 2 + random() * (step / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}
