import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJwtVerifier, type JwtVerifier, TokenVerificationError } from '../../src/auth/jwt.ts'
import { type AuthEnv, requireRole } from '../../src/auth/middleware.ts'
import { ADMIN_ROLE, CASE_DETAIL_ROLE, CASE_DETAIL_ROLE_DOCUMENTED } from '../../src/auth/roles.ts'
import { type LocalAuth, type SignTokenOptions, startLocalAuth } from '../../src/dev/local-auth.ts'
import { type LogFields, memoryLogger } from '../../src/logger.ts'

/** The tiny protected app, served over real HTTP like the service would be. */
async function serveProtected(verifier: JwtVerifier, logger = memoryLogger()) {
  const app = new Hono<AuthEnv>()
  app.get('/protected', requireRole(verifier, logger), (c) => c.json(c.get('auth')))
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, port: info.port }),
    )
  })
  return {
    logger,
    call: (authorization?: string) =>
      fetch(`http://127.0.0.1:${port}/protected`, {
        headers: authorization === undefined ? {} : { authorization },
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

type Protected = Awaited<ReturnType<typeof serveProtected>>

async function expectRefused(
  response: Response,
  status: 401 | 403,
  message: string,
  wwwAuthenticate: string,
): Promise<void> {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toContain('application/json')
  expect(response.headers.get('www-authenticate')).toBe(wwwAuthenticate)
  expect(await response.text()).toBe(JSON.stringify({ status, message }))
}

const INVALID = 'Bearer error="invalid_token"'
const UNAVAILABLE = 'Unable to verify token: signing keys unavailable'

describe('requireRole against a local HMPPS Auth', () => {
  let auth: LocalAuth
  let api: Protected

  beforeAll(async () => {
    auth = await startLocalAuth()
    api = await serveProtected(createJwtVerifier({ jwksUrl: new URL(auth.jwksUrl), issuer: auth.issuer }))
  })
  afterAll(async () => {
    await api?.stop()
    await auth?.stop()
  })

  const bearer = async (options: SignTokenOptions = {}) => `Bearer ${await auth.signToken(options)}`

  it('401 without a token', async () => {
    await expectRefused(await api.call(), 401, 'Authentication required', 'Bearer')
  })

  it('401 for another scheme (Basic)', async () => {
    await expectRefused(await api.call('Basic dXNlcjpwYXNz'), 401, 'Authentication required', 'Bearer')
  })

  it.each([
    ['an empty bearer token', 'Bearer '],
    ['a malformed token', 'Bearer not.a.jwt'],
    ['garbage', 'Bearer abc'],
  ])('401 for %s', async (_name, header) => {
    await expectRefused(await api.call(header), 401, 'Invalid token', INVALID)
  })

  it('401 for a bad signature (another key, same kid)', async () => {
    const { privateKey } = await generateKeyPair('RS256')
    await expectRefused(await api.call(await bearer({ privateKey })), 401, 'Invalid token', INVALID)
  })

  it('401 for a tampered payload', async () => {
    const [header, , signature] = (await auth.signToken({ authorities: [] })).split('.')
    const payload = Buffer.from(
      JSON.stringify({ sub: 'x', iss: auth.issuer, exp: 9999999999, authorities: [ADMIN_ROLE] }),
    ).toString('base64url')
    await expectRefused(
      await api.call(`Bearer ${header}.${payload}.${signature}`),
      401,
      'Invalid token',
      INVALID,
    )
  })

  it('401 for an unknown kid, without refetching the JWKS each time', async () => {
    await api.call(await bearer()) // make sure the keys are cached
    const before = auth.jwksRequests
    for (let i = 0; i < 5; i++) {
      await expectRefused(
        await api.call(await bearer({ kid: `unknown-${i}` })),
        401,
        'Invalid token',
        INVALID,
      )
    }
    expect(auth.jwksRequests).toBe(before)
  })

  it('401 for alg none', async () => {
    const token = await auth.signToken({ alg: 'none', authorities: [ADMIN_ROLE] })
    expect(token.endsWith('.')).toBe(true)
    await expectRefused(await api.call(`Bearer ${token}`), 401, 'Invalid token', INVALID)
  })

  it('401 for HS256 signed with the public key (algorithm confusion)', async () => {
    await expectRefused(await api.call(await bearer({ alg: 'HS256' })), 401, 'Invalid token', INVALID)
  })

  it('401 for an expired token', async () => {
    await expectRefused(await api.call(await bearer({ expiresIn: -3600 })), 401, 'Token expired', INVALID)
  })

  it('401 for a token without exp', async () => {
    const token = await auth.signToken({ claims: { exp: undefined } })
    await expectRefused(await api.call(`Bearer ${token}`), 401, 'Invalid token', INVALID)
  })

  it('allows 60 s of clock skew on exp, no more', async () => {
    expect((await api.call(await bearer({ expiresIn: -30 }))).status).toBe(200)
    expect((await api.call(await bearer({ expiresIn: -90 }))).status).toBe(401)
  })

  it('401 for the wrong issuer', async () => {
    const header = await bearer({ issuer: 'https://sign-in.example.test/auth/issuer' })
    await expectRefused(await api.call(header), 401, 'Invalid token', INVALID)
  })

  it('403 without an authorities claim', async () => {
    await expectRefused(
      await api.call(await bearer({ authorities: null })),
      403,
      'Access Denied',
      'Bearer error="insufficient_scope"',
    )
  })

  it('403 with the wrong role', async () => {
    await expectRefused(
      await api.call(await bearer({ authorities: ['ROLE_PROBATION_API__OTHER', 'ROLE_CASE_DETAIL'] })),
      403,
      'Access Denied',
      'Bearer error="insufficient_scope"',
    )
  })

  it.each([
    ['the case-detail role', CASE_DETAIL_ROLE],
    ['the admin role', ADMIN_ROLE],
    ['the documentation spelling', CASE_DETAIL_ROLE_DOCUMENTED],
  ])('200 with %s, and the principal is set', async (_name, role) => {
    const response = await api.call(await bearer({ authorities: ['ROLE_OTHER', role], clientId: 'caller' }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      subject: 'caller',
      clientId: 'caller',
      authorities: ['ROLE_OTHER', role],
    })
  })

  it('fetches the JWKS over HTTP once and caches it', async () => {
    for (let i = 0; i < 10; i++) expect((await api.call(await bearer())).status).toBe(200)
    expect(auth.jwksRequests).toBe(1)
  })

  it('never logs the token', async () => {
    const tokens = [await auth.signToken({ expiresIn: -3600 }), await auth.signToken({ authorities: [] })]
    for (const token of tokens) await api.call(`Bearer ${token}`)
    const logged = JSON.stringify(api.logger.lines)
    expect(api.logger.lines.length).toBeGreaterThan(0)
    for (const token of tokens) {
      for (const part of token.split('.')) expect(logged).not.toContain(part)
    }
  })
})

describe('createJwtVerifier', () => {
  let auth: LocalAuth
  beforeAll(async () => {
    auth = await startLocalAuth()
  })
  afterAll(async () => {
    await auth?.stop()
  })

  it('returns subject, client id, username and authorities', async () => {
    const verifier = createJwtVerifier({ jwksUrl: new URL(auth.jwksUrl), issuer: auth.issuer })
    const token = await auth.signToken({ clientId: 'ui', username: 'JSMITH', authorities: ['ROLE_A'] })
    expect(await verifier.verify(token)).toEqual({
      subject: 'JSMITH',
      clientId: 'ui',
      username: 'JSMITH',
      authorities: ['ROLE_A'],
    })
  })

  it('treats a missing or non-array authorities claim as no roles', async () => {
    const verifier = createJwtVerifier({ jwksUrl: new URL(auth.jwksUrl), issuer: auth.issuer })
    expect((await verifier.verify(await auth.signToken({ authorities: null }))).authorities).toEqual([])
    const stringClaim = await auth.signToken({ claims: { authorities: CASE_DETAIL_ROLE } })
    expect((await verifier.verify(stringClaim)).authorities).toEqual([])
  })

  it('checks a remembered token against a fresh key set once the cached one is stale', async () => {
    const verifier = createJwtVerifier({
      jwksUrl: new URL(auth.jwksUrl),
      issuer: auth.issuer,
      cacheMaxAgeMs: 300,
    })
    const before = auth.jwksRequests
    const token = await auth.signToken()
    await verifier.verify(token)
    await verifier.verify(token)
    expect(auth.jwksRequests).toBe(before + 1)
    await new Promise((resolve) => setTimeout(resolve, 350))
    await verifier.verify(token)
    expect(auth.jwksRequests).toBe(before + 2)
  })

  it('never remembers a refused token, and remembers nothing with maxRememberedTokens 0', async () => {
    const verifier = createJwtVerifier({ jwksUrl: new URL(auth.jwksUrl), issuer: auth.issuer })
    const wrongIssuer = await auth.signToken({ issuer: 'https://elsewhere/issuer' })
    for (let i = 0; i < 2; i++) {
      await expect(verifier.verify(wrongIssuer)).rejects.toMatchObject({ reason: 'invalid' })
    }
    const forgetful = createJwtVerifier({
      jwksUrl: new URL(auth.jwksUrl),
      issuer: auth.issuer,
      maxRememberedTokens: 0,
    })
    const token = await auth.signToken()
    expect((await forgetful.verify(token)).authorities).toEqual([CASE_DETAIL_ROLE])
    expect((await forgetful.verify(token)).authorities).toEqual([CASE_DETAIL_ROLE])
  })

  it('checks expiry against the injected clock', async () => {
    const now = new Date()
    let clock = now
    const verifier = createJwtVerifier({
      jwksUrl: new URL(auth.jwksUrl),
      issuer: auth.issuer,
      clock: () => clock,
    })
    const token = await auth.signToken({ expiresIn: 600 })
    // Twice: the second use answers from the remembered verification, which must not outlive `exp`.
    await expect(verifier.verify(token)).resolves.toBeDefined()
    await expect(verifier.verify(token)).resolves.toBeDefined()
    clock = new Date(now.getTime() + 599_000 + 60_000)
    await expect(verifier.verify(token)).resolves.toBeDefined()
    clock = new Date(now.getTime() + 601_000 + 60_000)
    const error = await verifier.verify(token).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TokenVerificationError)
    expect((error as TokenVerificationError).reason).toBe('expired')
  })

  it('accepts a rotated key after one refetch, once the cooldown has passed', async () => {
    // Long enough that key generation and signing on a busy machine stay inside it.
    const cooldownMs = 2_000
    const verifier = createJwtVerifier({ jwksUrl: new URL(auth.jwksUrl), issuer: auth.issuer, cooldownMs })
    const before = auth.jwksRequests
    const oldToken = await auth.signToken()
    await verifier.verify(oldToken)
    // Verified again from memory: no fetch, and remembered under the key set it was checked against.
    await verifier.verify(oldToken)
    expect(auth.jwksRequests).toBe(before + 1)

    await auth.rotateKey()
    const newToken = await auth.signToken()
    // Within the cooldown an unknown kid is refused without asking the auth server again.
    await expect(verifier.verify(newToken)).rejects.toMatchObject({ reason: 'invalid' })
    expect(auth.jwksRequests).toBe(before + 1)

    await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50))
    expect(await verifier.verify(newToken)).toMatchObject({ authorities: [CASE_DETAIL_ROLE] })
    expect(auth.jwksRequests).toBe(before + 2)
    // The old key left the JWKS.
    await expect(verifier.verify(oldToken)).rejects.toMatchObject({ reason: 'invalid' })
  })
})

