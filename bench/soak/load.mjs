// The soak's load (issue 22 "Soak"), held for --seconds against running servers:
//   * every device token in --tokens as a screen: hello, a heartbeat every heartbeatInterval
//     (the player's jitter), acks timed; a dropped socket comes back after 1-3 s and counts;
//   * --dashboards dashboard sockets of the admin's organization, events counted;
//   * a steady API mix at --api-rate requests/s as the admin: lists, content created, renamed
//     and deleted (the library stays bounded), and every minute a publish to a group of 100
//     screens, ended a minute later;
//   * VizTube beside it (--viztube): video reads (views) and comments at --viztube-rate.
// Every --sample-seconds: each server's RSS and open files (/proc), p50/p99 of the API,
// heartbeat acks and VizTube in that window, errors and drops. At the end, after
// --warmup-seconds, the verdict: RSS growth < 5 % (median of the first five samples against the
// last five), open files stable, p99 stable, no 5xx,
// no timeouts, every screen connected. Prints the samples as a Markdown table and one JSON
// line; exits 1 when the verdict fails.

import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../e2e/package.json', import.meta.url));
const { WebSocket } = require('ws');

const { values: opts } = parseArgs({
  options: {
    vizora: { type: 'string' },
    'vizora-pid': { type: 'string' },
    tokens: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    viztube: { type: 'string' },
    'viztube-pid': { type: 'string' },
    'video-ids': { type: 'string' },
    seconds: { type: 'string', default: '3600' },
    'warmup-seconds': { type: 'string' },
    'sample-seconds': { type: 'string', default: '60' },
    dashboards: { type: 'string', default: '50' },
    'api-rate': { type: 'string', default: '20' },
    'viztube-rate': { type: 'string', default: '10' },
    sources: { type: 'string', default: '127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4' },
  },
});
const seconds = Number(opts.seconds);
const sampleSeconds = Number(opts['sample-seconds']);
const warmupSeconds = Number(opts['warmup-seconds'] ?? Math.min(600, seconds / 6));
const sources = opts.sources.split(',');
const vizora = opts.vizora;
const wsBase = vizora.replace(/^http/, 'ws');
const requestTimeoutMs = 10_000;

// ---- per-window measurements ------------------------------------------------------------
const fresh = () => ({
  api: [],
  beats: [],
  tube: [],
  apiErrors: 0,
  api5xx: 0,
  apiTimeouts: 0,
  tube5xx: 0,
  tubeErrors: 0,
  tubeLimited: 0,
  drops: 0,
  dashboardEvents: 0,
});
let window = fresh();
const samples = [];
const totals = {
  api: 0,
  api5xx: 0,
  apiTimeouts: 0,
  apiErrors: 0,
  tube: 0,
  tube5xx: 0,
  tubeErrors: 0,
  tubeLimited: 0,
  drops: 0,
  beats: 0,
  dashboardEvents: 0,
};

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function procStats(pid) {
  if (!pid) return null;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: kb('VmRSS') / 1024, files: readdirSync(`/proc/${pid}/fd`).length };
}

// ---- HTTP ---------------------------------------------------------------------------------
async function call(base, method, path, { token, body } = {}) {
  const started = performance.now();
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, ms: performance.now() - started };
  } catch (e) {
    return { status: e.name === 'TimeoutError' ? -1 : 0, json: null, ms: performance.now() - started };
  }
}

function record(kind, res) {
  if (kind === 'api') {
    totals.api++;
    window.api.push(res.ms);
    if (res.status >= 500) (window.api5xx++, totals.api5xx++);
    else if (res.status === -1) (window.apiTimeouts++, totals.apiTimeouts++);
    else if (res.status === 0 || res.status >= 400) (window.apiErrors++, totals.apiErrors++);
  } else {
    totals.tube++;
    window.tube.push(res.ms);
    if (res.status >= 500 || res.status === -1) (window.tube5xx++, totals.tube5xx++);
    // The mix posts more comments than one user may (30 a minute): the limiter must answer.
    else if (res.status === 429) (window.tubeLimited++, totals.tubeLimited++);
    else if (res.status === 0 || res.status >= 400) (window.tubeErrors++, totals.tubeErrors++);
  }
}

