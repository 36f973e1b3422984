// The one way our web apps talk to their server: same-origin JSON over the session cookies, a
// CSRF header on writes where the product uses one, and one silent refresh shared by every
// request that finds the short-lived access token expired. Each app configures it with its
// own paths, error envelope and answer shape (createApiClient), and keeps the words for people.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown; // sent as JSON, or as is when FormData
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  refreshPath: string; // POST here renews the session cookies
  isAuthPath: (path: string) => boolean; // a 401 from these is an answer, not an expiry
  csrfCookie?: string; // double submit: this cookie's value goes in X-CSRF-Token on writes
  // The product's error envelope, parsed: null when the body says nothing usable.
  errorOf: (status: number, body: unknown) => ApiError | null;
  // What a successful answer's JSON holds for the caller (an envelope's payload, say).
  unwrap?: (body: unknown) => unknown;
}

export interface ApiClient {
  api<T>(path: string, options?: RequestOptions): Promise<T>;
  // Told when the session is gone for good (refresh refused): the app goes back to sign-in.
  whenSignedOut(listener: () => void): void;
  csrfToken(): string;
  // Renews the session cookies (shared with any refresh under way): for requests this client
  // does not send itself, like a tus upload's.
  refreshSession(): Promise<boolean>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  let onSignedOut: () => void = () => undefined;

  const csrfToken = (): string => {
    if (!options.csrfCookie) return '';
    const match = new RegExp(`(?:^|;\\s*)${options.csrfCookie}=([^;]*)`).exec(document.cookie);
    return match?.[1] ? decodeURIComponent(match[1]) : '';
  };

  async function send(path: string, request: RequestOptions): Promise<Response> {
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { Accept: 'application/json' };
    const form = request.body instanceof FormData;
    if (request.body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && options.csrfCookie) headers['X-CSRF-Token'] = csrfToken();
    try {
      return await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(request.body !== undefined
          ? { body: form ? (request.body as FormData) : JSON.stringify(request.body) }
          : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK', 'The server cannot be reached. Check your connection.');
    }
  }

  // Several requests may find the token expired at once: they share one refresh.
  let refreshing: Promise<boolean> | null = null;
  function refreshSession(): Promise<boolean> {
    refreshing ??= send(options.refreshPath, { method: 'POST', body: {} })
      .then((r) => r.ok)
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  async function failure(response: Response): Promise<ApiError> {
    try {
      const parsed = options.errorOf(response.status, await response.json());
      if (parsed) return parsed;
    } catch {
      /* not JSON: fall through */
    }
    return new ApiError(response.status, 'HTTP_' + response.status, response.statusText);
  }

  async function api<T>(path: string, request: RequestOptions = {}): Promise<T> {
    let response = await send(path, request);
    if (response.status === 401 && !options.isAuthPath(path)) {
      if (await refreshSession()) {
        response = await send(path, request);
      }
      if (response.status === 401) onSignedOut();
    }
    if (!response.ok) throw await failure(response);
    if (response.status === 204) return undefined as T;
    const body: unknown = await response.json();
    return (options.unwrap ? options.unwrap(body) : body) as T;
  }

  return {
    api,
    whenSignedOut: (listener) => {
      onSignedOut = listener;
    },
    csrfToken,
    refreshSession,
  };
}
