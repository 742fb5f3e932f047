import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { createTokenProvider } from '../../src/auth/client-credentials.ts'
import { LOCAL_AUTH_CLIENTS, type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { createDetailClient, type DetailClient } from '../../src/listeners/detail-client.ts'
import { startTestUpstream, type TestUpstream } from '../helpers/upstream.ts'

/**
 * Detail fetch (events.md §A.4) against a real local HTTP server, with a client-credentials token
 * from a real local HMPPS Auth.
 */
let auth: LocalAuth
let upstream: TestUpstream
let client: DetailClient
const ownClient = LOCAL_AUTH_CLIENTS[0]!
const path = (id: number) => `/accredited-programmes-api/status-on-programme/${id}`
let id = 1000

beforeAll(async () => {
  auth = await startLocalAuth()
  upstream = await startTestUpstream()
  client = createDetailClient({
    allowedBases: [upstream.base],
    tokens: createTokenProvider({
      tokenUrl: auth.tokenUrl,
      clientId: ownClient.id,
      clientSecret: ownClient.secret,
    }),
    backoffMs: 10,
    connectTimeoutMs: 100,
    readTimeoutMs: 200,
  })
})
afterAll(async () => {
  await upstream.stop()
  await auth.stop()
})
beforeEach(() => {
  id++
})

const requestsFor = (p: string) => upstream.requests.filter((request) => request.path === p)

describe('detail fetch', () => {
  test('GETs the detail URL with a client-credentials bearer token from HMPPS Auth', async () => {
    const document = await client.fetch(upstream.url('status-on-programme', id))
    expect(document).toEqual({
      newStatus: 'ON_PROGRAMME',
      sourcedFromEntityType: 'REQUIREMENT',
      sourcedFromEntityId: id,
      notes: 'Some notes about the being on the programme',
      description: 'Some description',
    })
    const [request] = requestsFor(path(id))
    const token = /^Bearer (.+)$/.exec(request?.authorization ?? '')?.[1]
    expect(token).toBeDefined()
    const { payload } = await jwtVerify(token!, createRemoteJWKSet(new URL(auth.jwksUrl)), {
      issuer: auth.issuer,
    })
    expect(payload.client_id).toBe(ownClient.id)
  })

  test('a 500 then a 200 succeeds on the second attempt', async () => {
    upstream.script(path(id), { status: 500 })
    expect(await client.fetch(upstream.url('status-on-programme', id))).toMatchObject({
      sourcedFromEntityId: id,
    })
    expect(requestsFor(path(id))).toHaveLength(2)
  })

  test('429 and 503 are retried too, up to 3 attempts', async () => {
    upstream.script(path(id), { status: 429 }, { status: 503 })
    expect(await client.fetch(upstream.url('status-on-programme', id))).toMatchObject({
      sourcedFromEntityId: id,
    })
    expect(requestsFor(path(id))).toHaveLength(3)
  })

  test('a 5xx on every attempt fails after 3 attempts', async () => {
    upstream.script(path(id), { status: 500 }, { status: 502 }, { status: 500 }, { status: 500 })
    await expect(client.fetch(upstream.url('status-on-programme', id))).rejects.toThrow(
      `Detail request GET ${upstream.base}${path(id)} failed: HTTP 500`,
    )
    expect(requestsFor(path(id))).toHaveLength(3)
  })

  test('a 404 fails at once (it is not ignored)', async () => {
    upstream.script(path(id), { status: 404 })
    await expect(client.fetch(upstream.url('status-on-programme', id))).rejects.toMatchObject({
      name: 'DetailRequestError',
      status: 404,
    })
    expect(requestsFor(path(id))).toHaveLength(1)
  })

  test('a slow answer times out and is retried', async () => {
    upstream.script(path(id), { delayMs: 800 })
    const started = Date.now()
    expect(await client.fetch(upstream.url('status-on-programme', id))).toMatchObject({
      sourcedFromEntityId: id,
    })
    expect(requestsFor(path(id))).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(800)
  })

  test('a server that does not answer at all fails after the retries', async () => {
    const down = await startTestUpstream()
    await down.stop()
    const unreachable = createDetailClient({
      allowedBases: [down.base],
      tokens: { getToken: async () => 'token' },
      backoffMs: 1,
    })
    await expect(unreachable.fetch(down.url('status-on-programme', 1))).rejects.toThrow(/failed$/)
  })

  test('a detail URL outside the allowed bases is refused without a request', async () => {
    const before = upstream.requests.length
    const other = upstream.base.replace('127.0.0.1', 'localhost')
    await expect(client.fetch(`${other}${path(id)}`)).rejects.toThrow(`Unexpected detail URL: ${other}`)
    await expect(client.fetch(`https://example.com${path(id)}`)).rejects.toThrow(
      'Unexpected detail URL: https://example.com',
    )
    expect(upstream.requests.length).toBe(before)
  })

  test('a null detail URL is refused', async () => {
    await expect(client.fetch(null)).rejects.toThrow('Detail URL must not be null')
    await expect(client.fetch(undefined)).rejects.toThrow('Detail URL must not be null')
  })
})
