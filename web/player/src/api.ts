// The HTTP side of a screen: pairing (no token) and the device routes (device token).

import type { DeviceEvent } from './event-queue';
import { HttpError, request } from './http';
import type { MediaLinks } from './manifest';

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

// The device token was refused: the screen is unpaired.
export function isUnpaired(e: unknown): boolean {
  return e instanceof HttpError && e.status === 401;
}

export function requestPairing(): Promise<PairingTicket> {
  return request<PairingTicket>('/api/v1/devices/pairing/request', {
    method: 'POST',
    body: {
      metadata: {
        userAgent: navigator.userAgent.slice(0, 500),
        screen: { width: screen.width, height: screen.height },
        platform: 'web',
      },
    },
  });
}

// Waits up to `waitSeconds` on the server for the code to be entered.
export async function pairingStatus(ticket: PairingTicket, waitSeconds: number): Promise<PairingStatus> {
  try {
    return await request<PairingStatus>(
      `/api/v1/devices/pairing/status?code=${encodeURIComponent(ticket.code)}&wait=${waitSeconds}`,
      { headers: { 'X-Pairing-Secret': ticket.pairingSecret }, timeoutMs: (waitSeconds + 10) * 1000 },
    );
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return { status: 'expired' };
    throw e;
  }
}

export class DeviceApi {
  private readonly auth: Record<string, string>;

  constructor(token: string) {
    this.auth = { Authorization: `Bearer ${token}` };
  }

  postEvents(events: DeviceEvent[]): Promise<BatchAnswer> {
    return request<BatchAnswer>('/api/v1/device/events', {
      method: 'POST',
      body: { events },
      headers: this.auth,
    });
  }

  async self(): Promise<{ id: string; nickname: string }> {
    return (
      await request<{ device: { id: string; nickname: string } }>('/api/v1/device/self', {
        headers: this.auth,
      })
    ).device;
  }

  async freshLinks(contentId: string): Promise<MediaLinks | null> {
    const answer = await request<{ links?: MediaLinks }>(
      `/api/v1/device/content/${encodeURIComponent(contentId)}`,
      {
        headers: this.auth,
        timeoutMs: 3000,
      },
    );
    return answer.links ?? null;
  }
}
