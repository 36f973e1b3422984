// The pairing screen: a large code, its QR code and one line saying what to do. The player
// waits on the server (long-poll) for an admin to enter the code, asks for a fresh code before
// the old one expires, and resolves with the device token once paired.

import { pairingStatus, requestPairing, type PairingTicket } from './api';
import { Backoff } from './backoff';
import { appendAll } from './dom';
import { say } from './i18n';

const WAIT_SECONDS = 25;
// A new code is shown this long before the old one expires, so nobody types a dying code.
const RENEW_BEFORE_MS = 45_000;

export interface Paired {
  deviceId: string;
  deviceToken: string;
}

export async function pair(root: HTMLElement): Promise<Paired> {
  const view = renderView(root);
  const backoff = new Backoff({ maxMs: 30_000 });
  let ticket: PairingTicket | null = null;
  for (;;) {
    try {
      if (!ticket || Date.parse(ticket.expiresAt) - Date.now() < RENEW_BEFORE_MS) {
        ticket = await requestPairing();
        view.show(ticket);
      }
      const status = await pairingStatus(ticket, WAIT_SECONDS);
      backoff.reset();
      view.problem('');
      if (status.status === 'paired') {
        return { deviceId: status.deviceId, deviceToken: status.deviceToken };
      }
      if (status.status === 'expired') ticket = null;
    } catch {
      view.problem(say('pairing.unreachable'));
      await new Promise((resolve) => setTimeout(resolve, backoff.next()));
    }
  }
}

function renderView(root: HTMLElement): { show(ticket: PairingTicket): void; problem(text: string): void } {
  root.innerHTML = '';
  const el = document.createElement('div');
  el.className = 'pairing';
  const brand = document.createElement('div');
  brand.className = 'brand';
  brand.textContent = 'Vizora';
  const code = document.createElement('div');
  code.className = 'pairing-code';
  code.setAttribute('aria-label', say('pairing.code'));
  code.setAttribute('data-testid', 'pairing-code');
  code.textContent = '······';
  const qr = document.createElement('img');
  qr.className = 'pairing-qr';
  qr.alt = say('pairing.qr');
  const line = document.createElement('p');
  line.className = 'pairing-line';
  line.textContent = say('pairing.how');
  const problem = document.createElement('p');
  problem.className = 'pairing-problem';
  problem.setAttribute('role', 'status');
  appendAll(el, brand, code, qr, line, problem);
  root.appendChild(el);
  return {
    show(ticket) {
      code.textContent = ticket.code;
      qr.src = ticket.qrCode;
    },
    problem(text) {
      problem.textContent = text;
    },
  };
}
