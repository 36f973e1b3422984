import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Content } from '../src/api/types';
import { PlaylistEditor } from '../src/pages/PlaylistEditor';
import { contentItem } from './content-item';
import { renderWithApp, serverAnswers } from './render';

// A library of 5,000 ready items, answered as the server pages it (q over titles, ids).
const library: Content[] = Array.from({ length: 5000 }, (_, i) =>
  contentItem(`c${i}`, i === 4321 ? 'Summer menu' : `Item ${i}`),
);

function answer() {
  return serverAnswers({
    'GET /api/v1/content': (_, path) => {
      const query = new URL(path, 'http://x').searchParams;
      const q = query.get('q')?.toLowerCase();
      const ids = query.get('ids')?.split(',');
      const matching = library.filter(
        (c) => (!q || c.title.toLowerCase().includes(q)) && (!ids || ids.includes(c.id)),
      );
      return {
        status: 200,
        body: { items: matching.slice(0, Number(query.get('limit'))), nextCursor: null },
      };
    },
    'GET /api/v1/playlists/p1': {
      status: 200,
      body: {
        playlist: {
          id: 'p1',
          name: 'Lunch',
          description: '',
          items: [{ contentId: 'c4999', duration: 10, transition: 'fade' }],
          totalDuration: 10,
        },
      },
    },
  });
}

describe('PlaylistEditor, with a library of 5,000', () => {
  it('names items beyond the first page, and finds more on the server', async () => {
    const sent = answer();
    renderWithApp(
      <Routes>
        <Route path="/playlists/:id" element={<PlaylistEditor />} />
      </Routes>,
      { path: '/playlists/p1' },
    );
    // The item already in the playlist, read by id.
    expect(await screen.findByRole('listitem', { name: '1. Item 4999' })).toBeTruthy();
    expect(sent.some((s) => s.path.includes('ids=c4999'))).toBe(true);
    // Only ready items are offered, searched on the server.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find in the library' }), 'summer');
    const picker = screen.getByRole('combobox', { name: 'Add from the library' });
    await waitFor(() => expect(screen.getByRole('option', { name: 'Summer menu' })).toBeTruthy());
    expect(sent.filter((s) => s.path.includes('q=summer')).at(-1)?.path).toContain('status=ready');
    await userEvent.selectOptions(picker, 'c4321');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('listitem', { name: '2. Summer menu' })).toBeTruthy();
  });
});
