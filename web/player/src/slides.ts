// One slide per kind of content: images fit the screen, videos play muted to their end,
// documents show their pages in turn, web pages and dashboards live in frames reloaded on
// their interval, spreadsheets page through their rows, data feeds read as a list.

import type { ContentEntry, MediaLinks, PlaylistItem } from './manifest';
import type { Slide } from './stage';
import { appendAll, startPlaying } from './dom';
import { say, timeOfDay } from './i18n';

export interface SlideContext {
  // JSON of a media link (a table, a feed); the service worker answers offline.
  fetchJson(url: string): Promise<unknown>;
  // The newest links of an item (a data feed refreshed since the manifest), or null.
  freshLinks(contentId: string): Promise<MediaLinks | null>;
  viewport(): { width: number; height: number };
  // Since when the server has been out of reach (ms since the epoch), null while it is not.
  offlineSince(): number | null;
}

// Longest wait for an item to become showable before it counts as failed.
export const READY_TIMEOUT_MS = 15_000;
// A web page that has not said "loaded" by then is shown anyway (it may still be drawing).
const FRAME_SHOW_AFTER_MS = 4_000;
const MIN_PAGE_MS = 3_000;

export class PlaybackFailure extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export function makeSlide(content: ContentEntry, item: PlaylistItem, ctx: SlideContext): Slide {
  switch (content.type) {
    case 'image':
      return imageSlide(content);
    case 'video':
      return videoSlide(content);
    case 'pdf':
    case 'ppt':
      return pagesSlide(content, item);
    case 'webpage':
    case 'dashboard':
      return frameSlide(content);
    case 'spreadsheet':
      return tableSlide(content, item, ctx);
    case 'data_feed':
      return feedSlide(content, ctx);
    default:
      return failedSlide(content, 'unsupported', `no player for content of type ${String(content.type)}`);
  }
}

// The idle screen: never black, says the screen is fine and waiting, and, when the server
// has been out of reach, since when (it carries on by itself).
export function idleSlide(ctx: SlideContext): Slide {
  const el = div('idle');
  const clock = div('idle-clock');
  const line = div('idle-line', say('idle.nothing'));
  const offline = div('idle-offline');
  offline.setAttribute('role', 'status');
  appendAll(el, div('brand', 'Vizora'), clock, line, offline);
  const tick = (): void => {
    clock.textContent = timeOfDay(new Date());
    const since = ctx.offlineSince();
    offline.textContent = since === null ? '' : say('idle.offline', { time: timeOfDay(new Date(since)) });
  };
  tick();
  const timer = setInterval(tick, 10_000);
  return base(el, null, Promise.resolve(), false, { dispose: () => clearInterval(timer) });
}

function imageSlide(content: ContentEntry): Slide {
  const img = document.createElement('img');
  img.className = 'fit';
  img.alt = content.title;
  img.decoding = 'async';
  const src = content.media.file;
  const ready = src
    ? new Promise<void>((resolve, reject) => {
        img.onload = () => resolve();
        img.onerror = () => reject(new PlaybackFailure('load', `the image ${content.title} did not load`));
        img.src = src;
      }).then(() => (img.decode ? img.decode().catch(() => undefined) : undefined))
    : Promise.reject(new PlaybackFailure('missing', 'the image has no file'));
  return base(img, content.id, withTimeout(ready), false, {
    capture: () => drawn(img, img.naturalWidth, img.naturalHeight),
  });
}

function videoSlide(content: ContentEntry): Slide {
  const video = document.createElement('video');
  video.className = 'fit';
  video.muted = true;
  video.defaultMuted = true;
  video.playsInline = true;
  video.setAttribute('playsinline', '');
  video.setAttribute('muted', '');
  video.preload = 'auto';
  const src = content.media.file;
  const ready = src
    ? new Promise<void>((resolve, reject) => {
        video.addEventListener('loadeddata', () => resolve(), { once: true });
        video.addEventListener(
          'error',
          () => reject(new PlaybackFailure('decode', `the video ${content.title} cannot be played`)),
          { once: true },
        );
        video.src = src;
        video.load();
      })
    : Promise.reject(new PlaybackFailure('missing', 'the video has no file'));
  const slide = base(video, content.id, withTimeout(ready), true, {
    start: (offsetMs: number) => {
      if (offsetMs / 1000 < (video.duration || 0) - 1) video.currentTime = offsetMs / 1000;
      startPlaying(video, (e) => slide.onEnd?.(new PlaybackFailure('autoplay', String(e))));
    },
    dispose: () => {
      video.pause();
      video.removeAttribute('src');
      video.load(); // lets the browser free the decoder at once
    },
    capture: () => drawn(video, video.videoWidth, video.videoHeight),
  });
  video.addEventListener('ended', () => slide.onEnd?.());
  video.addEventListener('error', () =>
    slide.onEnd?.(new PlaybackFailure('decode', `the video ${content.title} stopped with an error`)),
  );
  return slide;
}

