import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createRoute, z } from '@hono/zod-openapi'
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { ADMIN_ROLE, CASE_DETAIL_ROLE, CASE_DETAIL_ROLE_DOCUMENTED } from '../../src/auth/roles.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'

let db: TestDb
let t: TestApp

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db, { bodyLimitBytes: 64 * 1024 })
  // A JSON route for the body-handling checks, registered the same way as the real ones.
  t.app.openapi(
    createRoute({
      method: 'post',
      path: '/test/echo',
      request: {
        body: { content: { 'application/json': { schema: z.object({ name: z.string().min(1) }) } } },
      },
      responses: {
        200: {
          description: 'echo',
          content: { 'application/json': { schema: z.object({ name: z.string() }) } },
        },
      },
    }),
    (c) => c.json(c.req.valid('json'), 200),
  )
  t.app.get('/test/explode', () => {
    throw new Error('relation "secret_table" does not exist')
  })
})

afterAll(async () => {
  await t?.close()
  await db?.close()
})

describe('errors', () => {
  it('malformed JSON → 400 in the error shape', async () => {
    const response = await t.request('/test/echo', { method: 'POST', body: '{"name":' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ status: 400, message: expect.stringMatching(/JSON/i) })
  })

  it('a body that fails validation → 400 "Validation failure" with fields', async () => {
    const response = await t.request('/test/echo', { method: 'POST', body: { name: '' } })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      status: 400,
      message: 'Validation failure',
      fields: [{ type: 'Size', field: 'name', message: expect.any(String) }],
    })
  })

  it('an oversized body → 413 in the error shape', async () => {
    const response = await t.request('/test/echo', { method: 'POST', body: { name: 'x'.repeat(70 * 1024) } })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ status: 413, message: 'Request body exceeds 65536 bytes' })
  })

  it('an unknown route → 404 in the error shape', async () => {
    const response = await t.request('/no/such/route')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ status: 404, message: 'Not found' })
  })

  it('a known route with the wrong method → 405 with Allow', async () => {
    const response = await t.request('/case/A000001/personal-details', { method: 'DELETE' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
    expect(await response.json()).toEqual({ status: 405, message: 'Method DELETE is not supported' })
  })

  it('an unexpected error → 500 without internals, logged with the request id', async () => {
    const response = await t.request('/test/explode')
    expect(response.status).toBe(500)
    const body = await response.json()
    expect(body).toEqual({ status: 500, message: 'Internal Server Error' })
    const requestId = response.headers.get('x-request-id')
    expect(requestId).toBeTruthy()
    const logged = t.logger.lines.find((line) => line.message === 'Unhandled error')
    expect(logged).toMatchObject({
      level: 'error',
      requestId,
      error: { message: 'relation "secret_table" does not exist' },
    })
  })

  it('responses carry security headers', async () => {
    const response = await t.request('/health/liveness', { token: null })
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })
})

describe('health, info and docs are open', () => {
  it('/health aggregates the database, ping and the process state, as Spring Boot does', async () => {
    const response = await t.request('/health', { token: null })
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toEqual({
      status: 'UP',
      components: {
        db: {
          status: 'UP',
          details: {
            database: {
              pglite: 'PGlite',
              postgres: 'PostgreSQL',
              oracle: 'Oracle',
              'oracle-server': 'Oracle',
            }[db.kind],
            responseTimeMs: expect.any(Number),
          },
        },
        livenessState: { status: 'UP' },
        ping: { status: 'UP' },
        readinessState: { status: 'UP' },
      },
    })
  })

  it('/health/liveness and /health/readiness report the process only', async () => {
    const liveness = await t.request('/health/liveness', { token: null })
    expect(liveness.status).toBe(200)
    expect(await liveness.json()).toEqual({ status: 'UP', components: { livenessState: { status: 'UP' } } })
    const readiness = await t.request('/health/readiness', { token: null })
    expect(readiness.status).toBe(200)
    expect(await readiness.json()).toEqual({ status: 'UP', components: { readinessState: { status: 'UP' } } })
  })

  it('/health/{component} answers one component: ping, db, the states; 404 for anything else', async () => {
    const ping = await t.request('/health/ping', { token: null })
    expect(ping.status).toBe(200)
    expect(await ping.json()).toEqual({ status: 'UP' })
    expect(await (await t.request('/health/db', { token: null })).json()).toMatchObject({ status: 'UP' })
    expect(await (await t.request('/health/readinessState', { token: null })).json()).toEqual({
      status: 'UP',
    })
    for (const name of ['nothing', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const unknown = await t.request(`/health/${name}`, { token: null })
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toEqual({ status: 404, message: 'Not found' })
    }
  })

  it('probe and info requests are logged at debug, other requests at info', async () => {
    const from = t.logger.lines.length
    await t.request('/health/liveness', { token: null })
    await t.request('/health/readiness', { token: null })
    await t.request('/health', { token: null })
    await t.request('/info', { token: null })
    await t.request('/case/A000001/personal-details')
    const requests = t.logger.lines.slice(from).filter((line) => line.message === 'request')
    expect(requests.map((line) => `${line.level} ${line.route}`)).toEqual([
      'debug /health/liveness',
      'debug /health/readiness',
      'debug /health',
      'debug /info',
      'info /case/:crn/personal-details',
    ])
  })

  it('/info has the product id', async () => {
    const response = await t.request('/info', { token: null })
    expect(await response.json()).toEqual({
      build: { name: 'accredited-programmes-and-delius', version: 'test' },
      productId: 'HMPPS518',
    })
  })

  it('/swagger-ui serves the pinned swagger-ui-dist assets, no CDN, pointing at /v3/api-docs', async () => {
    for (const path of ['/swagger-ui', '/swagger-ui/index.html']) {
      const response = await t.request(path, { token: null })
      expect(response.status).toBe(200)
      const html = await response.text()
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
      expect(sources).toEqual([
        '/swagger-ui/swagger-ui.css',
        '/swagger-ui/favicon-32x32.png',
        '/swagger-ui/swagger-ui-bundle.js',
        '/swagger-ui/swagger-initializer.js',
      ])
    }
    const bundle = await t.request('/swagger-ui/swagger-ui-bundle.js', { token: null })
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/)
    const installed = readFileSync(
      join(
        dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')),
        'swagger-ui-bundle.js',
      ),
      'utf8',
    )
    expect(await bundle.text()).toBe(installed)
    expect(
      (await t.request('/swagger-ui/swagger-ui.css', { token: null })).headers.get('content-type'),
    ).toMatch(/^text\/css/)
    const init = await (await t.request('/swagger-ui/swagger-initializer.js', { token: null })).text()
    expect(init).toContain('url: "/v3/api-docs"')
    expect((await t.request('/swagger-ui/package.json', { token: null })).status).toBe(404)
  })

  it('/v3/api-docs.yaml is the same document as YAML', async () => {
    const json = await (await t.request('/v3/api-docs', { token: null })).json()
    const response = await t.request('/v3/api-docs.yaml', { token: null })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/yaml/)
    expect(parseYaml(await response.text())).toEqual(json)
  })

  it('the AsyncAPI document is also at /docs/asyncapi (the reference path)', async () => {
    const json = await (await t.request('/asyncapi.json', { token: null })).json()
    const response = await t.request('/docs/asyncapi', { token: null })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(json)
  })

  it('/v3/api-docs is a valid OpenAPI 3.1 document with the bearer scheme', async () => {
    const response = await t.request('/v3/api-docs', { token: null })
    expect(response.status).toBe(200)
    const document = await response.json()
    const result = await new Validator().validate(document)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(document.openapi).toBe('3.1.0')
    expect(document.components.securitySchemes['hmpps-auth-token']).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    )
    expect(document.security).toEqual([{ 'hmpps-auth-token': [] }])
    expect(document.paths['/case/{crn}/personal-details'].get.responses).toHaveProperty('200')
    expect(document.paths['/health'].get.security).toEqual([])
    // staff and team are required codes; only outcome and location may be null.
    expect(document.components.schemas.Code.type).toBe('object')
  })
})

