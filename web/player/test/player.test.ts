// @vitest-environment jsdom
// The player end to end in jsdom with fake timers: items in turn with their impressions, a
// failing item skipped and reported, a switch cutting an item short, and the idle screen when
// nothing can be played. Spreadsheets and feeds stand in for media (jsdom loads no images).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerClock } from '../src/clock';
import { EventQueue, type DeviceEvent, type Impression, type KeyValueStore } from '../src/event-queue';
import type { Manifest } from '../src/manifest';
import { Player } from '../src/player';
import { ProofOfPlay } from '../src/proof';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem = (k: string): string | null => this.data.get(k) ?? null;
  setItem = (k: string, v: string): void => void this.data.set(k, v);
}

function sheet(id: string): Manifest['content'][number] {
  return { id, type: 'spreadsheet', title: id, metadata: {}, media: { table: `/table/${id}` } };
}

function manifest(
  playlists: { id: string; items: [string, number][] }[],
  segments: [number, number, string | null][],
): Manifest {
  return {
    version: Math.random().toString(36),
    timeline: segments.map(([s, e, p]) => ({
      start: iso(s),
      end: iso(e),
      playlistId: p,
      source: 'schedule',
      sourceId: null,
    })),
    playlists: playlists.map((p) => ({
      id: p.id,
      name: p.id,
      loopPlaylist: true,
      totalDuration: 0,
      items: p.items.map(([contentId, duration], order) => ({
        contentId,
        duration,
        transition: 'none' as const,
        transitionDuration: 0,
        order,
      })),
    })),
    content: playlists.flatMap((p) => p.items.map(([id]) => sheet(id))),
  };
}

// One playlist `id` for the hour from T0; items as "a:10 b:5" (content id: seconds).
function hour(id: string, items: string): Manifest {
  const parsed = items.split(' ').map((i): [string, number] => [i.split(':')[0], Number(i.split(':')[1])]);
  return manifest([{ id, items: parsed }], [[T0, T0 + 3_600_000, id]]);
}

describe('Player', () => {
  let root: HTMLElement;
  let sent: DeviceEvent[];
  let proof: ProofOfPlay;
  let broken: Set<string>;
  let fetched: string[];
  let player: Player;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    root = document.createElement('div');
    document.body.appendChild(root);
    sent = [];
    broken = new Set();
    fetched = [];
    proof = new ProofOfPlay(new EventQueue(new MemoryStore()), {
      sendFrame: (e) => (sent.push(e), true),
      post: () => Promise.reject(new Error('unused')),
    });
    player = new Player(root, new ServerClock(0), proof, {
      fetchJson: (url) => {
        fetched.push(url);
        const id = url.split('/').pop()!;
        return broken.has(id)
          ? Promise.reject(new Error(`${id} is broken`))
          : Promise.resolve({ columns: ['Item'], rows: [[id]] });
      },
      freshLinks: () => Promise.resolve(null),
      viewport: () => ({ width: 1920, height: 1080 }),
      offlineSince: () => null,
    });
  });

  afterEach(() => {
    player.finish();
    root.remove();
    vi.useRealTimers();
  });

  const onScreen = (): string | undefined =>
    root.querySelector<HTMLElement>('.layer[data-state="shown"]:last-child')?.dataset.contentId;
  const impressions = (): Impression[] => sent.filter((e): e is Impression => e.type === 'impression');
  const settle = async (): Promise<void> => {
    await vi.advanceTimersByTimeAsync(0);
  };

  it('plays items in turn and records an impression for each, completed', async () => {
    player.setManifest(hour('p', 'a:10 b:5'));
    await settle();
    expect(onScreen()).toBe('a');
    expect(player.current).toEqual({ playlistId: 'p', contentId: 'a' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onScreen()).toBe('b');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onScreen()).toBe('a');
    expect(impressions().map((i) => [i.contentId, i.playlistId, i.durationMs, i.completed])).toEqual([
      ['a', 'p', 10_000, true],
      ['b', 'p', 5_000, true],
    ]);
    expect(impressions()[0].startedAt).toBe(iso(T0));
  });

  it('gets the next item ready while the current one plays', async () => {
    player.setManifest(hour('p', 'a:10 b:10'));
    await settle();
    expect(fetched).toEqual(['/table/a', '/table/b']); // b asked for while a is on screen
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onScreen()).toBe('b');
    expect(fetched).toEqual(['/table/a', '/table/b', '/table/a']); // and b was not fetched twice
  });

  it('skips and reports an item that cannot be played', async () => {
    broken.add('b');
    player.setManifest(hour('p', 'a:10 b:10 c:10'));
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onScreen()).toBe('c');
    const errors = sent.filter((e) => e.type === 'playback_error');
    expect(errors).toMatchObject([{ contentId: 'b', errorType: 'load' }]);
    expect(impressions().map((i) => i.contentId)).toEqual(['a']);
  });

  it('cuts an item short at a segment boundary, even without a new manifest', async () => {
    player.setManifest(
      manifest(
        [
          { id: 'p', items: [['a', 60]] },
          { id: 'q', items: [['z', 60]] },
        ],
        [
          [T0, T0 + 15_000, 'p'],
          [T0 + 15_000, T0 + 3_600_000, 'q'],
        ],
      ),
    );
    await settle();
    await vi.advanceTimersByTimeAsync(15_500);
    expect(onScreen()).toBe('z');
    expect(impressions()).toMatchObject([{ contentId: 'a', completed: false }]);
    expect(impressions()[0].durationMs).toBeGreaterThanOrEqual(15_000);
    expect(impressions()[0].durationMs).toBeLessThanOrEqual(16_000);
  });

  it('keeps a one-item playlist on screen, an impression per round', async () => {
    player.setManifest(hour('p', 'a:10'));
    await settle();
    const layer = root.querySelector('.layer');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(root.querySelector('.layer')).toBe(layer);
    expect(impressions()).toHaveLength(3);
  });

  it('shows the idle screen when nothing can be played, and tries again later', async () => {
    broken.add('a');
    broken.add('b');
    player.setManifest(hour('p', 'a:10 b:10'));
    await settle();
    expect(root.querySelector('.idle')).not.toBeNull();
    expect(sent.filter((e) => e.type === 'playback_error')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent.filter((e) => e.type === 'playback_error')).toHaveLength(2); // resting
    broken.clear();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(onScreen()).toBe('b'); // 11 s into the segment: the clock says the second item
  });

  it('follows a new manifest at once when it changes what plays', async () => {
    player.setManifest(hour('p', 'a:30'));
    await settle();
    await vi.advanceTimersByTimeAsync(3_000);
    player.setManifest(hour('q', 'z:30'));
    await settle();
    expect(onScreen()).toBe('z');
    expect(impressions()).toMatchObject([{ contentId: 'a', durationMs: 3_000, completed: false }]);
  });
});
