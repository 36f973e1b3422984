// For component and client tests: fetch answered from a table ("POST /api/v2/user/login" →
// answer), recording what was sent. The real server is tested in e2e/.
import { vi } from 'vitest';

export interface Answer {
  status: number;
  body?: unknown;
}

export interface Sent {
  method: string;
  path: string;
  body: unknown; // parsed JSON, or the FormData as sent
  headers: Record<string, string>;
}

// `unknown` answers what no entry names (each product's 404 in its envelope).
export function serverAnswers(
  answers: Record<string, Answer | ((body: unknown, path: string) => Answer)>,
  unknown: Answer,
): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    sent.push({ method, path, body, headers: (init.headers ?? {}) as Record<string, string> });
    const found = answers[`${method} ${path.split('?')[0]}`];
    const answer = typeof found === 'function' ? found(body, path) : (found ?? unknown);
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return sent;
}
