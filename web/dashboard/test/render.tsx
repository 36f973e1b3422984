// Renders a piece of the dashboard as the app does (query cache, router), with the server's
// answers given per path: components are tested against the API's shapes, the real server in
// e2e/.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { serverAnswers as shared, type Sent } from '@shared/test/server-answers';

export type { Answer, Sent } from '@shared/test/server-answers';

// fetch answered from `answers` ("POST /api/v1/auth/login" → answer); records what was sent.
export function serverAnswers(answers: Parameters<typeof shared>[0]): Sent[] {
  return shared(answers, {
    status: 404,
    body: { error: { code: 'NOT_FOUND', message: 'no such resource' } },
  });
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
