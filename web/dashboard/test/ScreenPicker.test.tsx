import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Device } from '../src/api/types';
import { ScreenPicker } from '../src/screens/ScreenPicker';
import { renderWithApp, serverAnswers } from './render';

const device = (id: string, nickname: string) =>
  ({ id, nickname, status: 'online', groupIds: [] }) as unknown as Device;
const fleet = [device('d1', 'Lobby'), device('d2', 'Back office')];

function Picker({ seen }: { seen: string[][] }) {
  const [chosen, setChosen] = useState<string[]>([]);
  return (
    <ScreenPicker
      chosen={chosen}
      onChange={(next) => {
        seen.push(next);
        setChosen(next);
      }}
    />
  );
}

describe('ScreenPicker', () => {
  it('searches the server, and keeps screens chosen that a search hides', async () => {
    const sent = serverAnswers({
      'GET /api/v1/devices': (_body, path) => {
        const q = new URL(path, 'http://x').searchParams.get('q') ?? '';
        const items = fleet.filter((d) => d.nickname.toLowerCase().includes(q.toLowerCase()));
        return { status: 200, body: { items, nextCursor: null } };
      },
    });
    const seen: string[][] = [];
    renderWithApp(<Picker seen={seen} />);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Lobby' }));
    expect(screen.getByText('1 screen chosen')).toBeTruthy();

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search screens to choose' }), 'back');
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Lobby' })).toBeNull());
    await userEvent.click(screen.getByRole('checkbox', { name: 'Back office' }));
    expect(seen.at(-1)).toEqual(['d1', 'd2']);
    expect(screen.getByText('2 screens chosen')).toBeTruthy();
    const searched = sent.filter((s) => s.path.includes('q=back'));
    expect(searched.length).toBeGreaterThan(0);
    expect(searched[0]!.path).toContain('sort=name');
  });
});
