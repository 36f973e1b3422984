import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Device } from '../src/api/types';
import { Screens } from '../src/pages/Screens';
import { applyDashboardEvent } from '../src/realtime/useDashboardSocket';
import { overlay, screensPageSize } from '../src/screens/devices';
import { renderWithApp, serverAnswers } from './render';

function device(id: string, nickname: string, status: Device['status'], held = false): Device {
  return {
    id,
    nickname,
    location: '',
    timezone: 'UTC',
    status,
    lastHeartbeat: null,
    currentContent: null,
    groupIds: [],
    defaultPlaylistId: null,
    pairedAt: null,
    held,
    createdAt: '2026-11-22T07:00:00.000Z',
  };
}

// The server's answer to the screen list, from now on.
function devicesAre(...items: Device[]) {
  serverAnswers({ 'GET /api/v1/devices': { status: 200, body: { items, nextCursor: null } } });
}

describe('Screens', () => {
  it('says what to do when there are none', async () => {
    devicesAre();
    renderWithApp(<Screens />, { path: '/screens' });
    expect(await screen.findByRole('heading', { name: 'No screens yet' })).toBeTruthy();
  });

  it('lists screens and follows status changes pushed by the server', async () => {
    devicesAre(device('d1', 'Lobby', 'offline'));
    const { client } = renderWithApp(<Screens />, { path: '/screens' });
    const row = await screen.findByRole('row', { name: /Lobby/ });
    expect(within(row).getByText('Offline')).toBeTruthy();
    act(() => applyDashboardEvent(client, { type: 'device:status', deviceId: 'd1', status: 'online' }));
    await waitFor(() =>
      expect(within(screen.getByRole('row', { name: /Lobby/ })).getByText('Online')).toBeTruthy(),
    );
  });

  it('marks the screens held beyond the plan', async () => {
    devicesAre(device('d1', 'Lobby', 'online'), device('d2', 'Back office', 'online', true));
    renderWithApp(<Screens />, { path: '/screens' });
    const held = await screen.findByRole('row', { name: /Back office/ });
    expect(within(held).getByText('Held: over plan').getAttribute('title')).toContain('gets nothing new');
    expect(within(screen.getByRole('row', { name: /Lobby/ })).queryByText('Held: over plan')).toBeNull();
  });

  it('reads the list again when the server says events may have been lost', async () => {
    devicesAre(device('d1', 'Lobby', 'offline'));
    const { client } = renderWithApp(<Screens />, { path: '/screens' });
    await screen.findByRole('row', { name: /Lobby/ });
    devicesAre(device('d1', 'Lobby', 'online'));
    act(() => applyDashboardEvent(client, { type: 'resync' }));
    await waitFor(() =>
      expect(within(screen.getByRole('row', { name: /Lobby/ })).getByText('Online')).toBeTruthy(),
    );
  });

  it('never lets a list read a moment too early undo a newer pushed status', () => {
    const row = { ...device('d1', 'Lobby', 'offline'), lastHeartbeat: '2026-11-22T07:00:00.000Z' };
    const online = { deviceId: 'd1', status: 'online' as const, lastHeartbeat: '2026-11-22T07:00:05.000Z' };
    expect(overlay(row, online).status).toBe('online');
    const later = { ...row, lastHeartbeat: '2026-11-22T07:10:00.000Z' };
    expect(overlay(later, online).status).toBe('offline');
  });

  it('pairs a screen with the code from its QR link, checked and upper-cased', async () => {
    const sent = serverAnswers({
      'GET /api/v1/devices': { status: 200, body: { items: [], nextCursor: null } },
      'POST /api/v1/devices/pairing/complete': {
        status: 201,
        body: { device: device('d2', 'Window', 'pairing') },
      },
    });
    renderWithApp(<Screens />, { path: '/screens?code=ab12cd' });
    const dialog = await screen.findByRole('dialog', { name: 'Pair a screen' });
    expect((within(dialog).getByRole('textbox', { name: 'Pairing code' }) as HTMLInputElement).value).toBe(
      'ab12cd',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Pair screen' }));
    expect(await within(dialog).findByText('Give the screen a name, e.g. "Lobby".')).toBeTruthy();
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Screen name' }), 'Window');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Pair screen' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent.find((s) => s.method === 'POST')).toMatchObject({
      path: '/api/v1/devices/pairing/complete',
      body: { code: 'AB12CD', nickname: 'Window' },
    });
    expect(sent.find((s) => s.method === 'POST')?.headers['X-CSRF-Token']).toBeDefined();
  });
});

// A fleet of 2,000 screens, answered as the server pages it: `q` over names and locations,
// `status`, `sort` (paired order, or by name), `limit` and an opaque cursor.
const fleet: Device[] = Array.from({ length: 2000 }, (_, i) => ({
  ...device(
    `d${i}`,
    `Screen ${String(2000 - i).padStart(4, '0')}${i === 1234 ? ' lobby' : ''}`,
    i % 3 ? 'offline' : 'online',
  ),
  location: i % 2 ? 'Berlin' : 'Paris',
}));

