import { createApp } from '../../src/app.ts'
import { createJwtVerifier, type JwtVerifierOptions } from '../../src/auth/jwt.ts'
import { SEED } from '../../src/db/seed.ts'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { type Logger, memoryLogger } from '../../src/logger.ts'
import { createServices, type Services } from '../../src/services/index.ts'
import type { StaffDirectory } from '../../src/services/staff-directory.ts'
import { type Clock, fixedClock } from '../../src/time.ts'
import type { TestDb } from './db.ts'

/** The clock of the spec's examples: A000001 (born 1980-11-01) is "45 years, 6 months". */
export const TEST_NOW = '2026-05-01T12:00:00+01:00'

export interface TestApp {
  app: ReturnType<typeof createApp>
  services: Services
  auth: LocalAuth
  logger: Logger & { lines: Record<string, unknown>[] }
  clock: Clock
  /** A valid token with the case-detail role. */
  token: string
  /** `app.request` with the bearer token and JSON body handled. */
  request(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<Response>
  close(): Promise<void>
}

/**
 * The real app over a real test database, guarded by real JWTs checked against a JWKS served over
 * HTTP by a local HMPPS Auth.
 */
export async function createTestApp(
  db: TestDb,
  options: {
    clock?: Clock
    staffDirectory?: StaffDirectory
    bodyLimitBytes?: number
    auth?: LocalAuth
    /** JWKS cache settings (key-rotation tests shorten the refetch cooldown). */
    jwks?: Pick<JwtVerifierOptions, 'cooldownMs' | 'timeoutMs' | 'cacheMaxAgeMs'>
  } = {},
): Promise<TestApp> {
  const auth = options.auth ?? (await startLocalAuth())
  const clock = options.clock ?? fixedClock(TEST_NOW)
  const logger = memoryLogger()
  const services = createServices({
    db,
    clock,
    logger,
    auditUserId: SEED.users.auditUser,
    staffDirectory: options.staffDirectory,
  })
  const verifier = createJwtVerifier({ jwksUrl: new URL(auth.jwksUrl), issuer: auth.issuer, ...options.jwks })
  const app = createApp({
    db,
    clock,
    logger,
    verifier,
    services,
    config: {
      bodyLimitBytes: options.bodyLimitBytes ?? 5 * 1024 * 1024,
      info: { build: { name: 'accredited-programmes-and-delius', version: 'test' }, productId: 'HMPPS518' },
    },
  })
  const token = await auth.signToken()
  return {
    app,
    services,
    auth,
    logger,
    clock,
    token,
    request(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers }
      const bearer = init.token === undefined ? token : init.token
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`
      let body: string | undefined
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
        headers['content-type'] ??= 'application/json'
      }
      return Promise.resolve(app.request(path, { method: init.method ?? 'GET', headers, body }))
    },
    async close() {
      if (!options.auth) await auth.stop()
    },
  }
}
