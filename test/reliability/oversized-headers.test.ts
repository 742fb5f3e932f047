import { rmSync } from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { isDeno } from '../../src/runtime.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { copyPgliteTemplate, ensurePgliteTemplate } from '../helpers/template.ts'
import { type ServiceProcess, startServiceProcess } from './support/service-process.ts'

/**
 * Issue 13 item 5: headers or a URL over Node's 16 KB limit got a bare `431` status line from the
 * HTTP server, without the error body or the security headers. Against the production entry
 * (src/main.ts as a child process), on the database of this run. Under Deno the service applies the
 * same 16 KB limit itself (src/server/serve.ts).
 */
let auth: LocalAuth
let service: ServiceProcess
let db: TestDb | undefined
let dir: string | undefined

beforeAll(async () => {
  auth = await startLocalAuth()
  let url: string
  // The production process speaks PostgreSQL or PGlite; in the Oracle mode (whose driver lives in the
  // tests) it runs on PGlite: header handling does not touch the database.
  if (inject('testDb') !== 'postgres') {
    dir = copyPgliteTemplate(await ensurePgliteTemplate())
    url = `pglite://${dir}`
  } else {
    db = await createTestDb()
    url = db.url!
  }
  service = await startServiceProcess({ DATABASE_URL: url, HMPPS_AUTH_URL: auth.url })
})
afterAll(async () => {
  await service?.stop()
  await auth?.stop()
  await db?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** One raw HTTP/1.1 request; the whole answer once the server closes or after `waitMs`. */
async function raw(request: string, waitMs = 3_000) {
  const socket = net.connect(service.port, '127.0.0.1')
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy()
      resolve()
    }, waitMs)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve()
    })
    socket.on('error', () => {})
    socket.write(request)
  })
  const text = Buffer.concat(chunks).toString('utf8')
  const [head = '', body = ''] = text.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const at = line.indexOf(':')
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()]
    }),
  )
  return { status: Number(statusLine.split(' ')[1]), statusLine, headers, body }
}

const get = (path: string, headers: Record<string, string> = {}) =>
  raw(
    [
      `GET ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n'),
  )

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'x-permitted-cross-domain-policies': 'none',
  'cross-origin-resource-policy': 'same-origin',
}

describe('requests over the 16 KB header limit', () => {
  it.each([
    ['a 20 KB header', () => get('/case/A000001/personal-details', { 'X-Padding': 'a'.repeat(20_000) })],
    ['a 20 KB URL', () => get(`/case/A000001/personal-details?padding=${'a'.repeat(20_000)}`)],
    [
      'a 17 KB bearer token',
      async () => get('/case/A000001/personal-details', { Authorization: `Bearer ${'a'.repeat(17_000)}` }),
    ],
    [
      '100 headers of 200 bytes',
      () =>
        get(
          '/health',
          Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`X-H${i}`, 'b'.repeat(200)])),
        ),
    ],
  ])('%s → 431 with the error body and the security headers', async (_, send) => {
    const answer = await send()
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large')
    expect(answer.headers['content-type']).toBe('application/json')
    expect(answer.headers.connection).toBe('close')
    expect(answer.headers).toMatchObject(SECURITY_HEADERS)
    expect(JSON.parse(answer.body)).toEqual({
      status: 431,
      message: 'Request header fields too large: the URL and headers together must be under 16 KB',
    })
  })

  // Deno.serve answers a request it cannot parse itself (a bare 400) before any code of ours runs.
  it.skipIf(isDeno)(
    'a malformed request line → 400 with the error body (Node; under Deno skipped: Deno.serve answers it bare)',
    async () => {
      const answer = await raw('NOT HTTP AT ALL\r\n\r\n')
      expect(answer.status).toBe(400)
      expect(answer.headers).toMatchObject(SECURITY_HEADERS)
      expect(JSON.parse(answer.body)).toEqual({ status: 400, message: 'Malformed HTTP request' })
    },
  )

  it('just under the limit is served as usual, and the service keeps serving', async () => {
    const token = await auth.signToken()
    const answer = await get('/case/A000001/personal-details', {
      Authorization: `Bearer ${token}`,
      'X-Padding': 'a'.repeat(14_000),
    })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ crn: 'A000001' })
    expect(answer.headers).toMatchObject(SECURITY_HEADERS)
    expect(service.lines.filter((line) => line.level === 'error')).toEqual([])
  })
})
