// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentEntry, PlaylistItem } from '../src/manifest';
import { makeSlide, PlaybackFailure, type SlideContext } from '../src/slides';

const item = (duration: number): PlaylistItem => ({
  contentId: 'c',
  duration,
  transition: 'none',
  transitionDuration: 0,
  order: 0,
});

function content(type: ContentEntry['type'], extra: Partial<ContentEntry> = {}): ContentEntry {
  return { id: 'c', type, title: 'Title', metadata: {}, media: {}, ...extra };
}

function context(json: unknown, height = 600): SlideContext {
  return {
    fetchJson: () => Promise.resolve(json),
    freshLinks: () => Promise.resolve(null),
    viewport: () => ({ width: 1000, height }),
    offlineSince: () => null,
  };
}

const visible = (el: HTMLElement, selector: string): string[] =>
  Array.from(el.querySelectorAll<HTMLElement>(selector))
    .filter((e) => e.style.display !== 'none' && e.style.visibility !== 'hidden')
    .map((e) => e.textContent ?? '');

describe('slides', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pages a long spreadsheet through the item time, as many rows as fit', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`row ${i + 1}`, String(i)]);
    const slide = makeSlide(
      content('spreadsheet', { media: { table: '/t' } }),
      item(20),
      context({ columns: ['Name', 'N'], rows }),
    );
    await slide.ready;
    // (600 - 160) / 56 → 7 rows a page: 5 pages, 4 s each in 20 s.
    const tables = slide.el.querySelectorAll('table');
    expect(tables).toHaveLength(5);
    expect(visible(slide.el, 'table')).toHaveLength(1);
    expect(slide.el.querySelectorAll('table')[0].querySelectorAll('tbody tr')).toHaveLength(7);
    slide.start(0);
    vi.advanceTimersByTime(4000);
    expect(visible(slide.el, 'table')[0]).toContain('row 8');
    vi.advanceTimersByTime(4000 * 4);
    expect(visible(slide.el, 'table')[0]).toContain('row 1');
    slide.dispose();
  });

  it('refuses a spreadsheet that is not a table', async () => {
    const slide = makeSlide(content('spreadsheet', { media: { table: '/t' } }), item(10), context({ x: 1 }));
    await expect(slide.ready).rejects.toBeInstanceOf(PlaybackFailure);
  });

  it('reads an RSS or Atom feed as a list, without markup', async () => {
    const slide = makeSlide(
      content('data_feed', { media: { feed: '/f' } }),
      item(10),
      context({
        format: 'rss',
        title: 'News',
        items: [{ title: 'One', summary: '<b>Bold</b> <script>alert(1)</script>news' }],
      }),
    );
    await slide.ready;
    expect(slide.el.querySelector('.feed-title')?.textContent).toBe('News');
    expect(slide.el.querySelector('.feed-item-summary')?.textContent).toBe('Bold alert(1)news');
    expect(slide.el.querySelector('script')).toBeNull();
  });

  it('shows JSON feeds as a table of records or a list of fields', async () => {
    const records = makeSlide(
      content('data_feed', { media: { feed: '/f' } }),
      item(10),
      context({
        format: 'json',
        data: [
          { city: 'Oslo', temp: 3 },
          { city: 'Rome', temp: 17 },
        ],
      }),
    );
    await records.ready;
    expect(Array.from(records.el.querySelectorAll('th')).map((t) => t.textContent)).toEqual(['city', 'temp']);
    expect(records.el.querySelectorAll('tbody tr')).toHaveLength(2);
    const fields = makeSlide(
      content('data_feed', { media: { feed: '/f' } }),
      item(10),
      context({ format: 'json', data: { queue: 12, open: true } }),
    );
    await fields.ready;
    expect(Array.from(fields.el.querySelectorAll('dt')).map((t) => t.textContent)).toEqual(['queue', 'open']);
  });

  it('prefers a feed copy fresher than the manifest', async () => {
    const fetched: string[] = [];
    const slide = makeSlide(content('data_feed', { media: { feed: '/old' } }), item(10), {
      fetchJson: (url) => (fetched.push(url), Promise.resolve({ format: 'rss', title: 't', items: [] })),
      freshLinks: () => Promise.resolve({ feed: '/new' }),
      offlineSince: () => null,
      viewport: () => ({ width: 1, height: 1 }),
    });
    await slide.ready;
    expect(fetched).toEqual(['/new']);
  });

  it('reloads a web page on its refresh interval', () => {
    const slide = makeSlide(
      content('webpage', { url: 'https://example.com/menu', refreshInterval: 30 }),
      item(120),
      context(null),
    );
    const frame = slide.el as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toContain('allow-scripts');
    const loads: string[] = [];
    Object.defineProperty(frame, 'src', {
      set: (v: string) => loads.push(v),
      get: () => loads[loads.length - 1] ?? '',
    });
    slide.start(0);
    vi.advanceTimersByTime(95_000);
    expect(loads).toEqual(Array(3).fill('https://example.com/menu'));
    slide.dispose();
    vi.advanceTimersByTime(60_000);
    expect(loads).toHaveLength(4); // the last one is about:blank
    expect(loads[3]).toBe('about:blank');
  });

  it('turns the pages of a document and ends after the last', () => {
    const slide = makeSlide(
      content('pdf', { media: { pages: ['/p1.jpg', '/p2.jpg', '/p3.jpg'] } }),
      item(12),
      context(null),
    );
    const ended = vi.fn();
    slide.onEnd = ended;
    const shown = (): number[] =>
      Array.from(slide.el.querySelectorAll<HTMLElement>('img')).flatMap((img, i) =>
        img.style.visibility === 'visible' ? [i] : [],
      );
    slide.start(0);
    expect(shown()).toEqual([0]);
    vi.advanceTimersByTime(4000);
    expect(shown()).toEqual([1]);
    vi.advanceTimersByTime(4000);
    expect(shown()).toEqual([2]);
    expect(ended).not.toHaveBeenCalled();
    vi.advanceTimersByTime(4000);
    expect(ended).toHaveBeenCalledOnce();
  });

  it('fails at once for content it cannot play', async () => {
    await expect(makeSlide(content('image'), item(10), context(null)).ready).rejects.toMatchObject({
      errorType: 'missing',
    });
    await expect(
      makeSlide(content('mystery' as ContentEntry['type']), item(10), context(null)).ready,
    ).rejects.toMatchObject({ errorType: 'unsupported' });
  });
});
