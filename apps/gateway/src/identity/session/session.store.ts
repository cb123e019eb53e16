import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@yuqing/service-kit';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';

/** How long a console session lasts: idle (no request) and in all (a shift). */
export const SESSION_DEFAULTS = { idleMinutes: 30, maxHours: 12 } as const;

export interface Session {
  readonly idHash: string;
  readonly userId: string;
  readonly credentialId: string;
  readonly csrfToken: string;
  readonly createdAt: Date;
  /** When it ends unless used again (idle), never past its maximum. */
  readonly expiresAt: Date;
}

/** A new session's secrets: the cookie's id (kept only hashed) and the CSRF token the page echoes back. */
export interface NewSession {
  readonly id: string;
  readonly session: Session;
}

const secret = (): string => randomBytes(32).toString('base64url');
const hashOf = (id: string): string => createHash('sha256').update(id).digest('hex');

/** True when the two tokens are equal, in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The console's sessions, in PostgreSQL (every gateway replica sees them): the browser holds a random id in an
 * HttpOnly cookie and never a token; the gateway turns the session into a short-lived access token per request.
 * A session ends on sign-out, when idle too long, at its maximum age, or when the user's password changes.
 */
@Injectable()
export class SessionStore {
  private readonly s: string;
  readonly idleMs: number;
  readonly maxMs: number;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(IDENTITY_OPTIONS) options: IdentityOptions,
  ) {
    this.s = options.schema;
    const { idleMinutes, maxHours } = { ...SESSION_DEFAULTS, ...options.session };
    this.idleMs = idleMinutes * 60_000;
    this.maxMs = maxHours * 3_600_000;
  }

  async create(userId: string, credentialId: string, now: Date): Promise<NewSession> {
    const id = secret();
    const csrfToken = secret();
    const idHash = hashOf(id);
    const maxAt = new Date(now.getTime() + this.maxMs);
    await this.pool.query(
      `insert into ${this.s}.sessions (id_hash, user_id, credential_id, csrf_token, created_at, last_seen_at, expires_at)
       values ($1, $2, $3, $4, $5, $5, $6)`,
      [idHash, userId, credentialId, csrfToken, now, maxAt],
    );
    return {
      id,
      session: { idHash, userId, credentialId, csrfToken, createdAt: now, expiresAt: this.until(now, maxAt) },
    };
  }

  /** The live session of a cookie's id, its idle time restarted; undefined when there is none. */
  async use(id: string, now: Date): Promise<Session | undefined> {
    const { rows } = await this.pool.query<{
      id_hash: string;
      user_id: string;
      credential_id: string;
      csrf_token: string;
      created_at: Date;
      expires_at: Date;
    }>(
      `update ${this.s}.sessions set last_seen_at = $2
        where id_hash = $1 and ended_at is null and expires_at > $2 and last_seen_at > $3
        returning id_hash, user_id, credential_id, csrf_token, created_at, expires_at`,
      [hashOf(id), now, new Date(now.getTime() - this.idleMs)],
    );
    const r = rows[0];
    return r
      ? {
          idHash: r.id_hash,
          userId: r.user_id,
          credentialId: r.credential_id,
          csrfToken: r.csrf_token,
          createdAt: r.created_at,
          expiresAt: this.until(now, r.expires_at),
        }
      : undefined;
  }

  async end(idHash: string, now: Date): Promise<void> {
    await this.pool.query(
      `update ${this.s}.sessions set ended_at = $2 where id_hash = $1 and ended_at is null`,
      [idHash, now],
    );
    // Now and then, forget sessions long over.
    if (Math.random() < 0.05) {
      await this.pool.query(`delete from ${this.s}.sessions where expires_at < $1`, [
        new Date(now.getTime() - 7 * 24 * 3_600_000),
      ]);
    }
  }

  private until(now: Date, maxAt: Date): Date {
    return new Date(Math.min(maxAt.getTime(), now.getTime() + this.idleMs));
  }
}
