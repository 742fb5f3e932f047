import type { Db } from '../db/database.ts'

export type HealthStatus = 'UP' | 'DOWN'

export interface HealthReport {
  status: HealthStatus
  components: Record<string, { status: HealthStatus; details?: Record<string, unknown> }>
}

/** Checks the database with a cheap query, giving up after `timeoutMs` so probes never hang. */
export async function checkDatabase(db: Db, timeoutMs = 2_000): Promise<HealthReport> {
  const started = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([
      db.dialect.pingQuery().execute(db.kysely),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs)
      }),
    ])
    return {
      status: 'UP',
      components: {
        db: { status: 'UP', details: { database: db.dialect.name, responseTimeMs: Date.now() - started } },
        ping: { status: 'UP' },
      },
    }
  } catch (error) {
    return {
      status: 'DOWN',
      components: {
        db: { status: 'DOWN', details: { database: db.dialect.name, error: (error as Error).message } },
        ping: { status: 'UP' },
      },
    }
  } finally {
    clearTimeout(timer)
  }
}
