// The web player: pairs this browser as a screen, then plays what the server says, online or
// off. Served at /player.

import './player.css';
import { DeviceApi, isUnpaired } from './api';
import { ServerClock } from './clock';
import { runCommand } from './commands';
import { DeviceLink, type HeartbeatBody } from './connection';
import { EventQueue, type DeviceEvent } from './event-queue';
import { request } from './http';
import { mediaLinks, type Manifest } from './manifest';
import { startLanguage } from './i18n';
import { registerOffline, syncMedia } from './offline';
import { pair } from './pairing';
import { Player } from './player';
import { ProofOfPlay } from './proof';
import { saved } from './storage';

// A flush of the proof-of-play queue over HTTP this often while connected, for events whose
// ack was lost with a connection.
const FLUSH_EVERY_MS = 60_000;

// What the browser tests (and a curious admin in the console) can read.
interface PlayerState {
  state: 'pairing' | 'playing';
  deviceId: string | null;
  connected: boolean;
  connects: number;
  manifestVersion: string | null;
  current: { playlistId: string; contentId: string } | null;
  upNext: { contentId: string; ready: boolean } | null;
  impressionsRecorded: number;
  playbackErrors: number;
  eventsQueued: number;
  mediaCached: number;
  clockOffsetMs: number;
}
declare global {
  interface Window {
    vizora: PlayerState;
  }
}

// The service worker's scope is /player/: a screen opened at /player moves into it.
if (location.pathname === '/player') location.replace(`/player/${location.search}`);

const root = document.getElementById('screen')!;
startLanguage(location.search);
window.vizora = {
  state: 'pairing',
  deviceId: null,
  connected: false,
  connects: 0,
  manifestVersion: null,
  current: null,
  upNext: null,
  impressionsRecorded: 0,
  playbackErrors: 0,
  eventsQueued: 0,
  mediaCached: 0,
  clockOffsetMs: 0,
};

void registerOffline((report) => (window.vizora.mediaCached = report.cached));
keepScreenOn();
void boot();

// Browsers allow full screen only after a gesture: the first key or click (a remote's OK
// button) takes it. TVs in kiosk mode are full screen already.
function keepScreenOn(): void {
  const fullScreen = (): void => {
    if (!document.fullscreenElement)
      void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  document.addEventListener('click', fullScreen);
  document.addEventListener('keydown', fullScreen);
  // A desktop browser would dim and sleep the display: a wake lock, taken again whenever the
  // page comes back into view (the browser drops it when hidden).
  const lock = (): void => {
    const wakeLock = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<unknown> } })
      .wakeLock;
    if (wakeLock && document.visibilityState === 'visible')
      void wakeLock.request('screen').catch(() => undefined);
  };
  lock();
  document.addEventListener('visibilitychange', lock);
}

async function boot(): Promise<void> {
  let token = saved.token();
  if (!token) {
    window.vizora.state = 'pairing';
    const paired = await pair(root);
    saved.setDevice(paired.deviceId, paired.deviceToken);
    token = paired.deviceToken;
  }
  root.innerHTML = '';
  play(token);
}