describe('JWKS endpoint trouble', () => {
  let auth: LocalAuth
  beforeAll(async () => {
    auth = await startLocalAuth()
  })
  afterAll(async () => {
    auth?.setJwksDown(false)
    await auth?.stop()
  })

  it('401 (not 500) while the JWKS is down, and recovers once it is back', async () => {
    const api = await serveProtected(
      createJwtVerifier({ jwksUrl: new URL(auth.jwksUrl), issuer: auth.issuer }),
    )
    try {
      const header = `Bearer ${await auth.signToken()}`
      auth.setJwksDown(true)
      await expectRefused(await api.call(header), 401, UNAVAILABLE, INVALID)
      await expectRefused(await api.call(header), 401, UNAVAILABLE, INVALID)
      expect(api.logger.lines.some((line: LogFields) => line.level === 'warn')).toBe(true)

      auth.setJwksDown(false)
      expect((await api.call(header)).status).toBe(200)

      // Once cached, a JWKS outage does not affect known keys.
      auth.setJwksDown(true)
      expect((await api.call(header)).status).toBe(200)
    } finally {
      auth.setJwksDown(false)
      await api.stop()
    }
  })

  it('401 when nothing listens on the JWKS port', async () => {
    const closed = await startLocalAuth()
    const jwksUrl = new URL(closed.jwksUrl)
    const token = await closed.signToken()
    await closed.stop()
    const api = await serveProtected(createJwtVerifier({ jwksUrl, issuer: closed.issuer }))
    try {
      await expectRefused(await api.call(`Bearer ${token}`), 401, UNAVAILABLE, INVALID)
    } finally {
      await api.stop()
    }
  })

  it('401 when the JWKS endpoint hangs, after the timeout', async () => {
    // Accepts the connection and never answers.
    const hanging: Server = createServer(() => {})
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
    const { port } = hanging.address() as AddressInfo
    const verifier = createJwtVerifier({
      jwksUrl: new URL(`http://127.0.0.1:${port}/auth/.well-known/jwks.json`),
      issuer: auth.issuer,
      timeoutMs: 200,
    })
    const api = await serveProtected(verifier)
    try {
      const started = Date.now()
      await expectRefused(await api.call(`Bearer ${await auth.signToken()}`), 401, UNAVAILABLE, INVALID)
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      await api.stop()
      hanging.closeAllConnections()
      await new Promise((resolve) => hanging.close(resolve))
    }
  })
})
