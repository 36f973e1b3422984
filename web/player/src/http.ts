// The player's one HTTP client: JSON in and out, a time limit on every call (AbortController),
// and failures as typed errors the callers can tell apart.

// The server answered with an error status; `code` is its stable error code when it gave one.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

// No answer at all (the server or the network is down).
export class NetworkError extends Error {}

// No answer within the time limit.
export class TimeoutError extends Error {}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  // Engines before Chromium 66 have no AbortController: there the request is left to finish
  // on its own while the caller hears of the timeout all the same.
  const abort = typeof AbortController === 'function' ? new AbortController() : null;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      abort?.abort();
      reject(new TimeoutError(`${path}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    const sent = fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(abort ? { signal: abort.signal } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    response = await Promise.race([sent, deadline]);
  } catch (e) {
    if (timedOut) throw new TimeoutError(`${path}: no answer within ${timeoutMs} ms`);
    throw new NetworkError(`${path}: ${String(e)}`);
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  if (!response.ok) {
    let code: string | null = null;
    let message = `${path}: HTTP ${response.status}`;
    try {
      const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
      code = error?.code ?? null;
      if (error?.message) message = error.message;
    } catch {
      /* not JSON: the status says enough */
    }
    throw new HttpError(response.status, code, message);
  }
  return (text ? JSON.parse(text) : {}) as T;
}