function play(token: string): void {
  const state = window.vizora;
  state.state = 'playing';
  state.deviceId = saved.deviceId();
  const api = new DeviceApi(token);
  const clock = new ServerClock(saved.clockOffset());
  const queue = new EventQueue(localStorage);
  let link: DeviceLink | null = null;
  const proof = new ProofOfPlay(
    queue,
    {
      sendFrame: (event: DeviceEvent) => link?.send(event) ?? false,
      post: async (events) => {
        try {
          return await api.postEvents(events);
        } catch (e) {
          if (isUnpaired(e)) unpaired();
          throw e;
        }
      },
    },
    saved.impressionsRecorded(),
    saved.setImpressionsRecorded,
  );
  const player = new Player(
    root,
    clock,
    proof,
    {
      fetchJson: (url) => request<unknown>(url),
      freshLinks: (contentId) => (link?.connected ? api.freshLinks(contentId) : Promise.resolve(null)),
      viewport: () => ({ width: window.innerWidth, height: window.innerHeight }),
      offlineSince: () => link?.offlineSince ?? null,
    },
    () => {
      // Another playlist on screen (a publish, a schedule): tell the dashboards now. Items
      // within a playlist ride the regular heartbeat.
      const playlist = player.current?.playlistId ?? null;
      if (playlist !== shownPlaylist) link?.beatNow();
      shownPlaylist = playlist;
    },
  );
  let shownPlaylist: string | null = null;
  // What window.vizora says is read from the live objects: nothing to keep in step.
  const live = (get: () => unknown): PropertyDescriptor => ({ get, enumerable: true });
  Object.defineProperties(state, {
    connected: live(() => link?.connected ?? false),
    connects: live(() => link?.connects ?? 0),
    manifestVersion: live(() => player.manifestVersion),
    current: live(() => player.current),
    upNext: live(() => player.upNext),
    impressionsRecorded: live(() => proof.recorded),
    playbackErrors: live(() => proof.failures),
    eventsQueued: live(() => queue.size),
    clockOffsetMs: live(() => clock.offsetMs),
  });
  let manifest: Manifest | null = saved.manifest();
  const useManifest = (m: Manifest): void => {
    manifest = m;
    player.setManifest(m);
    void syncMedia(mediaLinks(m));
  };
  // The last manifest plays at once, before (or without) the server.
  if (manifest) useManifest(manifest);

  const unpaired = (): void => {
    link?.stop();
    player.finish();
    saved.forgetDevice();
    location.reload();
  };
  link = new DeviceLink(wsUrl(), token, clock, {
    onWelcome: () => {
      saved.setClockOffset(clock.offsetMs);
      void proof.flush();
    },
    onManifest: (m) => {
      if (m.version === manifest?.version) return; // the one playing (a reconnect's welcome)
      saved.setManifest(m);
      useManifest(m);
    },
    onCommand: (command) => {
      void runCommand(command, player, api).then((result) => {
        link!.send({ type: 'command_result', commandId: command.commandId, ...result });
        if (command.command === 'clear-cache' && manifest) void syncMedia(mediaLinks(manifest));
      });
    },
    onAck: (ids) => proof.acknowledge(ids),
    onRefusedEvent: (id) => proof.acknowledge([id]),
    onUnpaired: unpaired,
    heartbeat: () => heartbeatBody(player, clock),
  });
  link.start();
  setInterval(() => {
    if (link!.connected && queue.size > 0) void proof.flush();
  }, FLUSH_EVERY_MS);
  void refreshStorageEstimate();
  window.addEventListener('pagehide', () => player.finish());
}

let storageUsed: number | undefined;
async function refreshStorageEstimate(): Promise<void> {
  try {
    storageUsed = (await navigator.storage?.estimate?.())?.usage;
  } catch {
    storageUsed = undefined;
  }
  setTimeout(() => void refreshStorageEstimate(), 60_000);
}

function heartbeatBody(player: Player, clock: ServerClock): HeartbeatBody {
  const metrics: Record<string, number> = {};
  // Chromium's heap figures, as a share of what the page may use.
  const memory = (
    performance as Performance & { memory?: { usedJSHeapSize: number; jsHeapSizeLimit: number } }
  ).memory;
  if (memory && memory.jsHeapSizeLimit > 0) {
    metrics.memory = Math.round((memory.usedJSHeapSize / memory.jsHeapSizeLimit) * 1000) / 10;
  }
  if (storageUsed !== undefined) metrics.storageUsed = storageUsed;
  if (clock.latencyMs !== undefined) metrics.latencyMs = clock.latencyMs;
  return { metrics, currentContent: player.current };
}

function wsUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/device`;
}
