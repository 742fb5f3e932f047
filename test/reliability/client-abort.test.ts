import net from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RunningServer, serve } from '../../src/server/serve.ts'
import { countRows, createItem } from '../appointments/helpers.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { eventually } from '../helpers/queue.ts'

/**
 * Issue 13 item 4: a client that gives up half-way through sending its body is the client's
 * business, not a database outage. It used to be logged as the warning "Database unavailable" and
 * answered 503 (the classification took the client socket's ECONNRESET for the database's).
 * A real client over TCP against the app served by the production server code.
 */
let db: TestDb
let t: TestApp
let server: RunningServer

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
  server = await serve(t.app.fetch, { port: 0, hostname: '127.0.0.1' })
})
beforeEach(() => {
  t.logger.lines.length = 0
})
afterAll(async () => {
  await server?.close()
  await t?.close()
  await db?.close()
})

/** Sends the head and part of a POST /appointments body, then resets the connection. */
async function abortMidBody(framing: 'content-length' | 'chunked') {
  const body = JSON.stringify({ appointments: Array.from({ length: 50 }, () => createItem()) })
  const part = body.slice(0, Math.floor(body.length / 2))
  const head = [
    'POST /appointments HTTP/1.1',
    `Host: 127.0.0.1:${server.port}`,
    `Authorization: Bearer ${t.token}`,
    'Content-Type: application/json',
    framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    '',
  ].join('\r\n')
  const payload = framing === 'chunked' ? `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n` : part
  const socket = net.connect(server.port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const received: Buffer[] = []
  socket.on('data', (chunk: Buffer) => received.push(chunk))
  socket.on('error', () => {})
  socket.write(head + payload)
  // Let the server start reading the body, then go away without sending the rest.
  await new Promise((resolve) => setTimeout(resolve, 200))
  socket.resetAndDestroy()
  return received
}

const requestLines = () => t.logger.lines.filter((line) => line.message === 'request')

describe('a client aborting its upload', () => {
  it.each(['content-length', 'chunked'] as const)(
    'with %s framing: no "Database unavailable", no 503, no error line, nothing written',
    async (framing) => {
      const before = await countRows(db, 'contact')
      const received = await abortMidBody(framing)
      await eventually(() => expect(requestLines()).toHaveLength(1), { timeoutMs: 5_000 })
      const [line] = requestLines()
      expect(line).toMatchObject({ method: 'POST', status: 400 })
      expect(t.logger.lines.filter((l) => l.message === 'Database unavailable')).toEqual([])
      expect(t.logger.lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([])
      expect(t.logger.lines).toContainEqual(
        expect.objectContaining({
          level: 'info',
          message: 'Request body not received: the client closed the connection',
        }),
      )
      // The answer (if the socket took it before the reset) is the 400, never a 503.
      const answer = Buffer.concat(received).toString('utf8')
      expect(answer).not.toMatch(/^HTTP\/1\.1 503/)
      expect(await countRows(db, 'contact')).toBe(before)

      // The service is unaffected: the same request sent whole is created.
      const response = await fetch(`http://127.0.0.1:${server.port}/appointments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ appointments: [createItem()] }),
      })
      expect(response.status).toBe(201)
      expect(await countRows(db, 'contact')).toBe(before + 1)
    },
  )
})
