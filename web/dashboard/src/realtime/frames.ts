// The frames /ws/admin pushes (docs/API.md "WebSocket: dashboards"), checked as they arrive:
// a frame that does not match is dropped, never cast into the cache half-formed.

import { z } from 'zod';

const isoTime = z.string().nullable().optional();
const currentContent = z
  .object({ playlistId: z.string().nullable().optional(), contentId: z.string().nullable().optional() })
  .nullable()
  .optional();

const device = z.object({
  id: z.string(),
  nickname: z.string(),
  location: z.string(),
  timezone: z.string(),
  status: z.enum(['online', 'offline', 'pairing']),
  lastHeartbeat: z.string().nullable(),
  currentContent: currentContent.transform((c) => c ?? null),
  groupIds: z.array(z.string()),
  defaultPlaylistId: z.string().nullable(),
  pairedAt: z.string().nullable(),
  held: z.boolean().default(false),
  createdAt: z.string(),
});

export const dashboardFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('device:status'),
    deviceId: z.string(),
    status: z.enum(['online', 'offline', 'pairing']),
    lastHeartbeat: isoTime,
    currentContent,
  }),
  z.object({ type: z.literal('device:paired'), device }),
  z.object({ type: z.literal('device:unpaired'), deviceId: z.string() }),
  z.object({
    type: z.literal('command:result'),
    deviceId: z.string().optional(),
    commandId: z.string(),
    ok: z.boolean(),
    data: z.record(z.string(), z.unknown()).nullable().default(null),
  }),
  z.object({ type: z.literal('content:ready'), contentId: z.string(), uploadStatus: z.string().optional() }),
  z.object({ type: z.literal('publish:delivered') }).passthrough(),
  z.object({ type: z.literal('resync') }),
]);

export type DashboardFrame = z.infer<typeof dashboardFrame>;

// The frame in `text`, or null for one this dashboard does not read (a newer server's, or
// malformed).
export function parseDashboardFrame(text: string): DashboardFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const frame = dashboardFrame.safeParse(value);
  return frame.success ? frame.data : null;
}
