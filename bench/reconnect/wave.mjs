// The reconnect wave after a restart (issue 20): N screens hold their sockets, the server
// restarts, and every screen comes back as the web player does (web/player/src/backoff.ts:
// 1 s doubling to 60 s, each delay drawn from the upper half of its step), saying hello and
// waiting for its manifest. Meanwhile another process asks /healthz every 20 ms. Prints one JSON line:
// how long until every screen had its manifest again, refusals by kind (5xx, timeouts,
// closes), /healthz latency during the wave, and how late the server's event loops ran.
//
//   node wave.mjs --url http://127.0.0.1:PORT --tokens FILE --restart 'COMMAND'
// COMMAND is run by the shell once every screen is connected; it must stop the server and
// start it again on the same address (run.sh does).

import { exec, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../e2e/package.json', import.meta.url));
const { WebSocket } = require('ws');

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    tokens: { type: 'string' },
    restart: { type: 'string' },
    sources: { type: 'string', default: '127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4' },
    'timeout-ms': { type: 'string', default: '10000' },
  },
});
const tokens = readFileSync(opts.tokens, 'utf8').split('\n').filter(Boolean);
const sources = opts.sources.split(',');
const wsUrl = opts.url.replace(/^http/, 'ws') + '/ws/device';
const timeoutMs = Number(opts['timeout-ms']);
const now = () => performance.now();

function delayFor(attempt) {
  const step = Math.min(60_000, 1000 * 2 ** attempt);
  return Math.round(step / 2 + Math.random() * (step / 2));
}

const counts = {
  http5xx: 0,
  httpOther: 0,
  timeouts: 0,
  refused: 0,
  reset: 0,
  closedBeforeManifest: 0,
  errors: 0,
};
let restartedAt = 0;
let reconnected = 0;
const reconnectTimes = [];
const heardCloseTimes = []; // when each screen saw its socket end, after the restart began
const attemptTimes = []; // when each reconnect attempt started
let onAllBack = null;

class Screen {
  constructor(index, token) {
    this.index = index;
    this.token = token;
    this.attempt = 0;
    this.phase = 'first'; // first → held → back
  }
  connect(onReady) {
    if (this.phase === 'back') attemptTimes.push(now() - restartedAt);
    const ws = new WebSocket(wsUrl, {
      localAddress: sources[this.index % sources.length],
      perMessageDeflate: false,
    });
    this.ws = ws;
    let gotManifest = false;
    let settled = false;
    const timer = setTimeout(() => fail('timeouts'), timeoutMs);
    const fail = (kind) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (this.phase !== 'first') counts[kind]++;
      ws.terminate();
      setTimeout(() => this.connect(onReady), delayFor(this.attempt++));
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: this.token })));
    ws.on('message', (data) => {
      if (gotManifest) return;
      if (data.toString('latin1', 0, 24).startsWith('{"type":"manifest"')) {
        gotManifest = true;
        settled = true;
        clearTimeout(timer);
        this.attempt = 0;
        onReady(this);
      }
    });
    ws.on('unexpected-response', (_req, res) => fail(res.statusCode >= 500 ? 'http5xx' : 'httpOther'));
    ws.on('error', (e) => {
      if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET') {
        if (!settled && this.phase !== 'first') counts[e.code === 'ECONNREFUSED' ? 'refused' : 'reset']++;
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          setTimeout(() => this.connect(onReady), delayFor(this.attempt++));
        }
      } else fail('errors');
    });
    ws.on('close', () => {
      if (!gotManifest) return fail('closedBeforeManifest');
      // The server went away: come back as the player does.
      if (this.phase === 'held') {
        this.phase = 'back';
        heardCloseTimes.push(now() - restartedAt);
        setTimeout(() => this.connect(onReady), delayFor(this.attempt++));
      }
    });
  }
}

function percentiles(xs) {
  const s = Float64Array.from(xs).sort();
  const at = (q) =>
    s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] * 10) / 10 : null;
  return {
    n: s.length,
    p50: at(0.5),
    p99: at(0.99),
    max: s.length ? Math.round(s[s.length - 1] * 10) / 10 : null,
  };
}

// 1. Every screen connected.
const screens = tokens.map((t, i) => new Screen(i, t));
await new Promise((resolve) => {
  let ready = 0;
  let next = 0;
  const start = () => {
    while (next < screens.length && next - ready < 256) screens[next++].connect(onReady);
  };
  const onReady = (screen) => {
    if (screen.phase === 'first') {
      screen.phase = 'held';
      if (++ready === screens.length) resolve();
      else start();
    } else {
      reconnected++;
      reconnectTimes.push(now() - restartedAt);
      if (reconnected === screens.length) onAllBack?.();
    }
  };
  start();
});
process.stderr.write(`wave: ${screens.length} screens connected; restarting the server\n`);

// 2. Restart, probing /healthz throughout from a process of its own.
const prober = fork(new URL('./probe.mjs', import.meta.url), [opts.url]);
restartedAt = now();
const allBack = new Promise((resolve) => (onAllBack = resolve));
// Not execSync: the screens must see the server go (close frames, refused connections) while
// it restarts, as real ones would.
await new Promise((resolve, reject) =>
  exec(opts.restart, { shell: '/bin/bash' }, (error) => (error ? reject(error) : resolve())),
);
const upAt = now();
await Promise.race([allBack, new Promise((r) => setTimeout(r, 120_000))]);
const probed = await new Promise((resolve) => {
  prober.once('message', resolve);
  prober.send('stop');
});
// The server's own view: how late its event loops ran a timer due every 50 ms, since it
// started again (Prometheus buckets, so each figure is a bucket's upper bound).
async function loopLag() {
  const text = await (await fetch(`${opts.url}/metrics`)).text();
  const buckets = [...text.matchAll(/^event_loop_lag_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => ({
    le: m[1] === '+Inf' ? Infinity : Number(m[1]) * 1000,
    n: Number(m[2]),
  }));
  const total = buckets.at(-1)?.n ?? 0;
  const upTo = (q) => buckets.find((b) => b.n >= q * total)?.le ?? null;
  const over = (ms) => total - (buckets.find((b) => b.le >= ms)?.n ?? total);
  return {
    samples: total,
    p50_le_ms: upTo(0.5),
    p99_le_ms: upTo(0.99),
    max_le_ms: upTo(1),
    over_50ms: over(50),
  };
}
const loop_lag = await loopLag().catch(() => null);
const health = probed.latencies;
const healthFailures = probed.failures;
const report = {
  screens: screens.length,
  reconnected,
  server_down_ms: Math.round(upAt - restartedAt),
  all_back_after_restart_ms: reconnected === screens.length ? Math.round(Math.max(...reconnectTimes)) : null,
  reconnect_ms: percentiles(reconnectTimes),
  heard_close_ms: percentiles(heardCloseTimes),
  attempts_ms: percentiles(attemptTimes),
  refusals: counts,
  healthz_ms: percentiles(health),
  healthz_failures: healthFailures,
  loop_lag,
  // The three slowest probes: when they were sent (ms after the restart began), how long they
  // took, and whether each had to open a new connection.
  healthz_slowest: health
    .map((ms, i) => ({
      at_ms: Math.round(probed.at[i]),
      ms: Math.round(ms * 10) / 10,
      fresh: probed.fresh[i],
    }))
    .sort((x, y) => y.ms - x.ms)
    .slice(0, 3),
};
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(0);
