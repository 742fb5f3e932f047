import { buildService } from '../../src/bootstrap.ts'
import { loadConfig } from '../../src/config.ts'
import type { Db } from '../../src/db/database.ts'
import { createLogger } from '../../src/logger.ts'
import type { BenchContext } from './context.ts'
import type { BenchDatabase } from './databases.ts'
import { documentedOperations } from './service.ts'

/**
 * The production service built in the bench process, so the database statements of each request
 * can be counted with Kysely's `log` hook. Same bootstrap as src/main.ts; logs are formatted but
 * discarded. Requests go through `app.request` (no socket), with a real token.
 */
export interface InProcessService {
  request(path: string, init?: { method?: string; body?: unknown }): Promise<Response>
  /** Statements executed so far. */
  statements(): number
  operations: Set<string>
  /** The service's own connection (PGlite allows one per data directory). */
  db: Db
  close(): Promise<void>
}

export async function startInProcess(
  ctx: BenchContext,
  database: BenchDatabase,
  onStatement?: (query: { sql: string; parameters: readonly unknown[] }) => void,
): Promise<InProcessService> {
  let statements = 0
  const db = await database.open({
    log: (event) => {
      statements++
      onStatement?.(event.query)
    },
  })
  const config = loadConfig({ DATABASE_URL: database.url, HMPPS_AUTH_URL: ctx.auth.url, LOG_LEVEL: 'info' })
  const service = await buildService(config, { logger: createLogger({ sink: () => {} }), db })
  const request: InProcessService['request'] = async (path, init = {}) =>
    service.app.request(path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
  return {
    request,
    statements: () => statements,
    operations: await documentedOperations(() => request('/v3/api-docs')),
    db,
    close: () => service.close(),
  }
}
