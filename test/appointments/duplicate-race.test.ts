import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { auditRowsFor, createItem, newReference, urn } from './helpers.ts'

/**
 * Issue 13 item 1 (decision 6 under concurrency): creates racing on one reference write it once.
 * Delius has no unique constraint on EXTERNAL_REFERENCE; the guarantee is the component row locks
 * taken before the duplicate check (src/db/queries/appointments/components.ts). Runs on every
 * database with real connections (PostgreSQL, and the Oracle test mode where there is one); PGlite
 * has one connection, so transactions never overlap there and the test would prove nothing.
 *
 * Every round prints its figures (RELIABILITY.md "Concurrency").
 */
const racing = inject('testDb') !== 'pglite'
const SKIP_REASON = '(needs a database with several connections: PGlite runs one transaction at a time)'
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 5)
const PARALLEL = 20
const LC = SEED.licenceConditions

let db: TestDb
let t: TestApp

beforeAll(async () => {
  if (!racing) return
  db = await createTestDb()
  t = await createTestApp(db)
  // Warm up (JWKS fetch, first statements) so the rounds measure the race, not the cold start.
  expect((await post([createItem()])).status).toBe(201)
})
afterAll(async () => {
  await t?.close()
  await db?.close()
})

const post = (appointments: unknown[]) =>
  t.request('/appointments', { method: 'POST', body: { appointments } })

/** Live CONTACT rows with an appointment reference (any case of the UUID). */
async function liveRows(reference: string) {
  return db.kysely
    .selectFrom('contact')
    .select(['contactId', 'externalReference', 'rqmntId', 'licConditionId'])
    .where((eb) => eb(eb.fn('lower', ['externalReference']), '=', urn(reference).toLowerCase()))
    .where('softDeleted', '=', 0)
    .execute()
}

/** Sends all at once; statuses and bodies in request order, and how long the round took. */
async function race(requests: (() => Promise<Response>)[]) {
  const started = performance.now()
  const responses = await Promise.all(requests.map((send) => send()))
  const ms = Math.round(performance.now() - started)
  const answers = await Promise.all(
    responses.map(async (r) => ({ status: r.status, body: r.status === 201 ? null : await r.json() })),
  )
  return { answers, ms }
}

const tally = (statuses: number[]) =>
  Object.entries(
    statuses.reduce<Record<number, number>>((n, s) => {
      n[s] = (n[s] ?? 0) + 1
      return n
    }, {}),
  )
    .map(([status, count]) => `${status}×${count}`)
    .join(' ')

describe('racing creates of one reference', () => {
  it.skipIf(!racing)(
    `${PARALLEL} identical creates at once, ${ROUNDS} rounds: one 201, the rest 409, one row ${SKIP_REASON}`,
    async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        const reference = newReference()
        const item = createItem({ reference, notes: `race ${round}` })
        // Half of them send the reference in upper case: the same appointment.
        const { answers, ms } = await race(
          Array.from(
            { length: PARALLEL },
            (_, i) => () => post([{ ...item, reference: i % 2 ? reference.toUpperCase() : reference }]),
          ),
        )
        const statuses = answers.map((a) => a.status)
        console.log(`identical creates, round ${round}: ${tally(statuses)} in ${ms} ms`)
        expect(statuses.filter((s) => s === 201)).toHaveLength(1)
        expect(statuses.filter((s) => s === 409)).toHaveLength(PARALLEL - 1)
        for (const answer of answers.filter((a) => a.status === 409)) {
          expect(answer.body).toEqual({
            status: 409,
            message: `Appointments already exist with references: [${reference}]`,
          })
        }
        const rows = await liveRows(reference)
        expect(rows).toHaveLength(1)
        expect(rows[0]!.externalReference).toBe(urn(reference))
        expect(await auditRowsFor(db, 'CLBI003', rows[0]!.contactId)).toHaveLength(1)
      }
    },
    120_000,
  )

  it.skipIf(!racing)(
    `${PARALLEL} overlapping two-item batches sharing one reference, ${ROUNDS} rounds: one batch written whole, the rest 409 and nothing written ${SKIP_REASON}`,
    async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        const shared = newReference()
        const sharedItem = createItem({ reference: shared, requirementId: SEED.appointments.requirement })
        // Each batch: the shared item and one of its own on another component (a licence condition
        // or another requirement), in either order, so the batches lock overlapping sets of rows.
        const own = Array.from({ length: PARALLEL }, (_, i) =>
          createItem(
            i % 2
              ? { requirementId: null, licenceConditionId: LC[i % LC.length] }
              : { requirementId: SEED.appointments.rm38Requirement },
          ),
        )
        const { answers, ms } = await race(
          own.map((item, i) => () => post(i % 3 ? [sharedItem, item] : [item, sharedItem])),
        )
        const statuses = answers.map((a) => a.status)
        console.log(`overlapping batches, round ${round}: ${tally(statuses)} in ${ms} ms`)
        expect(statuses.filter((s) => s === 201)).toHaveLength(1)
        expect(statuses.filter((s) => s === 409)).toHaveLength(PARALLEL - 1)
        for (const answer of answers.filter((a) => a.status === 409)) {
          expect(answer.body).toEqual({
            status: 409,
            message: `Appointments already exist with references: [${shared}]`,
          })
        }
        expect(await liveRows(shared)).toHaveLength(1)
        // All or nothing: the winner's own item is written, no loser's is.
        const winner = statuses.indexOf(201)
        for (const [i, item] of own.entries()) {
          expect(await liveRows(item.reference)).toHaveLength(i === winner ? 1 : 0)
        }
      }
    },
    120_000,
  )
})
