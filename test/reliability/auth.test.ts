import { afterAll, describe, expect, it } from 'vitest'
import { CASE_DETAIL_ROLE } from '../../src/auth/roles.ts'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb } from '../helpers/db.ts'
import { checksum } from './support/checksum.ts'
import {
  concretePath,
  loadApiDocument,
  type Operation,
  operationsOf,
  undocumentedRoutes,
} from './support/openapi.ts'
import { responseProblems } from './support/responses.ts'

/**
 * Issue 7 item 2: the token matrix over every route of the OpenAPI document, so a new route cannot
 * forget its guard; open routes need no token; JWKS key rotation and outages on the real app.
 */
const db = await createTestDb()
const auth = await startLocalAuth()
const t = await createTestApp(db, { auth })
const document = await loadApiDocument(t)
const operations = operationsOf(document)
const guarded = operations.filter((op) => op.protected)
const open = operations.filter((op) => !op.protected)

/** The only routes that may be served without being in the document: the documents themselves. */
const DOCUMENTATION_ROUTES = [
  'GET /v3/api-docs',
  'GET /v3/api-docs.yaml',
  'GET /swagger-ui',
  'GET /swagger-ui/index.html',
  'GET /swagger-ui/:file',
  'GET /asyncapi.json',
  'GET /docs/asyncapi',
]
/** Paths anyone may call (events.md §B.2, README decision 1). */
const OPEN_PATH = /^\/(health(\/.*)?|info(\/.*)?)$/

const apps: TestApp[] = []
afterAll(async () => {
  for (const app of apps) await app.close()
  await t?.close()
  await auth?.stop()
  await db?.close()
})

/** A request to the route with its example values and an empty JSON body when it takes one. */
function call(app: TestApp, op: Operation, token: string | null): Promise<Response> {
  return app.request(concretePath(op), {
    method: op.method,
    token,
    body: op.method === 'GET' ? undefined : op.body ? {} : undefined,
  })
}

/** Got past the guard (the example values may still be a 404 or 400). */
const passed = (response: Response) => ![401, 403].includes(response.status) && response.status < 500

async function expectRefused(response: Response, status: 401 | 403, message: string | RegExp) {
  expect(await responseProblems(response.clone())).toEqual([])
  expect(response.status).toBe(status)
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/)
  const body = await response.json()
  expect(body).toEqual({ status, message: expect.stringMatching(message) })
}

describe('the route list', () => {
  it('has protected routes to check', () => {
    expect(guarded.map((op) => op.name)).toContain('GET /case/{crn}/personal-details')
  })

  it('every served route is in the OpenAPI document, apart from the documentation itself', () => {
    expect(undocumentedRoutes(t.app, document, DOCUMENTATION_ROUTES)).toEqual([])
  })

  it('only health and info are documented as open', () => {
    expect(open.map((op) => op.path).filter((path) => !OPEN_PATH.test(path))).toEqual([])
  })
})

describe.each(guarded.map((op) => [op.name, op] as const))('%s', (_name, op) => {
  it('401 without a token, nothing read or written', async () => {
    const before = await checksum(db)
    const statements = db.statements.length
    await expectRefused(await call(t, op, null), 401, 'Authentication required')
    expect(db.statements.length).toBe(statements)
    expect(await checksum(db)).toEqual(before)
  })

  it('401 with a malformed, expired, forged or wrong-issuer token', async () => {
    const tokens = [
      'not.a.jwt',
      await auth.signToken({ expiresIn: -3600 }),
      await auth.signToken({ alg: 'none' }),
      await auth.signToken({ alg: 'HS256' }),
      await auth.signToken({ issuer: 'https://evil.example/issuer' }),
    ]
    for (const token of tokens)
      await expectRefused(await call(t, op, token), 401, /^(Invalid token|Token expired)$/)
  })

  it('403 with a token that lacks the role', async () => {
    for (const authorities of [['ROLE_OTHER'], null, []]) {
      await expectRefused(await call(t, op, await auth.signToken({ authorities })), 403, 'Access Denied')
    }
  })

  it('passes the guard with the role', async () => {
    expect(passed(await call(t, op, await auth.signToken({ authorities: [CASE_DETAIL_ROLE] })))).toBe(true)
  })
})

