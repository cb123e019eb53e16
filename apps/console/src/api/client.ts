import type { Problem } from './types';

// The one fetch client. Same origin, cookie session (HttpOnly, set by the gateway): the browser sends the cookie
// by itself; the CSRF token lives in memory only and rides on every state-changing request.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** A 429's Retry-After, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

let csrfToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** Called by the session provider: the token of the session in force (undefined after sign-out). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called by the session provider: what to do when any call answers 401 (the session expired). */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  /** Sign-in answers 401 for wrong credentials: that is not an expired session. */
  allowUnauthorized?: boolean;
  signal?: AbortSignal;
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed as Problem;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && !options.allowUnauthorized) onUnauthorized?.();
    const retryAfter = Number(response.headers.get('Retry-After') ?? NaN);
    throw new ApiError(response.status, problem, Number.isFinite(retryAfter) ? retryAfter : undefined);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** A document to read before acting on it: its bytes and the version they are (X-Document-Version). */
export async function fetchDocument(
  path: string,
  signal?: AbortSignal,
): Promise<{ blob: Blob; version: string | null }> {
  const response = await fetch(path, { credentials: 'same-origin', ...(signal ? { signal } : {}) });
  if (!response.ok) {
    if (response.status === 401) onUnauthorized?.();
    throw new ApiError(response.status, await problemOf(response));
  }
  // Framed as what it is, whatever else the bytes might sniff as.
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/pdf')) {
    throw new ApiError(415, { title: `not a PDF document (${type || 'no type'})`, status: 415 });
  }
  const blob = new Blob([await response.arrayBuffer()], { type: 'application/pdf' });
  return { blob, version: response.headers.get('X-Document-Version') };
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, signal ? { signal } : {}),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** `/x?a=1&b=2`, leaving out absent values. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A path segment from an id: ids come from the API, but are still never trusted to be URL-safe. */
export const seg = (id: string): string => encodeURIComponent(id);