function pagesSlide(content: ContentEntry, item: PlaylistItem): Slide {
  const pages = content.media.pages ?? [];
  const el = div('pages');
  const images = pages.map((url, i) => {
    const img = document.createElement('img');
    img.className = 'fit page';
    img.alt = `${content.title}, page ${i + 1}`;
    img.src = url;
    img.style.visibility = i === 0 ? 'visible' : 'hidden';
    el.appendChild(img);
    return img;
  });
  const first = images[0];
  const ready = first
    ? new Promise<void>((resolve, reject) => {
        first.onload = () => resolve();
        first.onerror = () =>
          reject(new PlaybackFailure('load', `the first page of ${content.title} did not load`));
        if (first.complete && first.naturalWidth > 0) resolve();
      })
    : Promise.reject(new PlaybackFailure('missing', `${content.title} has no pages`));
  // Each page gets an equal share of the item's time, at least MIN_PAGE_MS.
  const pageMs = Math.max(MIN_PAGE_MS, (Math.max(1, item.duration) * 1000) / Math.max(1, pages.length));
  let timer: ReturnType<typeof setInterval> | undefined;
  let shown = 0;
  const slide = base(el, content.id, withTimeout(ready), true, {
    start: (offsetMs: number) => {
      const show = (n: number): void => {
        images[shown].style.visibility = 'hidden';
        shown = n;
        images[shown].style.visibility = 'visible';
      };
      show(Math.min(images.length - 1, Math.floor(offsetMs / pageMs)));
      timer = setInterval(() => {
        if (shown + 1 >= images.length) {
          clearInterval(timer);
          slide.onEnd?.();
        } else {
          show(shown + 1);
        }
      }, pageMs);
    },
    dispose: () => clearInterval(timer),
    capture: () => {
      const img = images[shown];
      return img ? drawn(img, img.naturalWidth, img.naturalHeight) : null;
    },
  });
  return slide;
}

function frameSlide(content: ContentEntry): Slide {
  const frame = document.createElement('iframe');
  frame.className = 'frame';
  frame.title = content.title;
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  const url = content.url;
  const ready = url
    ? new Promise<void>((resolve) => {
        frame.onload = () => resolve();
        setTimeout(resolve, FRAME_SHOW_AFTER_MS);
        frame.src = url;
      })
    : Promise.reject(new PlaybackFailure('missing', `${content.title} has no address`));
  let timer: ReturnType<typeof setInterval> | undefined;
  const every = (content.refreshInterval ?? 0) * 1000;
  return base(frame, content.id, ready, false, {
    start: () => {
      if (url && every > 0) timer = setInterval(() => (frame.src = url), every);
    },
    dispose: () => {
      clearInterval(timer);
      frame.src = 'about:blank';
    },
  });
}

interface Table {
  columns: string[];
  rows: string[][];
  truncated?: boolean;
}

function tableSlide(content: ContentEntry, item: PlaylistItem, ctx: SlideContext): Slide {
  const el = div('sheet');
  let timer: ReturnType<typeof setInterval> | undefined;
  let pages: HTMLTableElement[] = [];
  let shown = 0;
  const url = content.media.table;
  const ready = url
    ? ctx.fetchJson(url).then((data) => {
        const table = data as Table;
        if (!Array.isArray(table?.columns) || !Array.isArray(table.rows)) {
          throw new PlaybackFailure('format', `${content.title} is not a table`);
        }
        // As many rows as fit, at the sheet's row height (see player.css).
        const perPage = Math.max(3, Math.floor((ctx.viewport().height - 160) / 56));
        for (let i = 0; i < Math.max(1, table.rows.length); i += perPage) {
          pages.push(renderTable(content.title, table.columns, table.rows.slice(i, i + perPage)));
        }
        pages.forEach((p, i) => {
          p.style.display = i === 0 ? '' : 'none';
          el.appendChild(p);
        });
      })
    : Promise.reject(new PlaybackFailure('missing', `${content.title} has no table`));
  return base(el, content.id, withTimeout(ready), false, {
    start: () => {
      if (pages.length < 2) return;
      const pageMs = Math.max(MIN_PAGE_MS, (Math.max(1, item.duration) * 1000) / pages.length);
      timer = setInterval(() => {
        pages[shown].style.display = 'none';
        shown = (shown + 1) % pages.length;
        pages[shown].style.display = '';
      }, pageMs);
    },
    dispose: () => {
      clearInterval(timer);
      pages = [];
    },
  });
}

