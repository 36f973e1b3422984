// The screen's socket (API.md "WebSocket: devices"): hello with the token, welcome and
// manifests, heartbeats on the interval the server gives, acknowledgements of proof of play,
// commands. It reconnects on its own with jittered exponential backoff, notices a dead
// connection from silence, and corrects the clock from every serverTime it hears.

import { Backoff } from './backoff';
import type { ServerClock } from './clock';
import { isManifest, type Manifest } from './manifest';

export const PLAYER_VERSION = '1.0.0';

// Close codes of the contract.
export const CLOSE_BAD_TOKEN = 4401;
export const CLOSE_UNPAIRED = 4403;
export const CLOSE_REPLACED = 4409;
// Replaced by a newer connection of the same screen (another tab): it is the screen now, so
// this one steps back for long instead of fighting over the socket.
const REPLACED_RETRY_MS = 5 * 60_000;

export interface Welcome {
  deviceId: string;
  organizationId: string;
  heartbeatInterval: number;
  serverTime: string;
}

export interface Command {
  commandId: string;
  command: string;
  args: Record<string, unknown>;
}

export interface HeartbeatBody {
  metrics: Record<string, number>;
  currentContent: { playlistId: string | null; contentId: string | null } | null;
}

export interface LinkHandlers {
  onWelcome(welcome: Welcome): void;
  onManifest(manifest: Manifest): void;
  onCommand(command: Command): void;
  onAck(ids: string[]): void;
  onRefusedEvent(id: string, code: string): void;
  onUnpaired(): void;
  heartbeat(): HeartbeatBody;
}

export class DeviceLink {
  private socket: WebSocket | null = null;
  private stopped = false;
  private welcomed = false;
  // When the link last went down (or the player started without it); null while connected.
  private downSince: number | null = Date.now();
  private heartbeatEveryMs = 15_000;
  private heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private helloSentAt = 0;
  private heartbeatSentAt = 0;
  connects = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly clock: ServerClock,
    private readonly handlers: LinkHandlers,
    private readonly backoff = new Backoff(),
  ) {}

  get connected(): boolean {
    return this.welcomed && this.socket?.readyState === WebSocket.OPEN;
  }

  get offlineSince(): number | null {
    return this.connected ? null : (this.downSince ?? Date.now());
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'player stopped');
  }

  send(frame: object): boolean {
    if (!this.connected) return false;
    this.socket!.send(JSON.stringify(frame));
    return true;
  }

  private open(): void {
    clearTimeout(this.retryTimer);
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    this.welcomed = false;
    socket.onopen = () => {
      this.helloSentAt = Date.now();
      socket.send(
        JSON.stringify({
          type: 'hello',
          token: this.token,
          player: {
            version: PLAYER_VERSION,
            userAgent: navigator.userAgent.slice(0, 300),
            screen: { width: window.screen.width, height: window.screen.height },
          },
        }),
      );
      this.expectWithin(15_000);
    };
    socket.onmessage = (event: MessageEvent) => this.onFrame(String(event.data));
    socket.onclose = (event: CloseEvent) => this.onClosed(socket, event.code);
    socket.onerror = () => undefined; // onclose follows
  }

  private onFrame(text: string): void {
    const receivedAt = Date.now();
    this.expectWithin(this.heartbeatEveryMs * 2.5);
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'welcome': {
        const welcome = frame as unknown as Welcome;
        this.welcomed = true;
        this.downSince = null;
        this.connects++;
        this.backoff.reset();
        this.heartbeatEveryMs = Math.max(1000, Number(welcome.heartbeatInterval) || 15_000);
        this.clock.add({ serverTime: Date.parse(welcome.serverTime), sentAt: this.helloSentAt, receivedAt });
        this.handlers.onWelcome(welcome);
        this.scheduleHeartbeat(this.heartbeatEveryMs);
        break;
      }
      case 'manifest':
        if (isManifest(frame)) this.handlers.onManifest(frame);
        break;
      case 'heartbeat:ack':
        this.clock.add({
          serverTime: Date.parse(String(frame.serverTime)),
          sentAt: this.heartbeatSentAt,
          receivedAt,
        });
        this.scheduleHeartbeat(Number(frame.nextHeartbeatIn) || this.heartbeatEveryMs);
        break;
      case 'events:ack':
        if (Array.isArray(frame.ids)) this.handlers.onAck(frame.ids.map(String));
        break;
      case 'command':
        this.handlers.onCommand(frame as unknown as Command);
        break;
      case 'error':
        if (typeof frame.id === 'string' && frame.code === 'VALIDATION_001') {
          this.handlers.onRefusedEvent(frame.id, frame.code);
        }
        break;
      default:
        break;
    }
  }

  // A heartbeat now (what plays has changed: dashboards hear it at once, not in 15 s).
  beatNow(): void {
    if (this.connected) this.scheduleHeartbeat(0);
  }

  private scheduleHeartbeat(inMs: number): void {
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatSentAt = Date.now();
      this.send({ type: 'heartbeat', ...this.handlers.heartbeat() });
      // If the ack never comes, the next beat still goes out.
      this.scheduleHeartbeat(this.heartbeatEveryMs);
    }, inMs);
  }

  // A connection silent for this long is dead (a server that vanished without closing it).
  private expectWithin(ms: number): void {
    clearTimeout(this.silenceTimer);
    const socket = this.socket;
    this.silenceTimer = setTimeout(() => socket?.close(4000, 'silent too long'), ms);
  }

  private onClosed(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    clearTimeout(this.heartbeatTimer);
    clearTimeout(this.silenceTimer);
    if (this.welcomed) this.downSince = Date.now();
    this.welcomed = false;
    this.socket = null;
    if (this.stopped) return;
    if (code === CLOSE_UNPAIRED || code === CLOSE_BAD_TOKEN) {
      this.stopped = true;
      this.handlers.onUnpaired();
      return;
    }
    this.retry(code === CLOSE_REPLACED ? REPLACED_RETRY_MS : undefined);
  }

  private retry(delayMs = this.backoff.next()): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delayMs);
  }
}
