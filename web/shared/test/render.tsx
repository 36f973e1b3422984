// Renders a piece of an app as the app does (query cache, router, languages) for component
// tests; the server's answers come from serverAnswers (./server-answers.ts), the real server
// in e2e/. English unless the test stores another choice first (as the picker would).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { LocaleProvider, type AppLanguages } from '../i18n/LocaleProvider';
import english from '../i18n/lang/en.json';

const sharedOnly: AppLanguages = { english, translations: {} };

export function renderWithApp(
  ui: ReactNode,
  { path = '/', languages = sharedOnly }: { path?: string; languages?: AppLanguages } = {},
) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(
    <QueryClientProvider client={client}>
      <LocaleProvider languages={languages}>
        <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
      </LocaleProvider>
    </QueryClientProvider>,
  );
  return { ...result, client };
}
