import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, request, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { Session } from '../api/types';

// The signed-in person, held in React state only: the session itself is the gateway's HttpOnly cookie, and the
// CSRF token is kept in memory (never localStorage or sessionStorage, which any script could read).

export const EXPIRED_MESSAGE = '会话已过期，请重新登录';

interface SessionState {
  /** undefined while the first GET /api/session is in flight. */
  session: Session | null | undefined;
  /** Why the person is on the sign-in page, when it is not their choice (expired session). */
  notice: string | undefined;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  can(permission: string): boolean;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const adopt = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrfToken);
    setSession(next);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      adopt(null);
      setNotice(EXPIRED_MESSAGE);
    });
    const controller = new AbortController();
    request<Session>('GET', '/api/session', { allowUnauthorized: true, signal: controller.signal })
      .then(adopt)
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        // No session (401) or the gateway is unreachable: both start at the sign-in page.
        adopt(null);
        if (!(error instanceof ApiError) || error.status !== 401) setNotice('无法连接服务，请稍后重试');
      });
    return () => {
      controller.abort();
      setUnauthorizedHandler(undefined);
    };
  }, [adopt]);

  // The gateway ends a session after an idle spell (each request restarts it) or at its maximum age. Just after
  // the expiry this page last heard of, ask again: activity since then has moved it on (the answer says to
  // when); otherwise the answer is 401 and the person is sent to sign in with the reason.
  useEffect(() => {
    if (!session) return;
    const remaining = Date.parse(session.expiresAt) - Date.now();
    if (!Number.isFinite(remaining)) return;
    const timer = window.setTimeout(
      () => {
        request<Session>('GET', '/api/session').then(adopt, () => undefined);
      },
      Math.max(0, Math.min(remaining + 5_000, 2_147_000_000)),
    );
    return () => window.clearTimeout(timer);
  }, [session, adopt]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const next = await request<Session>('POST', '/api/session', {
        body: { username, password },
        allowUnauthorized: true,
      });
      setNotice(undefined);
      adopt(next);
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await request<void>('DELETE', '/api/session', { allowUnauthorized: true });
    } finally {
      adopt(null);
      setNotice(undefined);
    }
  }, [adopt]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      notice,
      signIn,
      signOut,
      can: (permission) => session?.permissions.includes(permission) ?? false,
    }),
    [session, notice, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in session; only under the signed-in layout. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return session;
}