describe('open routes need no token', () => {
  it.each(open.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const response = await call(t, op, null)
    expect(response.status).toBe(200)
    expect(await responseProblems(response)).toEqual([])
  })

  it.each(
    DOCUMENTATION_ROUTES.filter((route) => t.app.routes.some((r) => `${r.method} ${r.path}` === route)),
  )('%s', async (route) => {
    const path = route.replace(/^GET /, '').replace(':file', 'swagger-ui-bundle.js')
    const response = await t.request(path, { token: null })
    expect(response.status).toBe(200)
    expect(await responseProblems(response)).toEqual([])
  })

  it('an invalid token on an open route is ignored, not refused', async () => {
    for (const op of open) expect((await call(t, op, 'not.a.jwt')).status).toBe(200)
  })
})

describe('JWKS on the real app', () => {
  it('a rotated key: the new kid is fetched once, unknown kids are refused without refetching', async () => {
    const rotating = await startLocalAuth()
    const app = await createTestApp(db, { auth: rotating, jwks: { cooldownMs: 500 } })
    apps.push(app)
    try {
      const first = guarded[0] as Operation
      expect((await call(app, first, await rotating.signToken())).status).toBe(200)
      expect(rotating.jwksRequests).toBe(1)

      await rotating.rotateKey()
      await new Promise((resolve) => setTimeout(resolve, 600))
      const rotated = await rotating.signToken()
      for (const op of guarded) expect(passed(await call(app, op, rotated))).toBe(true)
      expect(rotating.jwksRequests).toBe(2)

      // A stream of tokens with unknown kids, across every route: at most one refetch per cooldown.
      const before = rotating.jwksRequests
      const forgedFrom = Date.now()
      let forged = 0
      for (let i = 0; i < 5; i++) {
        for (const op of guarded) {
          forged++
          await expectRefused(
            await call(app, op, await rotating.signToken({ kid: `forged-${i}` })),
            401,
            'Invalid token',
          )
        }
      }
      // At most one refetch per cooldown (500 ms here; 30 s in production), however many tokens.
      const cooldowns = Math.floor((Date.now() - forgedFrom) / 500)
      expect(rotating.jwksRequests - before).toBeLessThanOrEqual(1 + cooldowns)
      expect(rotating.jwksRequests - before).toBeLessThan(forged / 4)
      // The rotated key still works after the forged ones.
      expect((await call(app, first, rotated)).status).toBe(200)
    } finally {
      await rotating.stop()
    }
  })

  it('JWKS down before any key was fetched → 401 on every route, never 500; recovers when back', async () => {
    const flaky = await startLocalAuth()
    const app = await createTestApp(db, { auth: flaky })
    apps.push(app)
    try {
      const token = await flaky.signToken()
      flaky.setJwksDown(true)
      for (const op of guarded) {
        await expectRefused(
          await call(app, op, token),
          401,
          'Unable to verify token: signing keys unavailable',
        )
      }
      // Concurrent requests while it is down share one fetch each round.
      const before = flaky.jwksRequests
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => call(app, guarded[0] as Operation, token)),
      )
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(401))
      expect(flaky.jwksRequests - before).toBeLessThanOrEqual(2)
      expect(app.logger.lines.some((line) => line.level === 'warn')).toBe(true)

      flaky.setJwksDown(false)
      for (const op of guarded) expect(passed(await call(app, op, token))).toBe(true)

      // Once the keys are cached, an outage does not touch known keys.
      flaky.setJwksDown(true)
      for (const op of guarded) expect(passed(await call(app, op, token))).toBe(true)
    } finally {
      flaky.setJwksDown(false)
      await flaky.stop()
    }
  })

  it('nothing listening on the JWKS port → 401 on every route', async () => {
    const gone: LocalAuth = await startLocalAuth()
    const token = await gone.signToken()
    await gone.stop()
    // Passing `auth` means close() leaves it alone (it is already stopped).
    const app = await createTestApp(db, { auth: gone })
    apps.push(app)
    for (const op of guarded) {
      await expectRefused(await call(app, op, token), 401, 'Unable to verify token: signing keys unavailable')
    }
  })
})
