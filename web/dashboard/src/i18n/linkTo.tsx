import type { ReactNode } from 'react';
import { Link } from 'react-router';

const linkClass = 'font-medium text-indigo-700 dark:text-indigo-300 underline';

// The `<link>…</link>` of a message as a link within the dashboard:
//   <FormattedMessage id="notFound.text" values={{ link: linkTo('/') }} />
export function linkTo(to: string, className = linkClass) {
  return (chunks: ReactNode[]) => (
    <Link to={to} className={className}>
      {chunks}
    </Link>
  );
}