// The admin's access token, renewed by signing in again when it expires (15 min).
const admin = { token: '' };
async function signIn() {
  const res = await call(vizora, 'POST', '/api/v1/auth/login', {
    body: { email: opts.email, password: opts.password },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  admin.token = res.json.token;
}
async function api(method, path, body) {
  let res = await call(vizora, method, path, { token: admin.token, body });
  if (res.status === 401) {
    await signIn();
    res = await call(vizora, method, path, { token: admin.token, body });
  }
  record('api', res);
  return res;
}

// ---- screens ------------------------------------------------------------------------------
const tokens = readFileSync(opts.tokens, 'utf8').split('\n').filter(Boolean);
const deviceIds = [];
let connected = 0;
let stopping = false;

function screen(token, index) {
  const ws = new WebSocket(`${wsBase}/ws/device`, { localAddress: sources[index % sources.length] });
  let timer = null;
  let sentAt = 0;
  let welcomed = false;
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token, player: { version: 'soak' } })));
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type === 'welcome') {
      welcomed = true;
      connected++;
      if (deviceIds.length < 100 && !deviceIds.includes(frame.deviceId)) deviceIds.push(frame.deviceId);
      const every = frame.heartbeatInterval;
      const beat = () => {
        sentAt = performance.now();
        ws.send(JSON.stringify({ type: 'heartbeat', metrics: { cpu: 10, memory: 30 } }));
        timer = setTimeout(beat, every * (0.9 + Math.random() * 0.2));
      };
      timer = setTimeout(beat, Math.random() * every);
    } else if (frame.type === 'heartbeat:ack' && sentAt) {
      window.beats.push(performance.now() - sentAt);
      totals.beats++;
      sentAt = 0;
    }
  });
  ws.on('error', () => {});
  ws.on('close', () => {
    clearTimeout(timer);
    if (stopping) return;
    if (welcomed) connected--;
    window.drops++;
    totals.drops++;
    setTimeout(() => screen(token, index), 1000 + Math.random() * 2000);
  });
}

async function connectScreens() {
  for (let i = 0; i < tokens.length; i++) {
    screen(tokens[i], i);
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 200));
  }
  const deadline = Date.now() + 120_000;
  while (connected < tokens.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

// ---- dashboards ---------------------------------------------------------------------------
const dashboards = [];
function dashboard() {
  const ws = new WebSocket(`${wsBase}/ws/admin`);
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: admin.token })));
  ws.on('message', () => (window.dashboardEvents++, totals.dashboardEvents++));
  ws.on('error', () => {});
  ws.on('close', () => {
    if (stopping) return;
    window.drops++;
    totals.drops++;
    setTimeout(dashboard, 1000);
  });
  dashboards.push(ws);
}

// ---- the API mix --------------------------------------------------------------------------
const created = [];
let playlistId = '';
let groupId = '';
let publishId = '';

async function setUp() {
  await signIn();
  const page = await api('POST', '/api/v1/content', {
    type: 'webpage',
    title: 'Soak menu',
    url: 'https://example.com/menu',
  });
  const playlist = await api('POST', '/api/v1/playlists', {
    name: 'Soak',
    items: [{ contentId: page.json.content.id, duration: 10 }],
  });
  playlistId = playlist.json.playlist.id;
  const group = await api('POST', '/api/v1/device-groups', { name: 'Soak group' });
  groupId = group.json.group.id;
  for (const id of deviceIds) await api('PATCH', `/api/v1/devices/${id}`, { groupIds: [groupId] });
}

let step = 0;
async function apiStep() {
  const kind = step++ % 6;
  if (kind === 0) await api('GET', '/api/v1/devices?limit=50');
  else if (kind === 1) await api('GET', '/api/v1/content?limit=50');
  else if (kind === 2) {
    const res = await api('POST', '/api/v1/content', {
      type: 'webpage',
      title: `Soak ${step}`,
      url: `https://example.com/${step}`,
    });
    if (res.status === 201) created.push(res.json.content.id);
  } else if (kind === 3 && created.length) {
    await api('PATCH', `/api/v1/content/${created[created.length - 1]}`, { title: `Renamed ${step}` });
  } else if (kind === 4 && created.length > 200) {
    await api('DELETE', `/api/v1/content/${created.shift()}`);
  } else {
    await api('GET', '/api/v1/playlists');
  }
}

