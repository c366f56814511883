import { and, eq, isNull } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { sessionsTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import type { PendingSecondFactor } from './second-factor.js';

const NO_LOGIN = 'There is no login waiting for its second factor. Log in again.';

/**
 * Guards the second-factor step: only a session in stage `second_factor` (a correct password, nothing more)
 * may use it. A full session has nothing to complete; a `password_change` session must change it first.
 */
export function requireSecondFactorStage(): MiddlewareHandler<AppEnv> {
  return async function requireSecondFactorStageHandler(c, next) {
    const pending = c.get('pendingSession');
    if (pending?.stage !== 'second_factor') {
      if (c.get('denial') === 'network') {
        throw AppError.forbidden('Staff can only use ScreenVisit from the municipality’s network.');
      }
      throw AppError.unauthenticated(NO_LOGIN);
    }
    return next();
  };
}

/** The pending session with its municipality (the session middleware does not carry it for pending ones). */
export async function pendingSecondFactor(
  c: Context<AppEnv>,
  deps: Pick<AuthDeps, 'db'>,
): Promise<PendingSecondFactor> {
  const pending = c.get('pendingSession');
  if (pending?.stage !== 'second_factor') throw AppError.unauthenticated(NO_LOGIN);
  const [row] = await deps.db.db
    .select({ municipalityId: sessionsTable.municipalityId })
    .from(sessionsTable)
    .where(eq(sessionsTable.id, pending.id));
  if (!row) throw AppError.unauthenticated(NO_LOGIN);
  return { ...pending, municipalityId: row.municipalityId };
}

/**
 * End the half-way session, but only if it is still live: a logout racing the verification must win, and
 * only one of two concurrent verifications may turn into a full session.
 */
export async function retirePendingSession(
  deps: Pick<AuthDeps, 'db'>,
  sessionId: string,
  now: Date,
): Promise<boolean> {
  const rows = await deps.db.db
    .update(sessionsTable)
    .set({ revokedAt: now, revokedReason: 'second_factor_completed' })
    .where(and(eq(sessionsTable.id, sessionId), isNull(sessionsTable.revokedAt)))
    .returning({ id: sessionsTable.id });
  return rows.length === 1;
}
