import { useSignedInAction } from '../auth/session';
import { useToggleSubscription, type Channel } from '../videos/social';

// Subscribe to a channel or leave it; a signed-out viewer is sent to sign in first.
export function SubscribeButton({ channel }: { channel: Channel }) {
  const signedIn = useSignedInAction();
  const toggle = useToggleSubscription(channel);
  return (
    <button
      type="button"
      aria-pressed={channel.isSubscribed}
      disabled={toggle.isPending}
      onClick={() => signedIn(() => toggle.mutate())}
      className={`min-h-9 rounded-full px-4 text-sm font-semibold ${
        channel.isSubscribed
          ? 'bg-slate-200 text-slate-900 dark:bg-slate-800 dark:text-white'
          : 'bg-slate-900 text-white dark:bg-white dark:text-slate-900'
      }`}
    >
      {channel.isSubscribed ? 'Subscribed' : 'Subscribe'}
    </button>
  );
}
