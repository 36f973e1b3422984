import type { ReactNode } from 'react';
import { LanguagePicker } from '@shared/i18n/LanguagePicker';

export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-md rounded-xl border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-6 shadow-sm sm:p-8">
        <p className="mb-6 text-lg font-bold tracking-tight text-indigo-700 dark:text-indigo-300">Vizora</p>
        <h1 className="text-2xl font-semibold text-slate-900 dark:text-slate-100">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{subtitle}</p>}
        <div className="mt-6">{children}</div>
        <LanguagePicker className="mt-6 justify-end" />
      </div>
    </main>
  );
}
