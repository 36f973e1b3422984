import { lazy } from 'react';
import { Navigate, Route, Routes, useSearchParams } from 'react-router';
import { Page, SignedIn, SignedOut } from './auth/gates';

// Each page is its own chunk: the first load carries only the frame and the page opened.
const SignIn = lazy(() => import('./pages/SignIn').then((m) => ({ default: m.SignIn })));
const SignUp = lazy(() => import('./pages/SignUp').then((m) => ({ default: m.SignUp })));
const ForgotPassword = lazy(() =>
  import('./pages/ForgotPassword').then((m) => ({ default: m.ForgotPassword })),
);
const ResetPassword = lazy(() => import('./pages/ResetPassword').then((m) => ({ default: m.ResetPassword })));
const AcceptInvitation = lazy(() =>
  import('./pages/AcceptInvitation').then((m) => ({ default: m.AcceptInvitation })),
);
const VerifyEmail = lazy(() => import('./pages/VerifyEmail').then((m) => ({ default: m.VerifyEmail })));
const Unsubscribe = lazy(() => import('./pages/Unsubscribe').then((m) => ({ default: m.Unsubscribe })));
const Overview = lazy(() => import('./pages/Overview').then((m) => ({ default: m.Overview })));
const Screens = lazy(() => import('./pages/Screens').then((m) => ({ default: m.Screens })));
const ContentLibrary = lazy(() =>
  import('./pages/ContentLibrary').then((m) => ({ default: m.ContentLibrary })),
);
const Playlists = lazy(() => import('./pages/Playlists').then((m) => ({ default: m.Playlists })));
const PlaylistEditor = lazy(() =>
  import('./pages/PlaylistEditor').then((m) => ({ default: m.PlaylistEditor })),
);
const ScreenDetail = lazy(() => import('./pages/ScreenDetail').then((m) => ({ default: m.ScreenDetail })));
const Analytics = lazy(() => import('./pages/Analytics').then((m) => ({ default: m.Analytics })));
const Schedules = lazy(() => import('./pages/Schedules').then((m) => ({ default: m.Schedules })));
const Team = lazy(() => import('./pages/Team').then((m) => ({ default: m.Team })));
const Billing = lazy(() => import('./pages/Billing').then((m) => ({ default: m.Billing })));
const NotFound = lazy(() => import('./pages/NotFound').then((m) => ({ default: m.NotFound })));

// The QR code on a screen links here: the pair dialog, code filled in.
function PairLink() {
  const [params] = useSearchParams();
  return <Navigate to={`/screens?code=${encodeURIComponent(params.get('code') ?? '')}`} replace />;
}

export function App() {
  return (
    <Routes>
      <Route
        path="/sign-in"
        element={
          <SignedOut>
            <SignIn />
          </SignedOut>
        }
      />
      <Route
        path="/sign-up"
        element={
          <SignedOut>
            <SignUp />
          </SignedOut>
        }
      />
      <Route
        path="/forgot-password"
        element={
          <SignedOut>
            <ForgotPassword />
          </SignedOut>
        }
      />
      {/* Not only signed out: a link from the mail works whoever is signed in here. */}
      <Route
        path="/reset-password"
        element={
          <Page>
            <ResetPassword />
          </Page>
        }
      />
      <Route
        path="/accept-invitation"
        element={
          <Page>
            <AcceptInvitation />
          </Page>
        }
      />
      <Route
        path="/verify-email"
        element={
          <Page>
            <VerifyEmail />
          </Page>
        }
      />
      <Route
        path="/unsubscribe"
        element={
          <Page>
            <Unsubscribe />
          </Page>
        }
      />
      <Route element={<SignedIn />}>
        <Route
          index
          element={
            <Page>
              <Overview />
            </Page>
          }
        />
        <Route
          path="screens"
          element={
            <Page>
              <Screens />
            </Page>
          }
        />
        <Route
          path="screens/:id"
          element={
            <Page>
              <ScreenDetail />
            </Page>
          }
        />
        <Route
          path="content"
          element={
            <Page>
              <ContentLibrary />
            </Page>
          }
        />
        <Route
          path="playlists"
          element={
            <Page>
              <Playlists />
            </Page>
          }
        />
        <Route
          path="playlists/:id"
          element={
            <Page>
              <PlaylistEditor />
            </Page>
          }
        />
        <Route
          path="analytics"
          element={
            <Page>
              <Analytics />
            </Page>
          }
        />
        <Route
          path="schedules"
          element={
            <Page>
              <Schedules />
            </Page>
          }
        />
        <Route
          path="billing"
          element={
            <Page>
              <Billing />
            </Page>
          }
        />
        <Route
          path="team"
          element={
            <Page>
              <Team />
            </Page>
          }
        />
        <Route path="pair" element={<PairLink />} />
        <Route
          path="*"
          element={
            <Page>
              <NotFound />
            </Page>
          }
        />
      </Route>
    </Routes>
  );
}
