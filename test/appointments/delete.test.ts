import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { fixedClock } from '../../src/time.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { auditRowsFor, contactByReference, createItem, newReference, telemetry, urn } from './helpers.ts'

/** DELETE /appointments: appointments.md §5 scenario 21, §1.4, §2.5 and the lib's delete checks. */
let db: TestDb
let t: TestApp
const NOW = '2026-05-01 12:00:00'

const create = async (...items: ReturnType<typeof createItem>[]) => {
  const response = await t.request('/appointments', { method: 'POST', body: { appointments: items } })
  expect(response.status).toBe(201)
  return items
}
const remove = (...references: string[]) =>
  t.request('/appointments', {
    method: 'DELETE',
    body: { appointments: references.map((reference) => ({ reference })) },
  })

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
})
beforeEach(() => {
  t.logger.lines.length = 0
})
afterAll(async () => {
  await t?.close()
  await db?.close()
})

describe('DELETE /appointments', () => {
  it('21. a future appointment is soft-deleted → 204, and no longer found by reference', async () => {
    const [item] = await create(createItem({ date: '2026-05-02' }))
    const before = await contactByReference(db, item!.reference)
    const response = await remove(item!.reference)
    expect(response.status).toBe(204)
    const row = await contactByReference(db, item!.reference)
    expect(row).toMatchObject({
      contactId: before!.contactId,
      softDeleted: 1,
      rowVersion: before!.rowVersion + 1,
      lastUpdatedDatetime: NOW,
      lastUpdatedUserId: SEED.users.auditUser,
    })
    // Gone for search, update and delete.
    const search = await t.request('/appointments/search', {
      method: 'POST',
      body: { requirementIds: [SEED.appointments.requirement], licenceConditionIds: [] },
    })
    const found = ((await search.json()).content.A000004 ?? []).map((a: { reference: string }) => a.reference)
    expect(found).not.toContain(item!.reference)
    const update = await t.request('/appointments', {
      method: 'PUT',
      body: { appointments: [{ ...item, outcome: null, notes: null }] },
    })
    expect(update.status).toBe(400)
    expect((await update.json()).message).toBe(
      `Could not find appointments with references: [${urn(item!.reference)}]`,
    )
    expect((await remove(item!.reference)).status).toBe(204)

    expect(await auditRowsFor(db, 'CLBI009', before!.contactId)).toStrictEqual([
      {
        interactionParameters: `offenderId='${SEED.offenders.A000004}',contactId='${before!.contactId}',externalReference='${urn(item!.reference)}'`,
        userId: SEED.users.auditUser,
        dateTime: NOW,
        outcome: 'P',
      },
    ])
    expect(telemetry(t.logger.lines, 'AppointmentDeleted')).toStrictEqual([
      { crn: 'A000004', contactId: before!.contactId, reference: item!.reference },
    ])
  })

  it('unknown references are ignored → 204', async () => {
    const [item] = await create(createItem({ date: '2026-05-03' }))
    const response = await remove(newReference(), item!.reference)
    expect(response.status).toBe(204)
    expect((await contactByReference(db, item!.reference))!.softDeleted).toBe(1)
    expect((await remove(newReference())).status).toBe(204)
  })

  it('repeated references are de-duplicated: one delete, one audit row', async () => {
    const [item] = await create(createItem({ date: '2026-05-04' }))
    const response = await remove(item!.reference, item!.reference, item!.reference.toUpperCase())
    expect(response.status).toBe(204)
    const row = await contactByReference(db, item!.reference)
    expect(row!.rowVersion).toBe(1)
    expect(await auditRowsFor(db, 'CLBI009', row!.contactId)).toHaveLength(1)
    expect(telemetry(t.logger.lines, 'AppointmentDeleted')).toHaveLength(1)
  })

  it.each([
    ['ended yesterday', { date: '2026-04-30' }],
    ['ended earlier today', { date: '2026-05-01', startTime: '10:00', endTime: '11:00' }],
    ['ending exactly now', { date: '2026-05-01', startTime: '11:00', endTime: '12:00' }],
    ['in the future with an outcome', { date: '2026-05-10', outcome: { code: 'AA' } }],
  ])('an appointment %s → 400, and nothing in the batch is deleted', async (_name, overrides) => {
    const [future, blocked] = await create(createItem({ date: '2026-05-05' }), createItem(overrides))
    const response = await remove(future!.reference, blocked!.reference)
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({
      status: 400,
      message: 'Cannot delete appointments that ended in the past or have an outcome',
    })
    for (const item of [future!, blocked!]) {
      const row = await contactByReference(db, item.reference)
      expect(row).toMatchObject({ softDeleted: 0, rowVersion: 0 })
      expect(await auditRowsFor(db, 'CLBI009', row!.contactId)).toEqual([])
    }
    expect(telemetry(t.logger.lines, 'AppointmentDeleted')).toEqual([])
  })

  it('an appointment in progress (started, not ended) can still be deleted', async () => {
    const [item] = await create(createItem({ date: '2026-05-01', startTime: '11:30', endTime: '12:30' }))
    expect((await remove(item!.reference)).status).toBe(204)
  })

  it('"ended" is judged on London wall-clock time (BST here)', async () => {
    // At 10:45Z = 11:45 BST an appointment ending 11:50 BST has not ended; at 10:55Z it has.
    const [item] = await create(createItem({ date: '2026-05-01', startTime: '11:00', endTime: '11:50' }))
    const late = await createTestApp(db, { clock: fixedClock('2026-05-01T10:55:00Z'), auth: t.auth })
    expect(
      (
        await late.request('/appointments', {
          method: 'DELETE',
          body: { appointments: [{ reference: item!.reference }] },
        })
      ).status,
    ).toBe(400)
    const early = await createTestApp(db, { clock: fixedClock('2026-05-01T10:45:00Z'), auth: t.auth })
    expect(
      (
        await early.request('/appointments', {
          method: 'DELETE',
          body: { appointments: [{ reference: item!.reference }] },
        })
      ).status,
    ).toBe(204)
  })

  it('request shape: empty list or a bad reference → 400 Validation failure', async () => {
    expect((await t.request('/appointments', { method: 'DELETE', body: { appointments: [] } })).status).toBe(
      400,
    )
    const response = await remove('nope')
    expect(response.status).toBe(400)
    expect((await response.json()).fields[0].field).toBe('appointments.0.reference')
  })
})
