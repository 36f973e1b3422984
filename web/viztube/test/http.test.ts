import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, describeError } from '../src/api/http';
import { serverAnswers } from '@shared/test/server-answers';

const notFound = { status: 404, body: { statusCode: 404, data: null, success: false, code: 'NOT_FOUND' } };

afterEach(() => vi.unstubAllGlobals());

describe("VizTube's API client", () => {
  it("hands over the envelope's data", async () => {
    serverAnswers(
      {
        'GET /api/v2/healthcheck': {
          status: 200,
          body: { statusCode: 200, data: { status: 'ok' }, success: true },
        },
      },
      notFound,
    );
    await expect(api('/api/v2/healthcheck')).resolves.toEqual({ status: 'ok' });
  });

  it('turns a refusal into its code, message and the fields it names', async () => {
    serverAnswers(
      {
        'POST /api/v2/user/register': {
          status: 409,
          body: {
            statusCode: 409,
            data: null,
            success: false,
            code: 'CONFLICT',
            message: 'that username is taken',
            errors: [{ field: 'username', code: 'taken', message: 'that username is taken' }],
          },
        },
      },
      notFound,
    );
    const error = await api('/api/v2/user/register', { method: 'POST', body: new FormData() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('CONFLICT');
    expect((error as ApiError).details).toEqual({ username: 'that username is taken' });
    expect(describeError(error)).toBe('that username is taken');
  });

  it('sends a form as it is, not as JSON, and refreshes an expired session once', async () => {
    let expired = true;
    const sent = serverAnswers(
      {
        'PATCH /api/v2/user/update-avatar': () =>
          expired
            ? { status: 401, body: { statusCode: 401, data: null, success: false, code: 'UNAUTHENTICATED' } }
            : { status: 200, body: { statusCode: 200, data: { id: 'u1' }, success: true } },
        'POST /api/v2/user/refresh-token': () => ((expired = false), { status: 200, body: { data: {} } }),
      },
      notFound,
    );
    const form = new FormData();
    form.set('avatar', new Blob(['x']), 'a.png');
    await expect(api('/api/v2/user/update-avatar', { method: 'PATCH', body: form })).resolves.toEqual({
      id: 'u1',
    });
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      'PATCH /api/v2/user/update-avatar',
      'POST /api/v2/user/refresh-token',
      'PATCH /api/v2/user/update-avatar',
    ]);
    expect(sent[0]?.body).toBe(form);
    expect(sent[0]?.headers['Content-Type']).toBeUndefined();
  });
});
