import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Loading } from '@shared/ui/Loading';

const sections = [
  { to: '/studio', label: 'Overview', end: true },
  { to: '/studio/videos', label: 'Videos', end: false },
  { to: '/studio/playlists', label: 'Playlists', end: false },
  { to: '/studio/history', label: 'History', end: false },
  { to: '/studio/liked', label: 'Liked videos', end: false },
  { to: '/studio/settings', label: 'Settings', end: false },
];

// The signed-in viewer's own place: their channel's numbers and videos, their playlists, what
// they watched and liked.
export function Studio() {
  return (
    <div className="flex flex-col gap-6 md:flex-row">
      <nav aria-label="Studio" className="md:w-48 md:shrink-0">
        <ul className="flex gap-1 overflow-x-auto md:flex-col">
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink
                to={s.to}
                end={s.end}
                className={({ isActive }) =>
                  `block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium ${
                    isActive
                      ? 'bg-slate-200 text-slate-900 dark:bg-slate-800 dark:text-white'
                      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-900'
                  }`
                }
              >
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 flex-1">
        <Suspense fallback={<Loading label="Loading" />}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}
