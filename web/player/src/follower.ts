// Which item a screen shows, decided from the timeline and the corrected clock alone, so a
// screen offline (even after a reload) still switches on time. Pure: no DOM, no timers.
//
// Rules: the segment covering now names a playlist (or none: idle). Entering a segment part
// way through starts at the item the clock says (screens started apart still agree). Inside a
// segment items follow each other; an item ends when its duration is up, or at its own end
// for videos and documents. A looping playlist starts over; a non-looping one holds its last
// item until the segment ends. A new manifest with the same playlist now playing continues
// the item on screen instead of restarting.

import type { ContentEntry, Plan, PlanSegment, Playlist, PlaylistItem } from './manifest';

export type Showing =
  // `resting`: the playlist of the segment, when it is idle only because none of its items
  // could be played (it is tried again at `until`).
  | { kind: 'idle'; until: number; resting?: string }
  | {
      kind: 'item';
      playlist: Playlist;
      index: number;
      item: PlaylistItem;
      content: ContentEntry;
      // How long it stays from when it is shown (for a held last item: to the segment's end).
      plannedMs: number;
      // How far into the item the clock says we are when entering a segment part way through.
      offsetMs: number;
      until: number; // when the segment ends
    };

// Waiting this long before trying a playlist whose every item failed.
export const RETRY_FAILED_MS = 10_000;

export function segmentAt(plan: Plan, t: number): PlanSegment | undefined {
  for (const s of plan.segments) {
    if (s.start <= t && t < s.end) return s;
  }
  // Past the manifest's horizon (a long outage): keep what it ended with.
  const last = plan.segments[plan.segments.length - 1];
  return last && t >= last.end ? { ...last, end: Infinity } : undefined;
}

// The item the clock says, `elapsedMs` into a playlist entered at its segment's start.
export function entryPoint(playlist: Playlist, elapsedMs: number): { index: number; offsetMs: number } {
  const durations = playlist.items.map((i) => Math.max(1, i.duration) * 1000);
  const total = durations.reduce((a, b) => a + b, 0);
  if (total === 0) return { index: 0, offsetMs: 0 };
  let into = Math.max(0, elapsedMs);
  if (into >= total) {
    if (!playlist.loopPlaylist) return { index: durations.length - 1, offsetMs: 0 };
    into %= total;
  }
  for (let i = 0; i < durations.length; i++) {
    if (into < durations[i]) return { index: i, offsetMs: into };
    into -= durations[i];
  }
  return { index: 0, offsetMs: 0 };
}

export class Follower {
  private plan: Plan;
  private current: Showing = { kind: 'idle', until: 0 };
  private failedInRow = 0;

  constructor(plan: Plan) {
    this.plan = plan;
  }

  get showing(): Showing {
    return this.current;
  }

  // What to show at t, from scratch (start, or a segment change).
  begin(t: number): Showing {
    this.failedInRow = 0;
    this.current = this.fresh(t);
    return this.current;
  }

  // The item on screen is over (its time is up, it ended, or it failed): what comes next.
  advance(t: number, failed = false): Showing {
    this.failedInRow = failed ? this.failedInRow + 1 : 0;
    this.current = this.following(t, this.current, this.failedInRow);
    return this.current;
  }

  // What advance(t) would show, for preloading; changes nothing.
  peek(t: number): Showing {
    return this.following(t, this.current, 0);
  }

  // Whether the segment playing at t is no longer the one on screen (time to switch).
  segmentChanged(t: number): boolean {
    return this.playlistAt(t) !== this.playingPlaylist();
  }

  // A new manifest: the showing to switch to now, or null to carry on with the one on screen.
  setPlan(plan: Plan, t: number): Showing | null {
    this.plan = plan;
    const cur = this.current;
    const seg = segmentAt(plan, t);
    const playlist = seg?.playlistId ? plan.playlists.get(seg.playlistId) : undefined;
    if (cur.kind === 'idle') {
      if (!playlist) {
        this.current = { kind: 'idle', until: seg ? seg.end : Infinity };
        return null;
      }
      return this.begin(t);
    }
    if (!playlist || playlist.id !== cur.playlist.id || !plan.content.has(cur.content.id)) {
      return this.begin(t);
    }
    // Same playlist: find the item on screen in its new version.
    let index = cur.index;
    if (playlist.items[index]?.contentId !== cur.item.contentId) {
      index = playlist.items.findIndex((i) => i.contentId === cur.item.contentId);
      if (index < 0) return this.begin(t);
    }
    this.current = {
      ...cur,
      playlist,
      index,
      item: playlist.items[index],
      content: plan.content.get(cur.content.id)!,
      until: seg!.end,
    };
    return null;
  }

  private playingPlaylist(): string | null {
    return this.current.kind === 'item' ? this.current.playlist.id : (this.current.resting ?? null);
  }

  private playlistAt(t: number): string | null {
    const seg = segmentAt(this.plan, t);
    if (!seg?.playlistId) return null;
    const p = this.plan.playlists.get(seg.playlistId);
    return p && p.items.length > 0 ? p.id : null;
  }

  private fresh(t: number): Showing {
    const seg = segmentAt(this.plan, t);
    const playlist = seg?.playlistId ? this.plan.playlists.get(seg.playlistId) : undefined;
    if (!seg || !playlist || playlist.items.length === 0) {
      return { kind: 'idle', until: seg ? seg.end : Infinity };
    }
    const { index, offsetMs } = entryPoint(playlist, t - seg.start);
    return this.itemFrom(playlist, seg, index, offsetMs, t, 0);
  }

  private following(t: number, cur: Showing, failedInRow: number): Showing {
    if (cur.kind === 'idle' || this.segmentChanged(t)) return this.fresh(t);
    const seg = segmentAt(this.plan, t)!;
    const playlist = cur.playlist;
    let index = cur.index + 1;
    if (index >= playlist.items.length) {
      if (!playlist.loopPlaylist) {
        // Hold the last item to the end of the segment.
        return { ...cur, plannedMs: Math.max(0, seg.end - t), offsetMs: 0, until: seg.end };
      }
      index = 0;
    }
    return this.itemFrom(playlist, seg, index, 0, t, failedInRow);
  }

  // The item at `index`, or the next one whose content the manifest has; idle for a while
  // when every item has failed in a row.
  private itemFrom(
    playlist: Playlist,
    seg: PlanSegment,
    index: number,
    offsetMs: number,
    t: number,
    failedInRow: number,
  ): Showing {
    const n = playlist.items.length;
    const rest: Showing = {
      kind: 'idle',
      until: Math.min(seg.end, t + RETRY_FAILED_MS),
      resting: playlist.id,
    };
    if (failedInRow >= n) return rest;
    for (let step = 0; step < n; step++) {
      const i = (index + step) % n;
      const item = playlist.items[i];
      const content = this.plan.content.get(item.contentId);
      if (!content) continue;
      const off = step === 0 ? offsetMs : 0;
      return {
        kind: 'item',
        playlist,
        index: i,
        item,
        content,
        plannedMs: Math.max(1, item.duration) * 1000 - off,
        offsetMs: off,
        until: seg.end,
      };
    }
    return rest;
  }
}
