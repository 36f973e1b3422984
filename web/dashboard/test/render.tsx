// The dashboard's side of the shared test helpers: its languages, and its 404 envelope for
// paths no test names.
import type { ReactNode } from 'react';
import { renderWithApp as render } from '@shared/test/render';
import { serverAnswers as shared, type Sent } from '@shared/test/server-answers';
import { dashboardLanguages } from '../src/i18n/languages';

export type { Answer, Sent } from '@shared/test/server-answers';

// fetch answered from `answers` ("POST /api/v1/auth/login" → answer); records what was sent.
export function serverAnswers(answers: Parameters<typeof shared>[0]): Sent[] {
  return shared(answers, {
    status: 404,
    body: { error: { code: 'NOT_FOUND', message: 'no such resource' } },
  });
}

export function renderWithApp(ui: ReactNode, { path = '/' }: { path?: string } = {}) {
  return render(ui, { path, languages: dashboardLanguages });
}
