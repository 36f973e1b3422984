// A video file sent with tus (VIZTUBE-API.md, POST /api/v2/uploads): one PATCH that the server
// keeps every delivered byte of, so pausing, a dropped connection or a page reload loses
// nothing. tus-js-client remembers the upload's URL under the file's fingerprint (name, type,
// size, modification time) in localStorage: choosing the same file again after a reload
// resumes where the server stands instead of starting over.

import { useCallback, useEffect, useRef, useState } from 'react';
import { Upload, type DetailedError } from 'tus-js-client';
import { refreshSession } from '../api/http';

export const uploadsEndpoint = '/api/v2/uploads';

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'sending' | 'paused'; sent: number; total: number; resumedAt: number }
  | { phase: 'sent'; uploadId: string }
  | { phase: 'failed'; message: string };

// Waits between attempts after a network failure or a 5xx; then the upload fails and the
// viewer may resume it by hand.
const retryDelays = [0, 1000, 3000, 5000, 10000];

export function useResumableUpload() {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const upload = useRef<Upload | null>(null);
  const refreshing = useRef<Promise<boolean> | null>(null);

  // Leaving the page pauses the upload: it resumes when the same file is chosen again.
  useEffect(() => () => void upload.current?.abort(), []);

  const start = useCallback(async (file: File) => {
    await upload.current?.abort();
    let resumedAt = -1;
    const next = new Upload(file, {
      endpoint: uploadsEndpoint,
      metadata: { filename: file.name, filetype: file.type },
      retryDelays,
      removeFingerprintOnSuccess: true,
      // A token that expired during a long upload is renewed before the next attempt.
      onShouldRetry: (error: DetailedError) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        if (status === 401) {
          refreshing.current ??= refreshSession().finally(() => (refreshing.current = null));
          return true;
        }
        return status === 0 || status >= 500 || status === 409 || status === 423;
      },
      onBeforeRequest: async () => {
        await refreshing.current;
      },
      onProgress: (sent, total) => {
        // The first report follows the server's HEAD: where the upload stood.
        resumedAt = resumedAt < 0 ? sent : resumedAt;
        setState({ phase: 'sending', sent, total, resumedAt });
      },
      onSuccess: () => setState({ phase: 'sent', uploadId: (next.url ?? '').split('/').pop() ?? '' }),
      onError: (error) => setState({ phase: 'failed', message: messageOf(error) }),
    });
    upload.current = next;
    const previous = await next.findPreviousUploads();
    const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
    if (latest) next.resumeFromPreviousUpload(latest);
    setState({ phase: 'sending', sent: 0, total: file.size, resumedAt: 0 });
    next.start();
  }, []);

  const pause = useCallback(() => {
    void upload.current?.abort();
    setState((s) => (s.phase === 'sending' ? { ...s, phase: 'paused' } : s));
  }, []);

  const resume = useCallback(() => {
    upload.current?.start();
    setState((s) => (s.phase === 'paused' ? { ...s, phase: 'sending' } : s));
  }, []);

  return { state, start, pause, resume };
}

// The server's own words where it sent some (the contract's envelope), else the network's.
function messageOf(error: Error | DetailedError): string {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response) {
    try {
      const body = JSON.parse(response.getBody()) as { message?: string };
      if (body.message) return body.message;
    } catch {
      /* not JSON */
    }
    return `The upload was refused (HTTP ${response.getStatus()}).`;
  }
  return 'The connection to the server was lost. Resume to continue where it stopped.';
}
