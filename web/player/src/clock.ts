// The server's time as this screen best knows it. Each sample pairs the server's clock with
// the moments the question left and the answer came back; the sample with the shortest round
// trip among the recent ones wins (its error is at most half that trip). Kept across reloads
// so an offline screen still follows the timeline on the corrected clock.

export interface ClockSample {
  serverTime: number;
  sentAt: number; // local epoch ms
  receivedAt: number;
}

const KEEP = 8;

export class ServerClock {
  private samples: { offset: number; rtt: number }[] = [];
  private offset: number;

  constructor(
    initialOffset = 0,
    private readonly local: () => number = () => Date.now(),
  ) {
    this.offset = initialOffset;
  }

  now(): number {
    return this.local() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  // The round trip of the best recent sample, or undefined before any.
  get latencyMs(): number | undefined {
    if (this.samples.length === 0) return undefined;
    return Math.min(...this.samples.map((s) => s.rtt));
  }

  add(sample: ClockSample): void {
    if (isNaN(sample.serverTime)) return;
    const rtt = Math.max(0, sample.receivedAt - sample.sentAt);
    const offset = sample.serverTime + rtt / 2 - sample.receivedAt;
    this.samples.push({ offset, rtt });
    if (this.samples.length > KEEP) this.samples.shift();
    let best = this.samples[0];
    for (const s of this.samples) if (s.rtt < best.rtt) best = s;
    this.offset = Math.round(best.offset);
  }
}
