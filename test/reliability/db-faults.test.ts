import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { StatusInfoSchema } from '../../src/services/events/types.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { type Checksum, checksum } from './support/checksum.ts'
import { databaseName, KillAfterWrite, type ProxiedDb, proxiedDb } from './support/faults.ts'
import { concretePath, loadApiDocument, type Operation, operationsOf } from './support/openapi.ts'
import { responseProblems } from './support/responses.ts'
import { appointmentBatch } from './support/valid-requests.ts'

/**
 * Issue 7 item 3: database faults. They need a server to cut (TEST_DB=postgres); PGlite runs in
 * this process, so there is no connection to lose and the suite is skipped there.
 */
const db: TestDb = await createTestDb()
const onPostgres = db.kind === 'postgres'

afterAll(async () => {
  await db.close()
})

describe.skipIf(!onPostgres)('database faults (PostgreSQL only: PGlite has no connection to cut)', () => {
  let proxied: ProxiedDb
  let killer: KillAfterWrite
  let t: TestApp
  let reads: Operation[]

  beforeAll(async () => {
    killer = new KillAfterWrite(databaseName(db), 'contact')
    proxied = await proxiedDb(db, killer)
    t = await createTestApp(proxied.db)
    const operations = operationsOf(await loadApiDocument(t))
    reads = operations.filter((op) => op.protected && op.method === 'GET')
  })
  afterAll(async () => {
    await t?.close()
    await proxied?.close()
  })

  const expectUnavailable = async (response: Response) => {
    expect(await responseProblems(response.clone())).toEqual([
      { problem: 'server error 503', status: 503, body: expect.any(String) },
    ])
    expect(await response.json()).toEqual({ status: 503, message: 'Service unavailable' })
  }

  it('database down → /health 503 (db DOWN) with the probes still UP, every read 503 quickly; all recover when it is back', async () => {
    const baseline = new Map<string, number>()
    const usesDatabase = new Set<string>()
    for (const op of reads) {
      const statements = db.statements.length
      baseline.set(op.name, (await t.request(concretePath(op))).status)
      if (db.statements.length > statements) usesDatabase.add(op.name)
    }
    expect([...baseline.values()].every((status) => status < 500)).toBe(true)

    await proxied.proxy.down()
    const started = Date.now()
    const health = await t.request('/health', { token: null })
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ status: 'DOWN', components: { db: { status: 'DOWN' } } })
    // The probes report the process, not Delius: an outage must not take every pod NotReady.
    expect((await t.request('/health/readiness', { token: null })).status).toBe(200)
    expect((await t.request('/health/liveness', { token: null })).status).toBe(200)
    // Reads whose example values reach the database (a 400, or a region with no mapping, does not).
    const reaching = reads.filter((op) => usesDatabase.has(op.name))
    expect(reaching.length).toBeGreaterThan(5)
    const answers: string[] = []
    for (const op of reaching) {
      const requestStarted = Date.now()
      const response = await t.request(concretePath(op))
      answers.push(
        `${op.name} ${response.status} ${Date.now() - requestStarted < 2_000 ? 'quickly' : 'slowly'}`,
      )
      if (response.status === 503) await expectUnavailable(response)
    }
    expect(answers).toEqual(reaching.map((op) => `${op.name} 503 quickly`))
    expect(Date.now() - started).toBeLessThan(5_000)
    const warnings = t.logger.lines.filter((line) => line.message === 'Database unavailable')
    expect(warnings.length).toBe(reaching.length)
    expect(t.logger.lines.filter((line) => line.message === 'Unhandled error')).toEqual([])

    await proxied.proxy.up()
    expect((await t.request('/health', { token: null })).status).toBe(200)
    for (const op of reads) expect((await t.request(concretePath(op))).status).toBe(baseline.get(op.name))
  })

  it('database hanging (connections accepted, never answered) → /health and reads 503 within the connect timeout', async () => {
    await proxied.proxy.stall()
    try {
      const started = Date.now()
      const health = await t.request('/health/db', { token: null })
      expect(health.status).toBe(503)
      expect(Date.now() - started).toBeLessThan(3_000)
      expect((await t.request('/health/readiness', { token: null })).status).toBe(200)
      const op = reads.find((o) => o.path === '/case/{crn}/personal-details') as Operation
      const requestStarted = Date.now()
      await expectUnavailable(await t.request(concretePath(op)))
      // The pool's connectionTimeoutMillis (5 s) bounds the wait: no hang.
      expect(Date.now() - requestStarted).toBeLessThan(7_000)
    } finally {
      await proxied.proxy.up()
    }
    expect((await t.request('/health/db', { token: null })).status).toBe(200)
  }, 30_000)

  it('connections killed in the middle of a status-change write → error, nothing written; the next succeeds', async () => {
    const input = () => ({
      crn: 'A000001',
      notificationId: randomUUID(),
      occurredAt: '2025-09-09 09:15:30',
      detail: StatusInfoSchema.parse({
        newStatus: 'ON_PROGRAMME',
        sourcedFromEntityType: 'REQUIREMENT',
        sourcedFromEntityId: SEED.requirements[0],
        notes: 'Killed mid-write',
        description: 'Killed mid-write',
      }),
    })
    const before: Checksum = await checksum(proxied.db)
    killer.arm()
    const failure = await t.services.statusChange.record(input()).catch((error: unknown) => error)
    expect(killer.kills).toBe(1)
    expect(failure).toBeInstanceOf(Error)
    expect(await checksum(proxied.db)).toEqual(before)

    const result = await t.services.statusChange.record(input())
    expect(result).toMatchObject({ created: true })
    expect(await checksum(proxied.db)).not.toEqual(before)
  })

  it('connections killed in the middle of a 500-item POST /appointments → 5xx, nothing written; the next succeeds', async (context) => {
    const create = operationsOf(await loadApiDocument(t)).find((op) => op.name === 'POST /appointments')
    if (!create) return context.skip('POST /appointments is not in the OpenAPI document yet (issue 4)')
    const before = await checksum(proxied.db)
    killer.arm()
    const response = await t.request('/appointments', { method: 'POST', body: appointmentBatch(500) })
    expect(killer.kills).toBe(1)
    expect(response.status).toBe(503)
    await expectUnavailable(response)
    expect(await checksum(proxied.db)).toEqual(before)

    const retry = await t.request('/appointments', { method: 'POST', body: appointmentBatch(500) })
    expect(retry.status).toBe(201)
    const after = await checksum(proxied.db)
    expect(
      JSON.parse(after.contact as string).rows - JSON.parse(before.contact as string).rows,
    ).toBeGreaterThanOrEqual(500)
  })
})
