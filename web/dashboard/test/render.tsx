// Renders a piece of the dashboard as the app does (query cache, router), with the server's
// answers given per path: components are tested against the API's shapes, the real server in
// e2e/.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';

export interface Answer {
  status: number;
  body?: unknown;
}

export interface Sent {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

// fetch answered from `answers` ("POST /api/v1/auth/login" → answer); records what was sent.
export function serverAnswers(answers: Record<string, Answer | ((body: unknown) => Answer)>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    sent.push({ method, path, body, headers: (init.headers ?? {}) as Record<string, string> });
    const key = `${method} ${path.split('?')[0]}`;
    const found = answers[key];
    const answer =
      typeof found === 'function'
        ? found(body)
        : (found ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no such resource' } } });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return sent;
}

export function renderWithApp(ui: ReactNode, { path = '/' }: { path?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, client };
}
