import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clob } from '../../src/db/dialect.ts'
import { SEED } from '../../src/db/seed.ts'
import { ReferralCompletionSchema, StatusInfoSchema } from '../../src/services/events/types.ts'
import { parseToLondon } from '../../src/time.ts'
import { contactByReference, createItem, updateItem } from '../appointments/helpers.ts'
import { insertTerminationFixtures } from '../events/fixtures.ts'
import { contactById, eventServices } from '../events/support.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'

/**
 * Delius notes are CLOBs that grow by appending, so notes far past VARCHAR2's 4,000 bytes are real.
 * Every write path carries 40,000-character notes; in the Oracle mode (TEST_DB=oracle) their binds
 * must be CLOBs (a VARCHAR2 bind over 4,000 bytes, or one written to a CLOB column, fails there).
 */
const LONG = 'Session notes. '.repeat(2_700).slice(0, 40_000)

let db: TestDb
let t: TestApp
let services: ReturnType<typeof eventServices>

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
  services = eventServices(db)
  await insertTerminationFixtures(db)
})
afterAll(async () => {
  await t?.close()
  await db?.close()
})

describe('40,000-character notes (CLOB) on every write path', () => {
  it('create writes them, and update appends more to them', async () => {
    const item = createItem({ date: '2026-05-20', notes: LONG })
    const created = await t.request('/appointments', { method: 'POST', body: { appointments: [item] } })
    expect(created.status).toBe(201)
    expect((await contactByReference(db, item.reference))!.notes).toBe(LONG)

    const other = createItem({ date: '2026-05-21', notes: 'Short' })
    expect(
      (await t.request('/appointments', { method: 'POST', body: { appointments: [other] } })).status,
    ).toBe(201)
    // Two items with different notes: the bulk update's per-id CASE over the CLOB column.
    const updated = await t.request('/appointments', {
      method: 'PUT',
      body: { appointments: [updateItem(item, { notes: LONG }), updateItem(other, { notes: LONG })] },
    })
    expect(updated.status).toBe(204)
    // LONG already ends the first one's notes (decision 16): unchanged; the other gets it appended.
    expect((await contactByReference(db, item.reference))!.notes).toBe(LONG)
    expect((await contactByReference(db, other.reference))!.notes).toBe(`Short\n\n${LONG}`)
  })

  it('a status change writes them to the contact', async () => {
    const result = await services.statusChange.record({
      crn: 'A000001',
      notificationId: '00000000-0000-4000-8000-00000000c10b',
      occurredAt: parseToLondon('2025-09-09T09:15:30.000+01:00'),
      detail: StatusInfoSchema.parse({
        newStatus: 'ON_PROGRAMME',
        sourcedFromEntityType: 'REQUIREMENT',
        sourcedFromEntityId: SEED.requirements[0],
        notes: LONG,
        description: 'Some description',
      }),
    })
    expect(result.created).toBe(true)
    expect((await contactById(db, result.contactId!))!.notes).toBe(LONG)
  })

  it('a termination appends its sentence to long transfer notes', async () => {
    const T = SEED.termination
    await db.kysely
      .updateTable('rqmntTransfer')
      .set({ notes: clob(LONG) })
      .where('rqmntTransferId', '=', T.requirementTransfer)
      .execute()
    const result = await services.componentTermination.terminate({
      crn: 'A000003',
      completion: ReferralCompletionSchema.parse({
        licReqId: String(T.transferRequirement),
        licReqCompletedAt: '2025-06-01T14:30:00.000Z',
        sourcedFromEntityType: 'REQUIREMENT',
      }),
    })
    expect(result.outcome).toBe('terminated')
    const transfer = await db.kysely
      .selectFrom('rqmntTransfer')
      .select('notes')
      .where('rqmntTransferId', '=', T.requirementTransfer)
      .executeTakeFirstOrThrow()
    expect(transfer.notes).toBe(`${LONG}\nTransfer automatically rejected due to termination of requirement.`)
  })
})
