import { QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { LocaleProvider, type AppLanguages } from '../i18n/LocaleProvider';

// Starts a web app in #root: TanStack Query for server state, the router owning the URL, the
// app's languages, and the session cleared everywhere at once when the API client says it is
// over (a refresh the server refused).
export function mountApp(
  app: ReactNode,
  session: { key: QueryKey; whenSignedOut: (listener: () => void) => void },
  languages: AppLanguages,
): void {
  const queries = new QueryClient({
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } },
  });
  session.whenSignedOut(() => queries.setQueryData(session.key, null));
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <LocaleProvider languages={languages}>
          <BrowserRouter>{app}</BrowserRouter>
        </LocaleProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
