import { describe, expect, it } from 'vitest';
import { api, ApiError, whenSignedOut } from '../src/api/http';
import { serverAnswers } from './render';

describe('api', () => {
  it('refreshes an expired session once, silently, and retries', async () => {
    let expired = true;
    const sent = serverAnswers({
      'GET /api/v1/devices': () =>
        expired
          ? { status: 401, body: { error: { code: 'AUTH_002', message: 'expired' } } }
          : { status: 200, body: { items: [] } },
      'POST /api/v1/auth/refresh': () => ((expired = false), { status: 200, body: {} }),
    });
    document.cookie = 'vizora_csrf=token-1';
    await expect(api('/api/v1/devices')).resolves.toEqual({ items: [] });
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /api/v1/devices',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/devices',
    ]);
    expect(sent[1]?.headers['X-CSRF-Token']).toBe('token-1');
  });

  it('gives up when the refresh is refused, and says the session is over', async () => {
    serverAnswers({
      'GET /api/v1/devices': { status: 401, body: { error: { code: 'AUTH_002', message: 'expired' } } },
      'POST /api/v1/auth/refresh': { status: 401, body: { error: { code: 'AUTH_001', message: 'revoked' } } },
    });
    let signedOut = false;
    whenSignedOut(() => (signedOut = true));
    const error = await api('/api/v1/devices').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(signedOut).toBe(true);
  });
});