// A publish to the group every minute, the previous one ended first.
async function publishStep() {
  if (publishId) await api('DELETE', `/api/v1/instant-publishes/${publishId}`);
  const res = await api('POST', `/api/v1/playlists/${playlistId}/instant-publish`, {
    groupIds: [groupId],
    durationMinutes: 5,
  });
  publishId = res.status === 201 ? res.json.instantPublish.id : '';
}

// ---- VizTube ------------------------------------------------------------------------------
const tube = { token: '', videos: [], step: 0 };
async function tubeSignIn() {
  const res = await call(opts.viztube, 'POST', '/api/v2/user/login', {
    body: { username: 'user0', password: 'bench-password' },
  });
  if (res.status !== 200) throw new Error(`viztube login failed: ${res.status}`);
  tube.token = res.json.data?.accessToken ?? res.json.accessToken;
}
async function tubeStep() {
  const video = tube.videos[tube.step++ % tube.videos.length];
  const path = tube.step % 4 === 0 ? `/api/v2/comments/${video}` : `/api/v2/videos/${video}`;
  const body = tube.step % 4 === 0 ? { content: `soak comment ${tube.step}` } : undefined;
  let res = await call(opts.viztube, body ? 'POST' : 'GET', path, { token: tube.token, body });
  if (res.status === 401) {
    await tubeSignIn();
    res = await call(opts.viztube, body ? 'POST' : 'GET', path, { token: tube.token, body });
  }
  record('tube', res);
}

// ---- the run ------------------------------------------------------------------------------
function steady(rate, work) {
  if (rate <= 0) return () => {};
  const timer = setInterval(() => work().catch(() => {}), 1000 / rate);
  return () => clearInterval(timer);
}

function sample(elapsed) {
  const s = {
    minute: +(elapsed / 60).toFixed(1),
    vizora: procStats(opts['vizora-pid']),
    viztube: procStats(opts['viztube-pid']),
    screens: connected,
    apiRequests: window.api.length,
    apiP50: percentile(window.api, 50),
    apiP99: percentile(window.api, 99),
    heartbeatP99: percentile(window.beats, 99),
    tubeP99: percentile(window.tube, 99),
    api5xx: window.api5xx,
    apiTimeouts: window.apiTimeouts,
    apiErrors: window.apiErrors,
    tube5xx: window.tube5xx,
    tubeErrors: window.tubeErrors,
    tubeLimited: window.tubeLimited,
    drops: window.drops,
    dashboardEvents: window.dashboardEvents,
  };
  samples.push(s);
  window = fresh();
  const f = (v) => (v === null ? '–' : v.toFixed(1));
  console.error(
    `soak ${s.minute} min: screens ${s.screens}, vizora ${f(s.vizora?.rssMiB)} MiB/${s.vizora?.files} files` +
      (s.viztube ? `, viztube ${f(s.viztube.rssMiB)} MiB/${s.viztube.files} files` : '') +
      `, api p99 ${f(s.apiP99)} ms, heartbeat p99 ${f(s.heartbeatP99)} ms, drops ${s.drops}`,
  );
}