describe('auth matrix on GET /case/{crn}/personal-details', () => {
  const path = '/case/A000001/personal-details'

  const rejected: [string, () => Promise<string | null>, number, string][] = [
    ['no token', async () => null, 401, 'Authentication required'],
    ['a malformed token', async () => 'not.a.jwt', 401, 'Invalid token'],
    ['a bad signature', async () => `${(await t.auth.signToken()).slice(0, -4)}AAAA`, 401, 'Invalid token'],
    ['an unknown kid', async () => t.auth.signToken({ kid: 'unknown-kid' }), 401, 'Invalid token'],
    ['alg none', async () => t.auth.signToken({ alg: 'none' }), 401, 'Invalid token'],
    ['an HS256 forgery', async () => t.auth.signToken({ alg: 'HS256' }), 401, 'Invalid token'],
    ['an expired token', async () => t.auth.signToken({ expiresIn: -3600 }), 401, 'Token expired'],
    [
      'a wrong issuer',
      async () => t.auth.signToken({ issuer: 'https://evil.example/issuer' }),
      401,
      'Invalid token',
    ],
    ['no authorities', async () => t.auth.signToken({ authorities: null }), 403, 'Access Denied'],
    ['a wrong role', async () => t.auth.signToken({ authorities: ['ROLE_OTHER'] }), 403, 'Access Denied'],
  ]

  it.each(rejected)('%s → %i', async (_name, token, status, message) => {
    const response = await t.request(path, { token: await token() })
    expect(response.status).toBe(status)
    expect(await response.json()).toEqual({ status, message })
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/)
  })

  it.each([
    ['the role', CASE_DETAIL_ROLE],
    ['the admin role', ADMIN_ROLE],
    ['the documentation spelling of the role', CASE_DETAIL_ROLE_DOCUMENTED],
  ])('%s → allowed', async (_name, role) => {
    const response = await t.request(path, { token: await t.auth.signToken({ authorities: [role] }) })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ crn: 'A000001' })
  })

  it('fetches the JWKS over HTTP once and caches it', async () => {
    const before = t.auth.jwksRequests
    for (let i = 0; i < 5; i++) await t.request(path)
    expect(t.auth.jwksRequests).toBe(before)
    expect(before).toBeGreaterThanOrEqual(1)
  })

  it('an unknown route with a valid token is 404, without one 401', async () => {
    expect((await t.request('/case/A000001/nothing')).status).toBe(404)
    expect((await t.request('/case/A000001/nothing', { token: null })).status).toBe(401)
  })
})

describe('health when the database is unreachable', () => {
  it('/health and /health/db answer 503 with db DOWN; the probes stay UP (the reference keeps its database out of them)', async () => {
    const broken = await createTestDb()
    const app = await createTestApp(broken, { auth: t.auth })
    await broken.close()
    const health = await app.request('/health', { token: null })
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({
      status: 'DOWN',
      components: { db: { status: 'DOWN' }, ping: { status: 'UP' }, readinessState: { status: 'UP' } },
    })
    expect((await app.request('/health/db', { token: null })).status).toBe(503)
    expect((await app.request('/health/readiness', { token: null })).status).toBe(200)
    expect((await app.request('/health/liveness', { token: null })).status).toBe(200)
  })
})
