import { LayoutDashboard, LogOut, Search, Video } from 'lucide-react';
import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useNavigate, useSearchParams } from 'react-router';
import { Loading } from '@shared/ui/Loading';
import { useSession, useSignOut } from '../auth/session';

// How long typing may pause before the search runs (each keystroke is not a query).
const searchDelayMs = 250;

// The header on every page (logo, search as you type, the viewer) and the page below it.
export function Shell() {
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-10 flex items-center gap-3 border-b border-slate-200 bg-white/95 px-3 py-2 backdrop-blur sm:px-6 dark:border-slate-800 dark:bg-slate-950/95">
        <Link to="/" className="flex items-center gap-1 text-lg font-bold tracking-tight">
          <span aria-hidden className="rounded bg-red-600 px-1.5 text-white">
            ▶
          </span>
          <span className="sr-only sm:not-sr-only">VizTube</span>
        </Link>
        <SearchBox />
        <Viewer />
      </header>
      <main className="mx-auto max-w-screen-2xl px-3 py-4 sm:px-6">
        <Suspense fallback={<Loading label="Loading page" />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

function SearchBox() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const current = params.get('q') ?? '';
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  useEffect(() => {
    if (text.trim() === current) return;
    const timer = setTimeout(() => {
      const q = text.trim();
      navigate(q ? `/?q=${encodeURIComponent(q)}` : '/', { replace: location.pathname === '/' });
    }, searchDelayMs);
    return () => clearTimeout(timer);
  }, [text, current, navigate]);
  return (
    <form
      role="search"
      className="mx-auto flex w-full max-w-xl items-center"
      onSubmit={(e) => {
        e.preventDefault();
        const q = text.trim();
        navigate(q ? `/?q=${encodeURIComponent(q)}` : '/');
      }}
    >
      <label htmlFor="search" className="sr-only">
        Search videos
      </label>
      <input
        id="search"
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Search"
        className="min-h-10 w-full rounded-l-full border border-slate-300 bg-white px-4 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
      <button
        type="submit"
        aria-label="Search"
        className="min-h-10 rounded-r-full border border-l-0 border-slate-300 bg-slate-100 px-4 dark:border-slate-700 dark:bg-slate-800"
      >
        <Search size={18} aria-hidden />
      </button>
    </form>
  );
}

function Viewer() {
  const session = useSession();
  const signOut = useSignOut();
  if (session.isPending) return <div className="h-9 w-9" />;
  if (!session.data) {
    return (
      <Link
        to="/sign-in"
        className="shrink-0 rounded-full border border-slate-300 px-3 py-1.5 text-sm font-medium text-blue-700 dark:border-slate-700 dark:text-blue-400"
      >
        Sign in
      </Link>
    );
  }
  return (
    <div className="flex shrink-0 items-center gap-2">
      <Link
        to="/upload"
        aria-label="Upload a video"
        className="flex min-h-9 items-center gap-1 rounded-full px-2 text-sm font-medium hover:bg-slate-100 sm:px-3 dark:hover:bg-slate-800"
      >
        <Video size={20} aria-hidden />
        <span className="hidden sm:inline">Upload</span>
      </Link>
      <Link
        to="/studio"
        aria-label="Studio"
        className="flex min-h-9 items-center gap-1 rounded-full px-2 text-sm font-medium hover:bg-slate-100 sm:px-3 dark:hover:bg-slate-800"
      >
        <LayoutDashboard size={20} aria-hidden />
        <span className="hidden sm:inline">Studio</span>
      </Link>
      <Link to={`/c/${session.data.username}`} aria-label={`Your channel (${session.data.fullname})`}>
        <img src={session.data.avatar} alt="" className="h-9 w-9 rounded-full object-cover" />
      </Link>
      <button
        type="button"
        onClick={() => signOut.mutate()}
        className="flex min-h-9 items-center rounded-full px-2 text-sm text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
      >
        <LogOut size={18} aria-hidden className="sm:hidden" />
        <span className="sr-only sm:not-sr-only">Sign out</span>
      </button>
    </div>
  );
}
