// Proof-of-play events waiting for the server's word that they are stored. Kept in durable
// storage at every change, so nothing is lost across reloads or while offline; an event leaves
// only when acknowledged (events:ack, or `accepted` of the HTTP batch). Ids are chosen here,
// so sending one twice is harmless: the server stores it once.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface Impression {
  type: 'impression';
  id: string;
  contentId: string;
  playlistId: string | null;
  startedAt: string;
  durationMs: number;
  completed: boolean;
}

export interface PlaybackError {
  type: 'playback_error';
  id: string;
  contentId: string | null;
  errorType: string;
  errorMessage: string;
  occurredAt: string;
}

export type DeviceEvent = Impression | PlaybackError;

// Enough for days offline at one impression every ten seconds, within what browsers allow
// local storage; past it the oldest go first (and are counted).
export const MAX_QUEUED = 20_000;

export class EventQueue {
  private events: DeviceEvent[];
  dropped = 0;

  constructor(
    private readonly store: KeyValueStore,
    private readonly key = 'vizora.events',
    private readonly max = MAX_QUEUED,
  ) {
    this.events = [];
    try {
      const saved = JSON.parse(store.getItem(key) ?? '[]') as unknown;
      if (Array.isArray(saved)) this.events = saved as DeviceEvent[];
    } catch {
      this.events = [];
    }
  }

  get size(): number {
    return this.events.length;
  }

  push(event: DeviceEvent): void {
    this.events.push(event);
    if (this.events.length > this.max) {
      this.dropped += this.events.length - this.max;
      this.events.splice(0, this.events.length - this.max);
    }
    this.save();
  }

  // The oldest `n` events, still queued until acknowledged.
  peek(n: number): DeviceEvent[] {
    return this.events.slice(0, n);
  }

  acknowledge(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    const before = this.events.length;
    this.events = this.events.filter((e) => !gone.has(e.id));
    if (this.events.length !== before) this.save();
  }

  private save(): void {
    try {
      this.store.setItem(this.key, JSON.stringify(this.events));
    } catch {
      // Storage full: keep the newest half and try again, rather than lose them all.
      this.dropped += Math.ceil(this.events.length / 2);
      this.events = this.events.slice(Math.ceil(this.events.length / 2));
      try {
        this.store.setItem(this.key, JSON.stringify(this.events));
      } catch {
        /* nothing more to do: the events stay in memory */
      }
    }
  }
}

// A time-ordered (version 7) UUID: 48 bits of Unix milliseconds, then randomness. The server
// keys proof of play by event id; ids that grow with time land at the end of its index instead
// of on a random page, which is what lets one machine store tens of thousands a second.
// crypto.randomUUID exists only in secure contexts, and a TV may open the player over plain
// HTTP on a LAN; getRandomValues works everywhere.
export function newId(now: number = Date.now()): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  for (let i = 5, t = now; i >= 0; i--, t = Math.floor(t / 256)) b[i] = t % 256;
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => (x < 16 ? '0' : '') + x.toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
