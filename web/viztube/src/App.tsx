import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { RequireSession } from './auth/RequireSession';
import { Shell } from './layout/Shell';
import { Home } from './pages/Home';

// The home grid is in the first load; every other page is its own chunk (the watch page
// brings hls.js with it).
const Watch = lazy(() => import('./pages/Watch').then((m) => ({ default: m.Watch })));
const SignIn = lazy(() => import('./pages/SignIn').then((m) => ({ default: m.SignIn })));
const SignUp = lazy(() => import('./pages/SignUp').then((m) => ({ default: m.SignUp })));
const ForgotPassword = lazy(() =>
  import('./pages/ForgotPassword').then((m) => ({ default: m.ForgotPassword })),
);
const ResetPassword = lazy(() => import('./pages/ResetPassword').then((m) => ({ default: m.ResetPassword })));
const VerifyEmail = lazy(() => import('./pages/VerifyEmail').then((m) => ({ default: m.VerifyEmail })));
const Channel = lazy(() => import('./pages/Channel').then((m) => ({ default: m.Channel })));
const Upload = lazy(() => import('./pages/Upload').then((m) => ({ default: m.Upload })));
const Processing = lazy(() => import('./pages/Processing').then((m) => ({ default: m.Processing })));
const PlaylistPage = lazy(() => import('./pages/PlaylistPage').then((m) => ({ default: m.PlaylistPage })));
const Studio = lazy(() => import('./pages/Studio').then((m) => ({ default: m.Studio })));
const Overview = lazy(() => import('./studio/Overview').then((m) => ({ default: m.Overview })));
const VideosTable = lazy(() => import('./studio/VideosTable').then((m) => ({ default: m.VideosTable })));
const PlaylistsManager = lazy(() =>
  import('./studio/PlaylistsManager').then((m) => ({ default: m.PlaylistsManager })),
);
const History = lazy(() => import('./studio/Library').then((m) => ({ default: m.History })));
const Liked = lazy(() => import('./studio/Library').then((m) => ({ default: m.Liked })));
const Settings = lazy(() => import('./studio/Settings').then((m) => ({ default: m.Settings })));
const NotFound = lazy(() => import('./pages/NotFound').then((m) => ({ default: m.NotFound })));

export function App() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Home />} />
        <Route path="watch/:videoId" element={<Watch />} />
        <Route path="c/:username" element={<Channel />} />
        <Route path="playlist/:playlistId" element={<PlaylistPage />} />
        <Route path="sign-in" element={<SignIn />} />
        <Route path="sign-up" element={<SignUp />} />
        <Route path="forgot-password" element={<ForgotPassword />} />
        <Route path="reset-password" element={<ResetPassword />} />
        <Route path="verify-email" element={<VerifyEmail />} />
        <Route element={<RequireSession />}>
          <Route path="upload" element={<Upload />} />
          <Route path="upload/:videoId" element={<Processing />} />
          <Route path="studio" element={<Studio />}>
            <Route index element={<Overview />} />
            <Route path="videos" element={<VideosTable />} />
            <Route path="playlists" element={<PlaylistsManager />} />
            <Route path="history" element={<History />} />
            <Route path="liked" element={<Liked />} />
            <Route path="settings" element={<Settings />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
