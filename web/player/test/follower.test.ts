import { describe, expect, it } from 'vitest';
import { entryPoint, Follower, RETRY_FAILED_MS, segmentAt } from '../src/follower';
import { compile, mediaLinks, type Manifest, type Playlist } from '../src/manifest';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

function playlist(id: string, durations: number[], loopPlaylist = true): Playlist {
  return {
    id,
    name: id,
    loopPlaylist,
    totalDuration: durations.reduce((a, b) => a + b, 0),
    items: durations.map((d, i) => ({
      contentId: `${id}-c${i}`,
      duration: d,
      transition: 'none',
      transitionDuration: 0,
      order: i,
    })),
  };
}

function manifest(
  segments: [number, number, string | null][],
  lists: Playlist[],
  missing: string[] = [],
): Manifest {
  const content = lists
    .flatMap((p) => p.items.map((i) => i.contentId))
    .filter((id) => !missing.includes(id))
    .map((id) => ({ id, type: 'image' as const, title: id, metadata: {}, media: { file: `/m/${id}.png` } }));
  return {
    version: Math.random().toString(36),
    timeline: segments.map(([s, e, p]) => ({
      start: iso(s),
      end: iso(e),
      playlistId: p,
      source: p ? 'schedule' : 'idle',
      sourceId: null,
    })),
    playlists: lists,
    content,
  };
}

const shown = (s: ReturnType<Follower['begin']>): string => (s.kind === 'item' ? s.content.id : 'idle');

describe('entryPoint', () => {
  it('finds the item the clock says, looping or holding the last', () => {
    const p = playlist('p', [10, 20, 30]);
    expect(entryPoint(p, 0)).toEqual({ index: 0, offsetMs: 0 });
    expect(entryPoint(p, 9_999)).toEqual({ index: 0, offsetMs: 9_999 });
    expect(entryPoint(p, 10_000)).toEqual({ index: 1, offsetMs: 0 });
    expect(entryPoint(p, 45_000)).toEqual({ index: 2, offsetMs: 15_000 });
    expect(entryPoint(p, 60_000 * 3 + 12_000)).toEqual({ index: 1, offsetMs: 2_000 });
    expect(entryPoint(playlist('q', [10, 20], false), 500_000)).toEqual({ index: 1, offsetMs: 0 });
  });
});

describe('segmentAt', () => {
  it('keeps the last segment past the manifest horizon', () => {
    const plan = compile(manifest([[T0, T0 + 60_000, 'a']], [playlist('a', [10])]));
    expect(segmentAt(plan, T0 - 1)).toBeUndefined();
    expect(segmentAt(plan, T0 + 5_000)?.playlistId).toBe('a');
    expect(segmentAt(plan, T0 + 3_600_000)?.playlistId).toBe('a');
  });
});

