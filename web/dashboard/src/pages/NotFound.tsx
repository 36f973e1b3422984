import { Link } from 'react-router';

export function NotFound() {
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Nothing lives at this address.{' '}
        <Link to="/" className="font-medium text-indigo-700 dark:text-indigo-300 underline">
          Go to the overview
        </Link>
      </p>
    </div>
  );
}
