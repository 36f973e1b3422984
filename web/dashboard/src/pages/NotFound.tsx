import { FormattedMessage } from 'react-intl';
import { linkTo } from '../i18n/linkTo';

export function NotFound() {
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-2xl font-semibold">
        <FormattedMessage id="notFound.title" />
      </h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        <FormattedMessage id="notFound.text" values={{ link: linkTo('/') }} />
      </p>
    </div>
  );
}
