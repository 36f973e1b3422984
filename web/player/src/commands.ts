// What a screen does when the dashboard asks (API.md: reload, identify, clear-cache,
// screenshot). Each answers {ok, data}; screenshots carry what is playing and, where the
// browser can draw it (images, videos, document pages of our own origin), a small JPEG.

import type { DeviceApi } from './api';
import type { Command } from './connection';
import type { Player } from './player';
import { clearOfflineCache } from './offline';
import { appendAll } from './dom';
import { say } from './i18n';

export interface CommandResult {
  ok: boolean;
  data: Record<string, unknown>;
}

// The result frame may carry 32 KiB; the picture gets most of it.
const MAX_PICTURE_CHARS = 28_000;
const IDENTIFY_MS = 15_000;

export async function runCommand(command: Command, player: Player, api: DeviceApi): Promise<CommandResult> {
  switch (command.command) {
    case 'reload':
      setTimeout(() => location.reload(), 300); // after the result has gone out
      return { ok: true, data: {} };
    case 'identify':
      return identify(api, Number(command.args?.durationSeconds) * 1000 || IDENTIFY_MS);
    case 'clear-cache': {
      const removed = await clearOfflineCache();
      return { ok: true, data: { removed } };
    }
    case 'screenshot':
      return { ok: true, data: screenshot(player) };
    default:
      return { ok: false, data: { error: `unknown command ${command.command}` } };
  }
}

async function identify(api: DeviceApi, forMs: number): Promise<CommandResult> {
  let name = '';
  try {
    name = (await api.self()).nickname;
  } catch {
    /* the overlay still shows, without a name */
  }
  document.querySelector('.identify')?.remove();
  const overlay = document.createElement('div');
  overlay.className = 'identify';
  overlay.setAttribute('role', 'status');
  const title = document.createElement('div');
  title.className = 'identify-name';
  title.textContent = name || say('identify.unnamed');
  const line = document.createElement('div');
  line.className = 'identify-line';
  line.textContent = `${window.innerWidth} × ${window.innerHeight}`;
  appendAll(overlay, title, line);
  document.body.appendChild(overlay);
  setTimeout(() => overlay.remove(), Math.min(forMs, 120_000));
  return { ok: true, data: { nickname: name } };
}

function screenshot(player: Player): Record<string, unknown> {
  const data: Record<string, unknown> = {
    current: player.current,
    width: window.innerWidth,
    height: window.innerHeight,
    takenAt: new Date().toISOString(),
  };
  const canvas = player.currentSlide?.capture() ?? null;
  if (canvas) {
    try {
      for (const quality of [0.7, 0.5, 0.3]) {
        const picture = canvas.toDataURL('image/jpeg', quality);
        if (picture.length <= MAX_PICTURE_CHARS) {
          data.image = picture;
          break;
        }
      }
    } catch {
      data.imageUnavailable = 'the browser does not allow drawing this item';
    }
  }
  if (!data.image && !data.imageUnavailable) data.imageUnavailable = 'this kind of item cannot be drawn';
  return data;
}