describe('Follower', () => {
  it('plays items in order, loops, and switches at the segment boundary', () => {
    const a = playlist('a', [10, 20]);
    const b = playlist('b', [5]);
    const f = new Follower(
      compile(
        manifest(
          [
            [T0, T0 + 45_000, 'a'],
            [T0 + 45_000, T0 + 100_000, 'b'],
          ],
          [a, b],
        ),
      ),
    );
    expect(shown(f.begin(T0 + 1_000))).toBe('a-c0');
    expect(f.showing.kind === 'item' && f.showing.plannedMs).toBe(9_000);
    expect(shown(f.peek(T0 + 10_000))).toBe('a-c1');
    expect(shown(f.advance(T0 + 10_000))).toBe('a-c1');
    expect(shown(f.advance(T0 + 30_000))).toBe('a-c0');
    expect(f.segmentChanged(T0 + 44_999)).toBe(false);
    expect(f.segmentChanged(T0 + 45_000)).toBe(true);
    expect(shown(f.advance(T0 + 45_000))).toBe('b-c0');
    expect(shown(f.advance(T0 + 50_000))).toBe('b-c0');
  });

  it('enters a segment part way through at the item the clock says', () => {
    const f = new Follower(compile(manifest([[T0, T0 + 600_000, 'a']], [playlist('a', [10, 20, 30])])));
    const s = f.begin(T0 + 125_000); // 2 loops of 60 s, then 5 s into the first item
    expect(shown(s)).toBe('a-c0');
    expect(s.kind === 'item' && [s.offsetMs, s.plannedMs]).toEqual([5_000, 5_000]);
  });

  it('holds the last item of a playlist that does not loop until the segment ends', () => {
    const f = new Follower(
      compile(
        manifest(
          [
            [T0, T0 + 60_000, 'a'],
            [T0 + 60_000, T0 + 120_000, null],
          ],
          [playlist('a', [10, 10], false)],
        ),
      ),
    );
    f.begin(T0);
    f.advance(T0 + 10_000);
    const held = f.advance(T0 + 20_000);
    expect(shown(held)).toBe('a-c1');
    expect(held.kind === 'item' && held.plannedMs).toBe(40_000);
    const idle = f.advance(T0 + 60_000);
    expect(idle).toEqual({ kind: 'idle', until: T0 + 120_000 });
  });

  it('skips items whose content is missing and rests after every item failed', () => {
    const a = playlist('a', [10, 10, 10]);
    const f = new Follower(compile(manifest([[T0, T0 + 600_000, 'a']], [a], ['a-c1'])));
    f.begin(T0);
    expect(shown(f.advance(T0 + 10_000))).toBe('a-c2');
    // Failures in a row: once per item, then idle for a while, then a new try.
    expect(shown(f.advance(T0 + 10_100, true))).toBe('a-c0');
    expect(shown(f.advance(T0 + 10_200, true))).toBe('a-c2');
    const rest = f.advance(T0 + 10_300, true);
    expect(rest).toEqual({ kind: 'idle', until: T0 + 10_300 + RETRY_FAILED_MS, resting: 'a' });
    // Resting is not a segment change (the player's watchdog must not retry at once).
    expect(f.segmentChanged(T0 + 11_000)).toBe(false);
    expect(shown(f.advance(T0 + 20_300))).toBe('a-c2');
  });

  it('rests when the manifest has none of the playlist content, without retrying at once', () => {
    const f = new Follower(
      compile(manifest([[T0, T0 + 600_000, 'a']], [playlist('a', [10, 10])], ['a-c0', 'a-c1'])),
    );
    expect(f.begin(T0)).toEqual({ kind: 'idle', until: T0 + RETRY_FAILED_MS, resting: 'a' });
    expect(f.segmentChanged(T0 + 1_000)).toBe(false);
  });

  it('carries on with the item on screen when a new manifest keeps its playlist', () => {
    const a = playlist('a', [10, 20, 30]);
    const f = new Follower(compile(manifest([[T0, T0 + 600_000, 'a']], [a])));
    f.begin(T0);
    f.advance(T0 + 10_000); // a-c1 on screen
    // A refresh starting at a later hour boundary, the same playlist: nothing to do.
    expect(f.setPlan(compile(manifest([[T0 + 5_000, T0 + 900_000, 'a']], [a])), T0 + 12_000)).toBeNull();
    expect(shown(f.showing)).toBe('a-c1');
    // The playlist edited: an item in front; the one on screen is found at its new place.
    const edited = { ...a, items: [{ ...a.items[2], contentId: 'a-new' }, ...a.items] };
    const plan = compile(manifest([[T0, T0 + 900_000, 'a']], [edited]));
    expect(f.setPlan(plan, T0 + 13_000)).toBeNull();
    expect(f.showing.kind === 'item' && f.showing.index).toBe(2);
    // Another playlist now: switch at once.
    const b = playlist('b', [5]);
    const next = f.setPlan(compile(manifest([[T0, T0 + 900_000, 'b']], [b])), T0 + 14_000);
    expect(next && shown(next)).toBe('b-c0');
  });

  it('leaves idle when a manifest brings something to play, and stays idle otherwise', () => {
    const f = new Follower(compile(manifest([[T0, T0 + 600_000, null]], [])));
    expect(f.begin(T0)).toEqual({ kind: 'idle', until: T0 + 600_000 });
    expect(f.setPlan(compile(manifest([[T0, T0 + 600_000, null]], [])), T0 + 1)).toBeNull();
    const started = f.setPlan(compile(manifest([[T0, T0 + 600_000, 'a']], [playlist('a', [10])])), T0 + 2);
    expect(started && shown(started)).toBe('a-c0');
  });
});

describe('mediaLinks', () => {
  it('lists what screens play of each item, not originals or thumbnails', () => {
    const m = manifest([[T0, T0 + 1000, 'a']], [playlist('a', [10, 10, 10, 10, 10])]);
    const media = { file: '/f', thumbnail: '/t.jpg', pages: ['/p1', '/p2'], table: '/tab', feed: '/feed' };
    const types = ['image', 'pdf', 'spreadsheet', 'data_feed', 'webpage'] as const;
    m.content.forEach((c, i) => Object.assign(c, { type: types[i], media }));
    expect(mediaLinks(m)).toEqual(['/f', '/p1', '/p2', '/tab', '/feed']);
  });
});
