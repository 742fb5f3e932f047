import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import type { AppointmentChange, NewAppointment } from '../../src/services/appointments/model.ts'
import { addDays } from '../../src/time.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { contactsOfType, countRows, createItem, eventRow, updateItem } from './helpers.ts'

/**
 * Decision 9: a batch of 500 costs the same round trips as a batch of 1 (every statement counted,
 * including begin/commit), and every statement passes the Oracle rules (the shadow plugin).
 */
let db: TestDb
let t: TestApp
const AP = SEED.appointments

const items = (count: number, overrides: (i: number) => Record<string, unknown>) =>
  Array.from({ length: count }, (_, i) => createItem(overrides(i)) as unknown as NewAppointment)

/** A statement's kind and table, e.g. `select "contact_type_id"` → its first words. */
const kind = (sql: string) => sql.split(' ').slice(0, 3).join(' ')
/** A CONTACT insert on either dialect (`insert into "contact"`, Oracle `insert all into "CONTACT"`). */
const isContactInsert = (sql: string) => /^insert (all )?into "contact"/i.test(sql)
const isContactUpdate = (sql: string) => /^update "contact"/i.test(sql)

/** Runs a service call and returns the number of statements it executed. */
async function statements<T>(fn: () => Promise<T>) {
  const { count, statements } = await db.countQueries(fn)
  return { count, statements }
}

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
})
afterAll(async () => {
  await t?.close()
  await db?.close()
})

describe('create', () => {
  it('500 appointments: the same statements as 1, one CONTACT insert', async () => {
    const future = (i: number) => ({
      date: addDays('2026-06-01', i % 200),
      startTime: '10:00',
      endTime: '11:00',
    })
    const one = await statements(() => t.services.appointments.create(items(1, future)))
    const before = await countRows(db, 'contact')
    const many = await statements(() => t.services.appointments.create(items(500, future)))
    expect(many.count).toBe(one.count)
    expect(many.statements.map(kind)).toEqual(one.statements.map(kind))
    expect(many.count).toBeLessThanOrEqual(12)
    expect(many.statements.filter((sql) => isContactInsert(sql))).toHaveLength(1)
    expect(await countRows(db, 'contact')).toBe(before + 500)
  })

  it('500 pre-group meetings with FTC outcomes (commencement, enforcement, review): the same statements as 1, plus one INSERT', async () => {
    const meeting = (requirementId: number, date: string) => ({
      type: 'PRE_GROUP_ONE_TO_ONE_MEETING',
      requirementId,
      date,
      outcome: { code: 'FTC' },
    })
    // One earlier failure on A000002 event 1, so that the single meeting below reaches the limit (2).
    await t.services.appointments.create(
      items(1, () => ({ requirementId: SEED.requirements[2], date: '2025-01-01', outcome: { code: 'FTC' } })),
    )
    const one = await statements(() =>
      t.services.appointments.create(items(1, () => meeting(AP.rm38Requirement, '2025-01-02'))),
    )
    const many = await statements(() =>
      t.services.appointments.create(
        items(500, (i) => meeting(SEED.requirements[0], addDays('2024-01-01', i))),
      ),
    )
    // 500 appointments plus 500 enforcement-action contacts are 1,000 CONTACT rows: more than one
    // INSERT may carry under the bind cap of src/db/dialect.ts (30,000 binds), so one more INSERT.
    const inserts = (list: string[]) => list.filter((sql) => isContactInsert(sql)).length
    expect(inserts(one.statements)).toBe(2) // appointment + ECOM + action contact; then the review
    expect(inserts(many.statements)).toBe(3)
    expect(many.count).toBe(one.count + 1)
    expect((await eventRow(db, SEED.events.A000002[1])).ftcCount).toBe(2)
    expect((await eventRow(db, SEED.events.A000001[3])).ftcCount).toBe(500)
    expect(await contactsOfType(db, 'ARWS', { offenderId: SEED.offenders.A000001 })).toHaveLength(1)
    expect(await contactsOfType(db, 'ECOM', { rqmntId: SEED.requirements[0] })).toHaveLength(1)
  })
})

describe('update and delete', () => {
  it('500 reschedules with notes: the same statements as 1; 500 FTC outcomes: the same as 1', async () => {
    const past = (offset: number) => (i: number) => ({
      requirementId: AP.ftcRequirement,
      date: addDays('2024-01-01', i + offset),
    })
    const oneItems = items(1, past(0))
    const manyItems = items(500, past(1))
    await t.services.appointments.create([...oneItems, ...manyItems])
    const change = (overrides: Record<string, unknown>) => (item: NewAppointment, i: number) =>
      updateItem(item as never, {
        startTime: `${String(8 + (i % 10)).padStart(2, '0')}:15`,
        endTime: '18:00',
        ...overrides,
      }) as unknown as AppointmentChange

    const one = await statements(() =>
      t.services.appointments.update(oneItems.map(change({ notes: 'more' }))),
    )
    const many = await statements(() =>
      t.services.appointments.update(manyItems.map(change({ notes: 'more' }))),
    )
    expect(many.count).toBe(one.count)
    expect(many.statements.filter((sql) => isContactUpdate(sql))).toHaveLength(1)
    expect(many.count).toBeLessThanOrEqual(9)

    const oneFtc = await statements(() =>
      t.services.appointments.update(oneItems.map(change({ outcome: { code: 'FTC' } }))),
    )
    const manyFtc = await statements(() =>
      t.services.appointments.update(manyItems.map(change({ outcome: { code: 'FTC' } }))),
    )
    expect(manyFtc.count).toBe(oneFtc.count)
    expect(manyFtc.count).toBeLessThanOrEqual(20)
    expect((await eventRow(db, SEED.events.A000005[1])).ftcCount).toBe(501)
    expect(await contactsOfType(db, 'ROM', { rqmntId: AP.ftcRequirement })).toHaveLength(501)
    expect(await contactsOfType(db, 'ARWS', { offenderId: SEED.offenders.A000005 })).toHaveLength(1)

    // And back: 500 removals.
    const oneBack = await statements(() =>
      t.services.appointments.update(oneItems.map(change({ outcome: { code: 'ATTC' } }))),
    )
    const manyBack = await statements(() =>
      t.services.appointments.update(manyItems.map(change({ outcome: { code: 'ATTC' } }))),
    )
    expect(manyBack.count).toBe(oneBack.count)
    expect((await eventRow(db, SEED.events.A000005[1])).ftcCount).toBe(0)
  })

  it('500 deletes: the same statements as 1', async () => {
    const future = (i: number) => ({ requirementId: AP.requirement, date: addDays('2026-07-01', i % 100) })
    const oneItems = items(1, future)
    const manyItems = items(500, future)
    await t.services.appointments.create([...oneItems, ...manyItems])
    const refs = (list: NewAppointment[]) => list.map((item) => ({ reference: item.reference }))
    const one = await statements(() => t.services.appointments.delete(refs(oneItems)))
    const many = await statements(() => t.services.appointments.delete(refs(manyItems)))
    expect(many.count).toBe(one.count)
    expect(many.count).toBeLessThanOrEqual(6)
  })
})
