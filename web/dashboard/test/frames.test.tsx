import { describe, expect, it } from 'vitest';
import { parseDashboardFrame } from '../src/realtime/frames';

describe('dashboard socket frames', () => {
  it('reads the frames the server pushes', () => {
    expect(
      parseDashboardFrame(
        JSON.stringify({
          type: 'device:status',
          deviceId: 'd1',
          status: 'online',
          lastHeartbeat: '2026-12-07T10:00:00.000Z',
          currentContent: { playlistId: 'p1', contentId: null },
        }),
      ),
    ).toMatchObject({ type: 'device:status', deviceId: 'd1', status: 'online' });
    const paired = parseDashboardFrame(
      JSON.stringify({
        type: 'device:paired',
        device: {
          id: 'd2',
          nickname: 'Lobby',
          location: '',
          timezone: 'UTC',
          status: 'online',
          lastHeartbeat: null,
          currentContent: null,
          groupIds: [],
          defaultPlaylistId: null,
          pairedAt: '2026-12-07T10:00:00.000Z',
          createdAt: '2026-12-07T10:00:00.000Z',
        },
      }),
    );
    expect(paired).toMatchObject({ type: 'device:paired', device: { id: 'd2', held: false } });
    expect(parseDashboardFrame('{"type":"command:result","commandId":"c1","ok":true}')).toEqual({
      type: 'command:result',
      commandId: 'c1',
      ok: true,
      data: null,
    });
    expect(parseDashboardFrame('{"type":"resync"}')).toEqual({ type: 'resync' });
  });

  it('drops what does not match instead of casting it into the cache', () => {
    expect(parseDashboardFrame('not json')).toBeNull();
    expect(parseDashboardFrame('{"type":"device:status","deviceId":"d1","status":"exploded"}')).toBeNull();
    expect(parseDashboardFrame('{"type":"device:unpaired"}')).toBeNull();
    expect(parseDashboardFrame('{"type":"device:paired","device":{"id":"d2"}}')).toBeNull();
    expect(parseDashboardFrame('{"type":"something:new","x":1}')).toBeNull();
    expect(parseDashboardFrame('[1,2]')).toBeNull();
  });
});
