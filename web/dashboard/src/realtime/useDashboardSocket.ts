// /ws/admin: what the server pushes for this organization (API.md "WebSocket: dashboards")
// lands in the query cache, so pages change without a reload. Frames are checked (./frames.ts);
// reconnects with backoff, and on reconnecting reads again whatever it may have missed.

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { refreshContent } from '../content/content';
import { addDevice, rememberCommandResult, rememberStatus, removeDevice } from '../screens/devices';
import { parseDashboardFrame, type DashboardFrame } from './frames';

// One pushed frame into the cache.
export function applyDashboardEvent(client: QueryClient, frame: DashboardFrame): void {
  switch (frame.type) {
    case 'device:status':
      rememberStatus(client, frame);
      break;
    case 'device:paired':
      addDevice(client, frame.device);
      break;
    case 'device:unpaired':
      removeDevice(client, frame.deviceId);
      break;
    case 'command:result':
      rememberCommandResult(client, frame);
      break;
    case 'content:ready':
      refreshContent(client, frame.contentId);
      break;
    case 'publish:delivered':
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
        // Whatever happened while away (status, pairings, content, publishes) was not heard:
        // every page on screen reads again, not only the screens.
        if (attempts > 0) void client.invalidateQueries();
        attempts = 0;
      };
      socket.onmessage = (message) => {
        const frame = parseDashboardFrame(String(message.data));
        if (frame) applyDashboardEvent(client, frame);
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
