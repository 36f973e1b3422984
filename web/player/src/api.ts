// The HTTP side of a screen: pairing (no token) and the device routes (device token).

import type { DeviceEvent } from './event_queue';
import type { MediaLinks } from './manifest';

// The token is unknown or revoked: the screen was unpaired.
export class Unauthorized extends Error {}

export interface PairingTicket {
  code: string;
  pairingSecret: string;
  expiresAt: string;
  qrCode: string;
}

export type PairingStatus =
  | { status: 'pending' }
  | { status: 'paired'; deviceId: string; deviceToken: string; organizationId: string }
  | { status: 'expired' };

export interface BatchAnswer {
  accepted: string[];
  rejected: { index: number; id?: string; code: string; message: string }[];
}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 401) throw new Unauthorized('the device token was refused');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

export async function requestPairing(): Promise<PairingTicket> {
  const response = await fetch('/api/v1/devices/pairing/request', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      metadata: {
        userAgent: navigator.userAgent.slice(0, 500),
        screen: { width: screen.width, height: screen.height },
        platform: 'web',
      },
    }),
  });
  return json<PairingTicket>(response);
}

// Waits up to `waitSeconds` on the server for the code to be entered.
export async function pairingStatus(ticket: PairingTicket, waitSeconds: number): Promise<PairingStatus> {
  const response = await fetch(
    `/api/v1/devices/pairing/status?code=${encodeURIComponent(ticket.code)}&wait=${waitSeconds}`,
    { headers: { 'X-Pairing-Secret': ticket.pairingSecret } },
  );
  if (response.status === 404) return { status: 'expired' };
  return json<PairingStatus>(response);
}

export class DeviceApi {
  constructor(private readonly token: string) {}

  postEvents(events: DeviceEvent[]): Promise<BatchAnswer> {
    return this.call<BatchAnswer>('/api/v1/device/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ events }),
    });
  }

  async self(): Promise<{ id: string; nickname: string }> {
    return (await this.call<{ device: { id: string; nickname: string } }>('/api/v1/device/self')).device;
  }

  async freshLinks(contentId: string): Promise<MediaLinks | null> {
    const answer = await this.call<{ links?: MediaLinks }>(
      `/api/v1/device/content/${encodeURIComponent(contentId)}`,
      {},
      3000,
    );
    return answer.links ?? null;
  }

  private async call<T>(path: string, init: RequestInit = {}, timeoutMs = 15_000): Promise<T> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${this.token}` };
      return await json<T>(await fetch(path, { ...init, headers, signal: abort.signal }));
    } finally {
      clearTimeout(timer);
    }
  }
}
