import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Content } from '../src/api/types';
import { libraryPageSize } from '../src/content/content';
import { ContentLibrary } from '../src/pages/ContentLibrary';
import { contentItem } from './content-item';
import { renderWithApp, serverAnswers } from './render';

// A library of 5,000 items, answered as the server pages it: newest first, `q` over titles
// and tags, `type`, `limit` and an opaque cursor.
const library: Content[] = Array.from({ length: 5000 }, (_, i) =>
  contentItem(`c${i}`, `Item ${i}${i === 4321 ? ' summer sale' : ''}`, {
    type: i % 2 ? 'image' : 'webpage',
    tags: i === 17 ? ['summer'] : [],
  }),
);

function answerPages() {
  return serverAnswers({
    'GET /api/v1/content': (_, path) => {
      const query = new URL(path, 'http://x').searchParams;
      const q = query.get('q')?.toLowerCase();
      const type = query.get('type');
      const matching = library.filter(
        (c) =>
          (!type || c.type === type) &&
          (!q || c.title.toLowerCase().includes(q) || c.tags.some((t) => t.includes(q))),
      );
      const start = Number(query.get('cursor') || 0);
      const limit = Number(query.get('limit'));
      const end = start + limit;
      return {
        status: 200,
        body: { items: matching.slice(start, end), nextCursor: end < matching.length ? String(end) : null },
      };
    },
  });
}

describe('ContentLibrary', () => {
  it('reads a page of a large library, and the next when asked', async () => {
    const sent = answerPages();
    renderWithApp(<ContentLibrary />, { path: '/content' });
    const list = await screen.findByRole('list', { name: 'Library' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(libraryPageSize);
    expect(screen.getByText(`The first ${libraryPageSize} shown, newest first.`)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2 * libraryPageSize));
    expect(sent.filter((s) => s.path.startsWith('/api/v1/content'))).toHaveLength(2);
    expect(sent.at(-1)?.path).toContain(`cursor=${libraryPageSize}`);
  });

  it('searches on the server as the admin types, titles and tags alike', async () => {
    const sent = answerPages();
    renderWithApp(<ContentLibrary />, { path: '/content' });
    await screen.findByRole('list', { name: 'Library' });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search content' }), 'summer');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
    expect(screen.getByText('Item 4321 summer sale')).toBeTruthy();
    expect(screen.getByText('Item 17')).toBeTruthy();
    expect(sent.filter((s) => s.path.includes('q=')).at(-1)?.path).toContain('q=summer');
    expect(screen.getByText('2 shown.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Kind of content' }), 'webpage');
    expect(await screen.findByText(/Nothing matches/)).toBeTruthy();
    expect(sent.at(-1)?.path).toContain('type=webpage');
  });

  it('tells an empty library from a search that finds nothing', async () => {
    serverAnswers({ 'GET /api/v1/content': { status: 200, body: { items: [], nextCursor: null } } });
    renderWithApp(<ContentLibrary />, { path: '/content' });
    expect(await screen.findByRole('heading', { name: 'Your library is empty' })).toBeTruthy();
  });
});