function answerFleet(extra: Parameters<typeof serverAnswers>[0] = {}) {
  return serverAnswers({
    'GET /api/v1/devices': (_, path) => {
      const query = new URL(path, 'http://x').searchParams;
      const q = query.get('q')?.toLowerCase();
      const status = query.get('status');
      const matching = fleet.filter(
        (d) =>
          (!status || d.status === status) &&
          (!q || d.nickname.toLowerCase().includes(q) || d.location.toLowerCase().includes(q)),
      );
      if (query.get('sort') === 'name') matching.sort((a, b) => a.nickname.localeCompare(b.nickname));
      const start = Number(query.get('cursor') || 0);
      const end = start + Number(query.get('limit'));
      return {
        status: 200,
        body: { items: matching.slice(start, end), nextCursor: end < matching.length ? String(end) : null },
      };
    },
    'GET /api/v1/device-groups': {
      status: 200,
      body: { items: [{ id: 'g1', name: 'Windows', deviceCount: 0 }], nextCursor: null },
    },
    ...extra,
  });
}

// The rows' boxes, found without computing every row's accessible name (slow in jsdom).
const chooseBoxes = () => [...document.querySelectorAll<HTMLInputElement>('tbody input[type="checkbox"]')];

describe('Screens, a fleet of 2,000', { timeout: 20_000 }, () => {
  it('reads a page from the server, and the next when asked', async () => {
    const sent = answerFleet();
    renderWithApp(<Screens />, { path: '/screens' });
    await screen.findByText('Screen 2000');
    expect(chooseBoxes()).toHaveLength(screensPageSize);
    expect(screen.getByText(`The first ${screensPageSize} shown.`)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(chooseBoxes()).toHaveLength(2 * screensPageSize));
    const reads = sent.filter((s) => s.path.startsWith('/api/v1/devices?'));
    expect(reads).toHaveLength(2);
    expect(reads[1]!.path).toContain(`cursor=${screensPageSize}`);
  });

  it('searches, filters and sorts on the server', async () => {
    const sent = answerFleet();
    renderWithApp(<Screens />, { path: '/screens' });
    await screen.findByText('Screen 2000');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search screens' }), 'lobby');
    await screen.findByText('Screen 0766 lobby');
    await waitFor(() => expect(chooseBoxes()).toHaveLength(1));
    expect(sent.at(-1)?.path).toContain('q=lobby');
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search screens' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'online');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'name');
    await waitFor(() => expect(sent.at(-1)?.path).toContain('sort=name'));
    const last = new URL(sent.at(-1)!.path, 'http://x').searchParams;
    expect([last.get('status'), last.get('sort')]).toEqual(['online', 'name']);
    const names = await waitFor(() => {
      const rows = chooseBoxes();
      expect(rows[0]!.getAttribute('aria-label')).toBe('Choose Screen 0002');
      return rows.map((r) => r.getAttribute('aria-label'));
    });
    expect(names).toEqual([...names].sort());
  });

  it('acts on the chosen screens: a command, a group, unpairing', async () => {
    const moved: string[] = [];
    const sent = answerFleet({
      'POST /api/v1/devices/commands': { status: 202, body: { commandId: 'c1', devices: 2 } },
      ...Object.fromEntries(
        ['d0', 'd1'].flatMap((id) => [
          [
            `PATCH /api/v1/devices/${id}`,
            (body: unknown) => (
              moved.push(id),
              { status: 200, body: { device: { ...fleet[Number(id.slice(1))], ...(body as object) } } }
            ),
          ],
          [`DELETE /api/v1/devices/${id}`, { status: 204 }],
        ]),
      ),
    });
    renderWithApp(<Screens />, { path: '/screens' });
    await userEvent.click(await screen.findByLabelText('Choose Screen 2000'));
    await userEvent.click(screen.getByLabelText('Choose Screen 1999'));
    const bar = screen.getByRole('region', { name: 'Chosen screens' });
    expect(within(bar).getByText('2 screens chosen')).toBeTruthy();

    await userEvent.click(within(bar).getByRole('button', { name: 'Reload' }));
    expect(await within(bar).findByText('Reload sent to 2 screens.')).toBeTruthy();
    expect(sent.find((s) => s.path === '/api/v1/devices/commands')?.body).toEqual({
      command: 'reload',
      deviceIds: ['d0', 'd1'],
    });

    await userEvent.selectOptions(within(bar).getByRole('combobox', { name: 'Group to move them to' }), 'g1');
    await userEvent.click(within(bar).getByRole('button', { name: 'Move' }));
    expect(await within(bar).findByText('2 screens moved to Windows.')).toBeTruthy();
    expect(moved.sort()).toEqual(['d0', 'd1']);
    expect(sent.filter((s) => s.method === 'PATCH').map((s) => s.body)).toEqual([
      { groupIds: ['g1'] },
      { groupIds: ['g1'] },
    ]);
    // The selection was done with: choose again to unpair.
    expect(within(bar).getByText('0 screens chosen')).toBeTruthy();
    await userEvent.click(screen.getByLabelText('Choose Screen 2000'));
    await userEvent.click(screen.getByLabelText('Choose Screen 1999'));
    await userEvent.click(within(bar).getByRole('button', { name: 'Unpair…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Unpair 2 screens?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Unpair' }));
    await waitFor(() => expect(screen.queryByText('Screen 2000')).toBeNull());
    expect(screen.queryByText('Screen 1999')).toBeNull();
    expect(
      sent
        .filter((s) => s.method === 'DELETE')
        .map((s) => s.path)
        .sort(),
    ).toEqual(['/api/v1/devices/d0', '/api/v1/devices/d1']);
  });
});
