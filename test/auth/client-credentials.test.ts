import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenProvider, TokenRequestError } from '../../src/auth/client-credentials.ts'
import { createJwtVerifier } from '../../src/auth/jwt.ts'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'

// Characters that must be form-encoded inside the Basic header.
const SECRET = 's3cr:et+&%/ü'

describe('client-credentials token provider', () => {
  let auth: LocalAuth
  beforeAll(async () => {
    auth = await startLocalAuth({
      clients: [{ id: 'accredited-programmes-and-delius', secret: SECRET, authorities: ['ROLE_AP_API'] }],
    })
  })
  afterAll(async () => {
    await auth?.stop()
  })

  const provider = (overrides: { clock?: () => Date; clientSecret?: string } = {}) =>
    createTokenProvider({
      tokenUrl: auth.tokenUrl,
      clientId: 'accredited-programmes-and-delius',
      clientSecret: SECRET,
      timeoutMs: 2000,
      ...overrides,
    })

  it('fetches a token with HTTP Basic client authentication', async () => {
    const before = auth.tokenRequests
    const token = await provider().getToken()
    expect(auth.tokenRequests).toBe(before + 1)
    const verifier = createJwtVerifier({ jwksUrl: new URL(auth.jwksUrl), issuer: auth.issuer })
    expect(await verifier.verify(token)).toMatchObject({
      clientId: 'accredited-programmes-and-delius',
      authorities: ['ROLE_AP_API'],
    })
  })

  it('the token endpoint refuses a request without Basic credentials', async () => {
    const response = await fetch(auth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=accredited-programmes-and-delius&client_secret=${encodeURIComponent(SECRET)}`,
    })
    expect(response.status).toBe(401)
  })

  it('caches the token until 60 s before expires_in (1200 s) runs out', async () => {
    const start = Date.parse('2026-01-01T10:00:00Z')
    let now = start
    const tokens = provider({ clock: () => new Date(now) })
    const before = auth.tokenRequests

    const first = await tokens.getToken()
    now = start + 1_000
    expect(await tokens.getToken()).toBe(first)
    now = start + 1_139_000
    expect(await tokens.getToken()).toBe(first)
    expect(auth.tokenRequests).toBe(before + 1)

    now = start + 1_140_000
    const second = await tokens.getToken()
    expect(second).not.toBe(first)
    expect(auth.tokenRequests).toBe(before + 2)
    expect(await tokens.getToken()).toBe(second)
    expect(auth.tokenRequests).toBe(before + 2)
  })

  it('shares one request between concurrent callers', async () => {
    const tokens = provider()
    const before = auth.tokenRequests
    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.getToken()))
    expect(new Set(results).size).toBe(1)
    expect(auth.tokenRequests).toBe(before + 1)
  })

  it('a 401 from the token endpoint is a clear error without the secret', async () => {
    const error = await provider({ clientSecret: 'wrong-secret' })
      .getToken()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TokenRequestError)
    const { message, status } = error as TokenRequestError
    expect(status).toBe(401)
    expect(message).toBe(
      `Token request to ${auth.tokenUrl} for client accredited-programmes-and-delius failed: HTTP 401 (invalid_client)`,
    )
    expect(message).not.toContain('wrong-secret')
  })

  it('does not cache a failure: the next call tries again', async () => {
    const tokens = provider({ clientSecret: 'wrong-secret' })
    const before = auth.tokenRequests
    await expect(tokens.getToken()).rejects.toBeInstanceOf(TokenRequestError)
    await expect(tokens.getToken()).rejects.toBeInstanceOf(TokenRequestError)
    expect(auth.tokenRequests).toBe(before + 2)
  })

  it('times out a token endpoint that never answers', async () => {
    const hanging = createServer(() => {})
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
    const { port } = hanging.address() as AddressInfo
    try {
      const tokens = createTokenProvider({
        tokenUrl: `http://127.0.0.1:${port}/auth/oauth/token`,
        clientId: 'accredited-programmes-and-delius',
        clientSecret: SECRET,
        timeoutMs: 200,
      })
      await expect(tokens.getToken()).rejects.toThrow(/timed out after 200 ms/)
    } finally {
      hanging.closeAllConnections()
      await new Promise((resolve) => hanging.close(resolve))
    }
  })
})
