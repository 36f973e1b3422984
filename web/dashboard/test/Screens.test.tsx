import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Device } from '../src/api/types';
import { Screens } from '../src/pages/Screens';
import { applyDashboardEvent } from '../src/realtime/useDashboardSocket';
import { overlay } from '../src/screens/devices';
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
