// The page's side of the service worker (sw.ts): registering it, telling it which media the
// timeline needs (it fetches what it lacks and forgets the rest), and clearing it.

export interface MediaSyncReport {
  cached: number;
  failed: number;
}

export async function registerOffline(onSynced: (report: MediaSyncReport) => void): Promise<void> {
  if (!('serviceWorker' in navigator)) return; // plain-HTTP origins other than localhost
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string } & MediaSyncReport;
    if (data?.type === 'media-synced') onSynced({ cached: data.cached, failed: data.failed });
  });
  try {
    await navigator.serviceWorker.register('/player/sw.js', { scope: '/player/' });
  } catch {
    /* playing online still works */
  }
}

export async function syncMedia(urls: string[]): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage({ type: 'sync-media', urls });
}

export async function clearOfflineCache(): Promise<number> {
  if (!('caches' in self)) return 0;
  let removed = 0;
  for (const name of await caches.keys()) {
    if (name.startsWith('vizora-media')) {
      const cache = await caches.open(name);
      removed += (await cache.keys()).length;
      await caches.delete(name);
    }
  }
  return removed;
}
