import { Suspense, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Navigate, useLocation } from 'react-router';
import { describeError } from '../api/http';
import { AppShell } from '../layout/AppShell';
import { Alert } from '@shared/ui/Alert';
import { Loading } from '@shared/ui/Loading';
import { useSession } from './session';

// Which part of the app a visitor may see: the signed-in frame, or sign-in and sign-up.

export function Page({ children }: { children: ReactNode }) {
  const { formatMessage } = useIntl();
  return (
    <Suspense fallback={<Loading label={formatMessage({ id: 'gates.loadingPage' })} />}>{children}</Suspense>
  );
}

// The signed-in part: sign-in first when there is no session, coming back here afterwards.
export function SignedIn() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (session.error) return <Alert>{describeError(session.error)}</Alert>;
  if (!session.data)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <AppShell session={session.data} />;
}

// Sign-in and sign-up: once there is a session, on to where the visitor was going.
export function SignedOut({ children }: { children: ReactNode }) {
  const session = useSession();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  if (session.data) return <Navigate to={from} replace />;
  return <Page>{children}</Page>;
}
