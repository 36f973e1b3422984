import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '@shared/ui/Loading';
import { useSession } from './session';

// The pages that are the viewer's own (upload, studio): first sign in, then back here.
export function RequireSession() {
  const session = useSession();
  const { pathname, search } = useLocation();
  if (session.isPending) return <Loading label="Loading" />;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from: pathname + search }} />;
  return <Outlet />;
}
