import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '../../src/db/database.ts'
import { isDeadlock, retryingDeadlocks } from '../../src/db/deadlock.ts'
import { markDatabaseError } from '../../src/db/driver-errors.ts'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { eventually } from '../helpers/queue.ts'
import { auditRowsFor, contactByReference, countRows, createItem } from './helpers.ts'

/**
 * A batch chosen as a deadlock victim is run again, not answered 500 (src/db/deadlock.ts). Our own
 * batches lock components in id order, but Oracle locks `for update` rows in its access path's
 * order and Delius's other users lock them in theirs; so the test plays such another user on a
 * second connection: it holds the batch's second component, waits until the batch holds the first
 * and waits for the second, then asks for the first. The database fails one of the two (the batch:
 * it has waited longest, so its deadlock check runs first); the batch runs again once the other
 * user commits. On the PostgreSQL server (and in the Oracle mode): PGlite has one connection.
 */
const concurrent = inject('testDb') !== 'pglite'
const SKIP_REASON = '(needs several connections: PGlite runs one transaction at a time)'
// The batch locks its requirements in id order: FIRST, then SECOND.
const FIRST = Math.min(SEED.appointments.rm38Requirement, SEED.appointments.requirement)
const SECOND = Math.max(SEED.appointments.rm38Requirement, SEED.appointments.requirement)

let db: TestDb
let t: TestApp
let other: Db | undefined

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
  if (concurrent) other = await db.openAnother({ poolSize: 1 })
})
afterAll(async () => {
  await other?.kysely.destroy()
  await t?.close()
  await db?.close()
})

const lockRequirement = (trx: Db['kysely'], id: number) =>
  trx.selectFrom('rqmnt').select('rqmntId').where('rqmntId', '=', id).forUpdate().execute()

/** Whether a session of the database waits for a row lock now (pg_stat_activity). */
async function someoneWaitsForALock(): Promise<boolean> {
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    )
    return Number(rows[0]?.n) > 0
  } finally {
    await client.end()
  }
}

describe('a batch chosen as a deadlock victim', () => {
  it.skipIf(!concurrent)(
    `runs again and is created whole: 201, each appointment once, a warning ${SKIP_REASON}`,
    async () => {
      const items = [createItem({ requirementId: SECOND }), createItem({ requirementId: FIRST })]
      const before = await countRows(db, 'contact')
      const holder = await other!.kysely.startTransaction().execute()
      await lockRequirement(holder, SECOND)

      const answer = t.request('/appointments', { method: 'POST', body: { appointments: items } })
      // The batch now holds FIRST and waits for SECOND.
      await eventually(someoneWaitsForALock, { timeoutMs: 10_000, what: 'the batch to wait for a lock' })
      // The other user asks for FIRST: a circle, which the database breaks by failing the batch.
      const otherLock = lockRequirement(holder, FIRST)
      await eventually(
        () =>
          t.logger.lines.some(
            (l) => l.level === 'warn' && l.message === 'Deadlock: the batch runs again' && l.attempt === 2,
          ),
        { timeoutMs: 10_000, what: 'the deadlock warning' },
      )
      await otherLock
      await holder.commit().execute()

      const response = await answer
      expect(response.status).toBe(201)
      expect(await countRows(db, 'contact')).toBe(before + 2)
      for (const item of items) {
        const contact = await contactByReference(db, item.reference)
        expect(contact).toMatchObject({ rqmntId: item.requirementId, softDeleted: 0 })
        expect(await auditRowsFor(db, 'CLBI003', contact!.contactId)).toHaveLength(1)
      }
      expect(t.logger.lines.filter((l) => l.level === 'error')).toEqual([])
    },
    60_000,
  )
})

describe('retryingDeadlocks', () => {
  const deadlock = (fields: Record<string, unknown>) =>
    markDatabaseError(Object.assign(new Error('x'), fields))

  it('knows the deadlock of each database, and only a driver error', () => {
    expect(isDeadlock(deadlock({ code: '40P01' }))).toBe(true)
    expect(isDeadlock(deadlock({ errorNum: 60 }))).toBe(true)
    expect(
      isDeadlock(markDatabaseError(new Error('ORA-00060: deadlock detected while waiting for resource'))),
    ).toBe(true)
    expect(isDeadlock(deadlock({ code: '23505' }))).toBe(false)
    // The same fields on an error that did not come from the driver.
    expect(isDeadlock(Object.assign(new Error('x'), { code: '40P01' }))).toBe(false)
  })

  it('reruns a victim up to its attempts, and never anything else', async () => {
    let runs = 0
    const retries: number[] = []
    await expect(
      retryingDeadlocks(
        async () => {
          runs++
          if (runs < 3) throw deadlock({ code: '40P01' })
          return 'done'
        },
        { onRetry: (attempt) => retries.push(attempt) },
      ),
    ).resolves.toBe('done')
    expect({ runs, retries }).toEqual({ runs: 3, retries: [2, 3] })

    runs = 0
    const always = deadlock({ errorNum: 60 })
    await expect(
      retryingDeadlocks(async () => {
        runs++
        throw always
      }),
    ).rejects.toBe(always)
    expect(runs).toBe(3)

    runs = 0
    const other = deadlock({ code: '23505' })
    await expect(
      retryingDeadlocks(async () => {
        runs++
        throw other
      }),
    ).rejects.toBe(other)
    expect(runs).toBe(1)
  })
})