function verdict() {
  const after = samples.filter((s) => s.minute * 60 > warmupSeconds);
  const first = after[0];
  const last = after[after.length - 1];
  // RSS moves ±10 % from one minute to the next as the allocator takes and returns memory, so
  // growth compares the median of the first samples after the warm-up with the median of the
  // last ones (five each, fewer in a short run): a leak moves both, a single dip or peak
  // neither.
  const span = Math.max(1, Math.min(5, Math.floor(after.length / 3)));
  const medianRss = (window, name) => percentile(window.map((s) => s[name].rssMiB), 50);
  const growth = (name) => {
    if (!first?.[name]) return null;
    const before = medianRss(after.slice(0, span), name);
    return ((medianRss(after.slice(-span), name) - before) / before) * 100;
  };
  const filesDrift = (name) => (first?.[name] ? last[name].files - first[name].files : null);
  const p99s = after.map((s) => s.apiP99).filter((v) => v !== null);
  const medianP99 = percentile(p99s, 50);
  const worstP99 = Math.max(...p99s);
  const checks = {
    vizoraRssGrowthPercent: growth('vizora'),
    viztubeRssGrowthPercent: growth('viztube'),
    vizoraFilesDrift: filesDrift('vizora'),
    viztubeFilesDrift: filesDrift('viztube'),
    apiP99MedianMs: medianP99,
    apiP99WorstMs: worstP99,
    heartbeatP99WorstMs: Math.max(...after.map((s) => s.heartbeatP99 ?? 0)),
    api5xx: totals.api5xx,
    apiTimeouts: totals.apiTimeouts,
    tube5xx: totals.tube5xx,
    apiErrors: totals.apiErrors,
    tubeErrors: totals.tubeErrors,
    tubeLimited: totals.tubeLimited,
    drops: totals.drops,
    screensAtEnd: connected,
    screens: tokens.length,
  };
  const failures = [];
  if (!first || after.length < 2) failures.push('too short: fewer than two samples after the warm-up');
  for (const name of ['vizora', 'viztube']) {
    const g = growth(name);
    if (g !== null && g >= 5) failures.push(`${name} RSS grew ${g.toFixed(1)} % after the warm-up`);
    const d = filesDrift(name);
    if (d !== null && d > Math.max(10, first[name].files * 0.02)) {
      failures.push(`${name} holds ${d} more open files than after the warm-up`);
    }
  }
  if (p99s.length && worstP99 > Math.max(3 * medianP99, medianP99 + 50)) {
    failures.push(
      `API p99 unstable: worst window ${worstP99.toFixed(1)} ms, median ${medianP99.toFixed(1)} ms`,
    );
  }
  if (totals.api5xx || totals.tube5xx) failures.push(`${totals.api5xx + totals.tube5xx} server errors`);
  if (totals.apiErrors || totals.tubeErrors) {
    failures.push(`${totals.apiErrors + totals.tubeErrors} unexpected client errors or refused connections`);
  }
  if (opts.viztube && totals.tubeLimited === 0) failures.push('the VizTube comment limit never answered');
  if (totals.apiTimeouts) failures.push(`${totals.apiTimeouts} API timeouts`);
  if (connected !== tokens.length)
    failures.push(`${tokens.length - connected} screens not connected at the end`);
  return { checks, failures };
}

function table() {
  const f = (v) => (v === null || v === undefined ? '–' : typeof v === 'number' ? v.toFixed(1) : v);
  const n = (v) => (v === null || v === undefined ? '–' : String(v));
  const lines = [
    '| minute | screens | Vizora RSS MiB | files | VizTube RSS MiB | files | API p50 ms | API p99 ms | heartbeat ack p99 ms | VizTube p99 ms | 5xx | drops |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of samples) {
    lines.push(
      `| ${s.minute} | ${s.screens} | ${f(s.vizora?.rssMiB)} | ${n(s.vizora?.files)} | ${f(s.viztube?.rssMiB)} | ` +
        `${n(s.viztube?.files)} | ${f(s.apiP50)} | ${f(s.apiP99)} | ${f(s.heartbeatP99)} | ${f(s.tubeP99)} | ` +
        `${s.api5xx + s.tube5xx} | ${s.drops} |`,
    );
  }
  return lines.join('\n');
}

await signIn();
await connectScreens();
console.error(`soak: ${connected} of ${tokens.length} screens connected`);
await setUp();
for (let i = 0; i < Number(opts.dashboards); i++) dashboard();
const stops = [steady(Number(opts['api-rate']), apiStep), steady(1 / 60, publishStep)];
if (opts.viztube) {
  tube.videos = readFileSync(opts['video-ids'], 'utf8').split('\n').filter(Boolean);
  await tubeSignIn();
  stops.push(steady(Number(opts['viztube-rate']), tubeStep));
}
const started = Date.now();
await new Promise((resolve) => {
  const timer = setInterval(() => {
    const elapsed = (Date.now() - started) / 1000;
    sample(elapsed);
    if (elapsed >= seconds - 0.5) {
      clearInterval(timer);
      resolve();
    }
  }, sampleSeconds * 1000);
});
stopping = true;
for (const stop of stops) stop();
const result = verdict();
console.log(table());
console.log(JSON.stringify({ seconds, warmupSeconds, totals, ...result }));
for (const ws of dashboards) ws.terminate();
process.exit(result.failures.length ? 1 : 0);
