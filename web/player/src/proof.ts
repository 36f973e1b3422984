// Proof of play on its way to the server. Events go into the durable queue first; while the
// socket is up each is also sent on it at once and leaves the queue at its events:ack. Whatever
// is still queued when the socket (re)opens, or lingers unacknowledged, is posted over HTTP in
// batches. Every path may repeat an event; the server keeps one per id.

import type { BatchAnswer } from './api';
import { EventQueue, type DeviceEvent } from './event-queue';

export const BATCH_SIZE = 200;

export interface ProofTransport {
  // Sends a frame on the socket; false when it is not open.
  sendFrame(event: DeviceEvent): boolean;
  post(events: DeviceEvent[]): Promise<BatchAnswer>;
}

export class ProofOfPlay {
  private flushing: Promise<void> | null = null;
  failures = 0; // playback errors reported since the page loaded

  // `recorded`: impressions recorded before (this screen's total since pairing).
  constructor(
    readonly queue: EventQueue,
    private readonly transport: ProofTransport,
    public recorded = 0,
    private readonly onRecorded: (total: number) => void = () => undefined,
  ) {}

  record(event: DeviceEvent): void {
    this.queue.push(event);
    if (event.type === 'impression') this.onRecorded(++this.recorded);
    else this.failures++;
    this.transport.sendFrame(event);
  }

  acknowledge(ids: readonly string[]): void {
    this.queue.acknowledge(ids);
  }

  // Posts everything queued, oldest first, until the queue is empty or the server is not
  // reachable (the rest waits for the next call).
  flush(): Promise<void> {
    if (!this.flushing) {
      const done = (): void => {
        this.flushing = null;
      };
      this.flushing = this.drain().then(done, done); // no Promise.finally on ES2017 browsers
    }
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0) {
      const batch = this.queue.peek(BATCH_SIZE);
      let answer: BatchAnswer;
      try {
        answer = await this.transport.post(batch);
      } catch {
        return;
      }
      // Refused events will never be taken: they leave the queue too.
      const done = answer.accepted.concat(
        answer.rejected.map((r) => batch[r.index]?.id).filter((id): id is string => !!id),
      );
      if (done.length === 0) return;
      this.queue.acknowledge(done);
    }
  }
}
