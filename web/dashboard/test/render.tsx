// The dashboard's side of the shared test helpers: its 404 envelope for paths no test names.
import { serverAnswers as shared, type Sent } from '@shared/test/server-answers';

export type { Answer, Sent } from '@shared/test/server-answers';
export { renderWithApp } from '@shared/test/render';

// fetch answered from `answers` ("POST /api/v1/auth/login" → answer); records what was sent.
export function serverAnswers(answers: Parameters<typeof shared>[0]): Sent[] {
  return shared(answers, {
    status: 404,
    body: { error: { code: 'NOT_FOUND', message: 'no such resource' } },
  });
}
