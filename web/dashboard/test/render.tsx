// The dashboard's side of the shared test helpers: its languages, and its 404 envelope for
// paths no test names.
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { renderWithApp as render } from '@shared/test/render';
import { serverAnswers as shared, type Sent } from '@shared/test/server-answers';
import { SignedOut } from '../src/auth/gates';
import { dashboardLanguages } from '../src/i18n/languages';
import { SignIn } from '../src/pages/SignIn';

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

// What the server says to a visitor without a session.
export const signedOut = { status: 401, body: { error: { code: 'AUTH_002', message: 'not signed in' } } };

// The sign-in page as the app routes it, with a home page to land on.
export function renderSignIn() {
  return renderWithApp(
    <Routes>
      <Route
        path="/sign-in"
        element={
          <SignedOut>
            <SignIn />
          </SignedOut>
        }
      />
      <Route path="/" element={<p>Signed in home</p>} />
    </Routes>,
    { path: '/sign-in' },
  );
}
