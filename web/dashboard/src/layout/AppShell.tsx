import {
  CalendarClock,
  ChartColumn,
  CreditCard,
  Images,
  LayoutDashboard,
  ListVideo,
  LogOut,
  Menu,
  MonitorPlay,
  Users,
  X,
} from 'lucide-react';
import { useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Session } from '../api/types';
import { useSignOut } from '../auth/session';
import { VerifyEmailBanner } from '../auth/VerifyEmailBanner';
import { useDashboardSocket } from '../realtime/useDashboardSocket';
import { LanguagePicker } from '@shared/i18n/LanguagePicker';
import { Button } from '@shared/ui/Button';

const sections = [
  { to: '/', label: 'nav.overview', icon: LayoutDashboard, end: true },
  { to: '/screens', label: 'nav.screens', icon: MonitorPlay, end: false },
  { to: '/content', label: 'nav.content', icon: Images, end: false },
  { to: '/playlists', label: 'nav.playlists', icon: ListVideo, end: false },
  { to: '/schedules', label: 'nav.schedules', icon: CalendarClock, end: false },
  { to: '/analytics', label: 'nav.analytics', icon: ChartColumn, end: false },
  { to: '/team', label: 'nav.team', icon: Users, end: false },
  { to: '/billing', label: 'nav.billing', icon: CreditCard, end: false },
] as const;

// The signed-in frame: navigation (a drawer on phones), the organization, sign out, and the
// dashboard socket that keeps every page live.
export function AppShell({ session }: { session: Session }) {
  const [open, setOpen] = useState(false);
  const signOut = useSignOut();
  const { formatMessage } = useIntl();
  useDashboardSocket();
  const nav = (
    <nav aria-label={formatMessage({ id: 'nav.main' })} className="flex flex-col gap-1">
      {sections.map(({ to, label, icon: Icon, end }) => (
        <NavLink
          key={to}
          to={to}
          end={end}
          onClick={() => setOpen(false)}
          className={({ isActive }) =>
            `flex min-h-10 items-center gap-3 rounded-md px-3 text-sm font-medium ${isActive ? 'bg-indigo-50 dark:bg-indigo-950 text-indigo-800 dark:text-indigo-200' : 'text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800'}`
          }
        >
          <Icon aria-hidden="true" size={18} />
          {formatMessage({ id: label })}
        </NavLink>
      ))}
    </nav>
  );
  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_1fr]">
      <header className="flex items-center justify-between border-b border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 px-4 py-3 md:hidden">
        <span className="text-lg font-bold text-indigo-700 dark:text-indigo-300">Vizora</span>
        <Button
          variant="ghost"
          aria-label={formatMessage({ id: open ? 'nav.closeMenu' : 'nav.openMenu' })}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? <X aria-hidden="true" /> : <Menu aria-hidden="true" />}
        </Button>
      </header>
      <aside
        className={`${open ? 'block' : 'hidden'} border-b border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-4 md:flex md:min-h-screen md:flex-col md:justify-between md:border-r md:border-b-0`}
      >
        <div className="flex flex-col gap-6">
          <span className="hidden text-lg font-bold text-indigo-700 dark:text-indigo-300 md:block">
            Vizora
          </span>
          {nav}
        </div>
        <div className="mt-6 flex flex-col gap-2 border-t border-slate-200 dark:border-slate-700 pt-4 text-sm">
          <p className="font-medium text-slate-900 dark:text-slate-100">{session.organization.name}</p>
          <p className="truncate text-slate-600 dark:text-slate-400">{session.user.email}</p>
          <LanguagePicker className="justify-between" />
          <Button variant="secondary" onClick={() => signOut.mutate()} busy={signOut.isPending}>
            <LogOut aria-hidden="true" size={16} /> <FormattedMessage id="nav.signOut" />
          </Button>
        </div>
      </aside>
      <main className="mx-auto w-full max-w-6xl p-4 sm:p-6 lg:p-8">
        <VerifyEmailBanner session={session} />
        <Outlet />
      </main>
    </div>
  );
}