function renderTable(title: string, columns: string[], rows: string[][]): HTMLTableElement {
  const table = document.createElement('table');
  const caption = document.createElement('caption');
  caption.textContent = title;
  table.appendChild(caption);
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement('th');
    th.textContent = c;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (let i = 0; i < columns.length; i++) tr.insertCell().textContent = r[i] ?? '';
  }
  return table;
}

interface FeedItem {
  title?: string;
  summary?: string;
  published?: string;
}

function feedSlide(content: ContentEntry, ctx: SlideContext): Slide {
  const el = div('feed');
  const ready = ctx
    .freshLinks(content.id)
    .catch(() => null)
    .then((links) => {
      const url = links?.feed ?? content.media.feed;
      if (!url) throw new PlaybackFailure('missing', `${content.title} has not been fetched yet`);
      return ctx.fetchJson(url);
    })
    .then((data) => renderFeed(el, content.title, data));
  return base(el, content.id, withTimeout(ready), false, {});
}

function renderFeed(el: HTMLElement, fallbackTitle: string, data: unknown): void {
  const feed = data as { format?: string; title?: string; items?: FeedItem[]; data?: unknown };
  el.appendChild(div('feed-title', feed.title || fallbackTitle));
  if (Array.isArray(feed.items)) {
    const list = document.createElement('ol');
    for (const item of feed.items.slice(0, 8)) {
      const li = document.createElement('li');
      li.appendChild(div('feed-item-title', item.title ?? ''));
      if (item.summary) li.appendChild(div('feed-item-summary', stripTags(item.summary).slice(0, 280)));
      if (item.published) li.appendChild(div('feed-item-date', item.published));
      list.appendChild(li);
    }
    el.appendChild(list);
    return;
  }
  // JSON: a list of records reads as a table, anything else as its fields.
  const value = feed.data;
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null) {
    const columns = Object.keys(value[0] as object).slice(0, 8);
    const rows = value
      .slice(0, 12)
      .map((r) => columns.map((c) => display((r as Record<string, unknown>)[c])));
    el.appendChild(renderTable('', columns, rows));
    return;
  }
  const list = document.createElement('dl');
  const entries =
    typeof value === 'object' && value !== null ? Object.entries(value as object) : [['value', value]];
  for (const [k, v] of entries.slice(0, 12)) {
    list.appendChild(Object.assign(document.createElement('dt'), { textContent: String(k) }));
    list.appendChild(Object.assign(document.createElement('dd'), { textContent: display(v) }));
  }
  el.appendChild(list);
}

function failedSlide(content: ContentEntry, type: string, message: string): Slide {
  return base(div('failed'), content.id, Promise.reject(new PlaybackFailure(type, message)), false, {});
}

interface SlideParts {
  start?: (offsetMs: number) => void;
  dispose?: () => void;
  capture?: () => HTMLCanvasElement | null;
}

function base(
  el: HTMLElement,
  contentId: string | null,
  ready: Promise<void>,
  endsItself: boolean,
  parts: SlideParts,
): Slide {
  ready.catch(() => undefined); // failures are read by whoever awaits `ready`
  return {
    el,
    contentId,
    ready,
    endsItself,
    onEnd: null,
    start: parts.start ?? (() => undefined),
    dispose: parts.dispose ?? (() => undefined),
    capture: parts.capture ?? (() => null),
  };
}

function withTimeout(ready: Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new PlaybackFailure('timeout', `not ready after ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    ready.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new PlaybackFailure('load', String(e)));
      },
    );
  });
}

// The source drawn onto a canvas no larger than 480 px wide.
function drawn(source: CanvasImageSource, width: number, height: number): HTMLCanvasElement | null {
  if (!width || !height) return null;
  const scale = Math.min(1, 480 / width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.drawImage(source, 0, 0, canvas.width, canvas.height);
  return canvas;
}

function div(className: string, text?: string): HTMLDivElement {
  const el = document.createElement('div');
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function display(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function stripTags(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return doc.body.textContent ?? '';
}
