import { describe, expect, it } from 'vitest';
import type { BatchAnswer } from '../src/api';
import { EventQueue, newId, type DeviceEvent, type KeyValueStore } from '../src/event-queue';
import { BATCH_SIZE, ProofOfPlay } from '../src/proof';

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  limit = Infinity;
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (value.length > this.limit) throw new Error('QuotaExceededError');
    this.data.set(key, value);
  }
}

function impression(n = 0): DeviceEvent {
  return {
    type: 'impression',
    id: newId(),
    contentId: `c${n}`,
    playlistId: 'p',
    startedAt: new Date(0).toISOString(),
    durationMs: 1000,
    completed: true,
  };
}

describe('EventQueue', () => {
  it('keeps events across instances until they are acknowledged', () => {
    const store = new MemoryStore();
    const q = new EventQueue(store);
    const [a, b, c] = [impression(1), impression(2), impression(3)];
    q.push(a);
    q.push(b);
    q.push(c);
    const reloaded = new EventQueue(store);
    expect(reloaded.peek(10).map((e) => e.id)).toEqual([a.id, b.id, c.id]);
    reloaded.acknowledge([b.id, 'unknown']);
    expect(new EventQueue(store).peek(10).map((e) => e.id)).toEqual([a.id, c.id]);
  });

  it('drops the oldest past its limit and survives full or broken storage', () => {
    const store = new MemoryStore();
    const q = new EventQueue(store, 'k', 3);
    const events = [1, 2, 3, 4, 5].map(impression);
    events.forEach((e) => q.push(e));
    expect(q.size).toBe(3);
    expect(q.dropped).toBe(2);
    expect(q.peek(3)[0].id).toBe(events[2].id);
    store.data.set('k', '{not json');
    expect(new EventQueue(store, 'k').size).toBe(0);
    const tight = new MemoryStore();
    tight.limit = 800;
    const small = new EventQueue(tight, 'k', 100);
    for (let i = 0; i < 10; i++) small.push(impression(i));
    expect(small.size).toBeGreaterThan(0);
    expect(small.dropped).toBeGreaterThan(0);
  });

  it('makes version 7 UUIDs that sort by time', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const at = Date.UTC(2026, 10, 22, 7, 0, 0, 123);
    expect(newId(at).slice(0, 13)).toBe(
      `${at.toString(16).padStart(12, '0').slice(0, 8)}-${at.toString(16).padStart(12, '0').slice(8)}`,
    );
    expect(newId(at) < newId(at + 1)).toBe(true);
  });
});

describe('ProofOfPlay', () => {
  it('sends on the socket at once and forgets an event only at its acknowledgement', () => {
    const sent: DeviceEvent[] = [];
    const proof = new ProofOfPlay(new EventQueue(new MemoryStore()), {
      sendFrame: (e) => (sent.push(e), true),
      post: () => Promise.reject(new Error('unused')),
    });
    const e = impression();
    proof.record(e);
    expect(sent).toEqual([e]);
    expect(proof.queue.size).toBe(1);
    proof.acknowledge([e.id]);
    expect(proof.queue.size).toBe(0);
    expect(proof.recorded).toBe(1);
  });

  it('posts the backlog in batches, drops refused events, and stops while the server is away', async () => {
    const posted: number[] = [];
    let reachable = false;
    const queue = new EventQueue(new MemoryStore());
    const proof = new ProofOfPlay(queue, {
      sendFrame: () => false,
      post: async (events): Promise<BatchAnswer> => {
        if (!reachable) throw new Error('offline');
        posted.push(events.length);
        // The first event of each batch is refused, the rest taken.
        return {
          accepted: events.slice(1).map((e) => e.id),
          rejected: [{ index: 0, code: 'VALIDATION_001', message: 'bad' }],
        };
      },
    });
    for (let i = 0; i < BATCH_SIZE * 2 + 10; i++) proof.record(impression(i));
    await proof.flush();
    expect(queue.size).toBe(BATCH_SIZE * 2 + 10);
    reachable = true;
    await Promise.all([proof.flush(), proof.flush()]); // one drain, not two
    expect(posted).toEqual([BATCH_SIZE, BATCH_SIZE, 10]);
    expect(queue.size).toBe(0);
  });
});
