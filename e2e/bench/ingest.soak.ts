// Proof-of-play ingest through the public API: SCREENS screens post batches of BATCH
// impressions from CONCURRENCY connections for DURATION seconds, each event new; then the
// stored count must equal the accepted count. The player's time-ordered ids by default,
// IDS=random for version 4 ones. Run: bench/analytics/run (release server; SQLite, or
// PostgreSQL through VIZORA_EXTRA_ARGS).

import { expect, it } from 'vitest';
import { Admin } from '../support/admin';
import { VizoraServer } from '../support/server';
import { newId } from '../../web/player/src/event-queue';

const seconds = Number(process.env.SECONDS_ ?? process.env.DURATION ?? 10);
const batchSize = Number(process.env.BATCH ?? 500);
const concurrency = Number(process.env.CONCURRENCY ?? 32);
const screens = Number(process.env.SCREENS ?? 4);
// The player's time-ordered ids by default; IDS=random for version 4 ids (other clients).
const makeId = process.env.IDS === 'random' ? () => crypto.randomUUID() : () => newId();

async function pairScreen(server: VizoraServer, admin: Admin, name: string): Promise<string> {
  const ticket = await (
    await fetch(`${server.url}/api/v1/devices/pairing/request`, { method: 'POST' })
  ).json();
  await admin.completePairing(ticket.code, name);
  const status = await (
    await fetch(`${server.url}/api/v1/devices/pairing/status?code=${ticket.code}`, {
      headers: { 'X-Pairing-Secret': ticket.pairingSecret },
    })
  ).json();
  return status.deviceToken as string;
}

it(`ingests impressions for ${seconds} s with nothing lost`, async () => {
  // VIZORA_EXTRA_ARGS: more server flags (bench/analytics/run points it at PostgreSQL).
  const server = await VizoraServer.start(
    (process.env.VIZORA_EXTRA_ARGS ?? '').split(' ').filter((a) => a !== ''),
  );
  try {
    const admin = await Admin.register(server.url);
    const tokens: string[] = [];
    for (let i = 0; i < screens; i++) tokens.push(await pairScreen(server, admin, `Screen ${i}`));
    const contents: string[] = [];
    for (let i = 0; i < 20; i++) {
      contents.push(
        await admin.createLinked({ type: 'webpage', title: `Page ${i}`, url: `https://example.com/${i}` }),
      );
    }
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    let accepted = 0;
    let batches = 0;
    const latencies: number[] = [];
    const until = Date.now() + seconds * 1000;
    const began = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        const token = tokens[worker % tokens.length];
        while (Date.now() < until) {
          const events = Array.from({ length: batchSize }, (_, i) => ({
            type: 'impression',
            id: makeId(),
            contentId: contents[i % contents.length],
            playlistId: 'playlist',
            startedAt,
            durationMs: 10_000,
            completed: true,
          }));
          const sent = Date.now();
          const r = await fetch(`${server.url}/api/v1/device/events`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ events }),
          });
          const answer = (await r.json()) as { accepted?: string[] };
          latencies.push(Date.now() - sent);
          accepted += answer.accepted?.length ?? 0;
          batches++;
        }
      }),
    );
    const elapsed = (Date.now() - began) / 1000;
    let stored = 0;
    for (const n of (await admin.impressions()).values()) stored += n;
    latencies.sort((a, b) => a - b);
    const p = (q: number): number =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    console.log(
      `ingest: ${accepted} events in ${batches} batches of ${batchSize} over ${elapsed.toFixed(1)} s from ${concurrency} connections = ` +
        `${Math.round(accepted / elapsed)} events/s; stored ${stored}; batch answer p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`,
    );
    expect(stored).toBe(accepted);
  } finally {
    await server.dispose();
  }
});
