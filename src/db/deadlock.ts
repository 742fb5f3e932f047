/**
 * Deadlock victims, and running a transaction again when it was one.
 *
 * Our own writes lock component rows in id order (queries/appointments/components.ts), so two of
 * our batches cannot wait on each other in a circle on PostgreSQL. Oracle gives no such promise:
 * `select ... order by ... for update` locks rows as its access path visits them, before the
 * ORDER BY, and Delius's own users (and its batch jobs) lock the same rows in any order. When the
 * database breaks a deadlock it fails one statement of one transaction (Oracle ORA-00060,
 * PostgreSQL 40P01): that transaction is rolled back whole (Kysely rolls back on the error) and
 * has written nothing, so running it again is safe, and the caller sees an answer instead of a 500.
 */
import { isDatabaseError } from './driver-errors.ts'

export interface DeadlockRetryOptions {
  /** Runs in all, the first included. */
  attempts: number
  /** Called before each rerun, with the rerun's number (2, 3, …). */
  onRetry?: (attempt: number, error: unknown) => void
}

const DEFAULTS: DeadlockRetryOptions = { attempts: 3 }

/** PostgreSQL's SQLSTATE for a deadlock victim. */
const POSTGRES_DEADLOCK = '40P01'
/** Oracle's error number (node-oracledb `errorNum`), and its message prefix. */
const ORACLE_DEADLOCK = 60
const ORACLE_DEADLOCK_MESSAGE = /^ORA-00060\b/

/** Whether the database driver failed this statement to break a deadlock. */
export function isDeadlock(error: unknown): boolean {
  if (!isDatabaseError(error)) return false
  const { code, errorNum, message } = error as { code?: unknown; errorNum?: unknown; message?: unknown }
  return (
    code === POSTGRES_DEADLOCK ||
    errorNum === ORACLE_DEADLOCK ||
    (typeof message === 'string' && ORACLE_DEADLOCK_MESSAGE.test(message))
  )
}

/** Runs `transaction` (one whole transaction), again while it fails as a deadlock victim. */
export async function retryingDeadlocks<T>(
  transaction: () => Promise<T>,
  options: Partial<DeadlockRetryOptions> = {},
): Promise<T> {
  const { attempts, onRetry } = { ...DEFAULTS, ...options }
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction()
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error
      onRetry?.(attempt + 1, error)
    }
  }
}
