import { MailCheck } from 'lucide-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import type { Session } from '../api/types';
import { useResendVerification } from './session';
import { Button } from '@shared/ui/Button';

// Until the address is confirmed, a quiet line above every page with a way to get another link.
// Only where the server sends mail: without it no address can be confirmed.
export function VerifyEmailBanner({ session }: { session: Session }) {
  const resend = useResendVerification();
  const { formatMessage } = useIntl();
  if (!session.mailEnabled || session.user.emailVerified !== false) return null;
  return (
    <section
      aria-label={formatMessage({ id: 'verify.banner' })}
      className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="flex items-center gap-2">
        <MailCheck aria-hidden="true" size={18} />
        <FormattedMessage id="verify.please" values={{ email: session.user.email }} />
      </p>
      {resend.isSuccess ? (
        <p role="status">
          <FormattedMessage id="verify.sent" />
        </p>
      ) : (
        <Button variant="secondary" busy={resend.isPending} onClick={() => resend.mutate()}>
          <FormattedMessage id="verify.sendAnother" />
        </Button>
      )}
      {resend.error && (
        <p role="alert" className="w-full">
          {describeError(resend.error)}
        </p>
      )}
    </section>
  );
}
