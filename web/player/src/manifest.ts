// The manifest a screen receives (API.md "Devices", device side, and "WebSocket: devices"):
// the next 48 h as a timeline of segments, with every playlist and content item it names.

export type TransitionKind = 'none' | 'fade' | 'slide' | 'zoom' | 'dissolve';

export type ContentType =
  'image' | 'video' | 'pdf' | 'ppt' | 'spreadsheet' | 'webpage' | 'dashboard' | 'data_feed';

export interface Segment {
  start: string;
  end: string;
  playlistId: string | null;
  source: string;
  sourceId: string | null;
}

export interface PlaylistItem {
  contentId: string;
  duration: number; // seconds
  transition: TransitionKind;
  transitionDuration: number; // milliseconds
  order: number;
}

export interface Playlist {
  id: string;
  name: string;
  loopPlaylist: boolean;
  totalDuration: number;
  items: PlaylistItem[];
}

export interface MediaLinks {
  file?: string;
  thumbnail?: string;
  pages?: string[];
  table?: string;
  feed?: string;
}

export interface ContentEntry {
  id: string;
  type: ContentType;
  title: string;
  metadata: Record<string, unknown>;
  media: MediaLinks;
  url?: string;
  refreshInterval?: number | null;
  sha256?: string;
  size?: number;
  mimeType?: string;
}

export interface Manifest {
  version: string;
  validFrom?: string;
  validUntil?: string;
  timeline: Segment[];
  playlists: Playlist[];
  content: ContentEntry[];
}

// The manifest with times as epoch milliseconds and lookups by id.
export interface PlanSegment {
  start: number;
  end: number;
  playlistId: string | null;
  source: string;
  sourceId: string | null;
}

export interface Plan {
  version: string;
  segments: PlanSegment[];
  playlists: Map<string, Playlist>;
  content: Map<string, ContentEntry>;
}

export function compile(manifest: Manifest): Plan {
  const segments = manifest.timeline
    .map((s) => ({
      start: Date.parse(s.start),
      end: Date.parse(s.end),
      playlistId: s.playlistId,
      source: s.source,
      sourceId: s.sourceId,
    }))
    .filter((s) => !isNaN(s.start) && !isNaN(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  return {
    version: manifest.version,
    segments,
    playlists: new Map(manifest.playlists.map((p) => [p.id, p])),
    content: new Map(manifest.content.map((c) => [c.id, c])),
  };
}

// The media links a screen plays of each item, for the offline cache: images and videos
// their file, documents their page images, spreadsheets their table, feeds their copy (not
// an uploaded PDF or workbook itself, nor the dashboard's thumbnails).
export function playedLinks(content: ContentEntry): string[] {
  const m = content.media;
  switch (content.type) {
    case 'image':
    case 'video':
      return m.file ? [m.file] : [];
    case 'pdf':
    case 'ppt':
      return m.pages ?? [];
    case 'spreadsheet':
      return m.table ? [m.table] : [];
    case 'data_feed':
      return m.feed ? [m.feed] : [];
    default:
      return [];
  }
}

export function mediaLinks(manifest: Manifest): string[] {
  return manifest.content.reduce<string[]>((all, c) => all.concat(playedLinks(c)), []);
}

export function isManifest(value: unknown): value is Manifest {
  const m = value as Manifest;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.version === 'string' &&
    Array.isArray(m.timeline) &&
    Array.isArray(m.playlists) &&
    Array.isArray(m.content)
  );
}
