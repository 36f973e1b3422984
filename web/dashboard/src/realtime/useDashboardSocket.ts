// /ws/admin: what the server pushes for this organization (API.md "WebSocket: dashboards")
// lands in the query cache, so pages change without a reload. Reconnects with backoff, and
// refetches on reconnecting whatever it may have missed.

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Device } from '../api/types';
import { refreshContent } from '../content/content';
import {
  addDevice,
  devicesKey,
  rememberCommandResult,
  rememberStatus,
  removeDevice,
  type CommandResult,
  type StatusEvent,
} from '../screens/devices';

// One pushed frame into the cache.
export function applyDashboardEvent(client: QueryClient, frame: Record<string, unknown>): void {
  switch (frame['type']) {
    case 'device:status':
      rememberStatus(client, frame as unknown as StatusEvent);
      break;
    case 'device:paired':
      addDevice(client, frame['device'] as Device);
      break;
    case 'device:unpaired':
      removeDevice(client, String(frame['deviceId']));
      break;
    case 'command:result':
      rememberCommandResult(client, frame as unknown as CommandResult);
      break;
    case 'content:ready':
      refreshContent(client, String(frame['contentId']));
      break;
    case 'resync':
      // The server's instances lost touch for a while (Redis restarted): events may be
      // missing, so every page on screen reads again.
      void client.invalidateQueries();
      break;
  }
}

export function useDashboardSocket(): void {
  const client = useQueryClient();
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;
    const connect = (): void => {
      socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/admin`);
      socket.onopen = () => {
        if (attempts > 0) void client.invalidateQueries({ queryKey: devicesKey });
        attempts = 0;
      };
      socket.onmessage = (message) => {
        try {
          applyDashboardEvent(client, JSON.parse(String(message.data)) as Record<string, unknown>);
        } catch {
          /* not a frame we read */
        }
      };
      socket.onclose = () => {
        if (stopped) return;
        // Exponential backoff with jitter, at most 30 s: a restarted server is not stampeded.
        const delay = Math.min(30_000, 1000 * 2 ** attempts++) * (0.5 + Math.random() / 2);
        retry = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [client]);
}
