import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { contactByReference, countRows, createItem, updateItem } from './helpers.ts'

/**
 * Issue 13 items 2 and 3 over HTTP: a value Delius cannot hold is a 400 naming the field, never a
 * 500 from the database nor a silently changed value; nothing is written.
 * - CONTACT.DESCRIPTION is VARCHAR2(4000), counted in bytes in Delius (PostgreSQL counts
 *   characters, so a 2,000-character description of 3-byte characters passed here and would fail
 *   on Oracle);
 * - a date that does not exist (year 0000; the calendar is checked already) is refused everywhere
 *   the API takes a date.
 */
let db: TestDb
let t: TestApp

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
})
afterAll(async () => {
  await t?.close()
  await db?.close()
})

const send = (method: string, path: string, body: unknown) => t.request(path, { method, body })
const create = (appointments: unknown[]) => send('POST', '/appointments', { appointments })
const update = (appointments: unknown[]) => send('PUT', '/appointments', { appointments })

async function expectRefused(response: Response, field: string, type?: string) {
  expect(response.status).toBe(400)
  const body = await response.json()
  expect(body).toMatchObject({ status: 400, message: 'Validation failure' })
  expect(body.fields).toEqual([expect.objectContaining({ field, ...(type ? { type } : {}) })])
}

/** A description of exactly `bytes` UTF-8 bytes, made of `unit` (1, 2, 3 or 4 bytes each). */
const text = (unit: string, bytes: number) => unit.repeat(bytes / Buffer.byteLength(unit))

describe('description: at most 4,000 UTF-8 bytes (CONTACT.DESCRIPTION VARCHAR2(4000))', () => {
  it.each([
    ['4,001 ASCII characters', text('a', 4001)],
    ['2,000 three-byte characters (6,000 bytes)', text('€', 6000)],
    ['1,001 four-byte characters (4,004 bytes)', text('😀', 4004)],
    ['3,999 ASCII and one two-byte character (4,001 bytes)', `${text('a', 3999)}é`],
  ])('create with %s → 400 naming the field, nothing written', async (_, description) => {
    const before = await countRows(db, 'contact')
    const item = createItem({ description })
    await expectRefused(await create([createItem(), item]), 'appointments.1.description', 'Size')
    expect(await countRows(db, 'contact')).toBe(before)
  })

  it('exactly 4,000 bytes is accepted and stored whole, on create and on update', async () => {
    const item = createItem({ description: `${text('€', 3996)}abcd` })
    expect((await create([item])).status).toBe(201)
    expect((await contactByReference(db, item.reference))!.description).toBe(item.description)
    const replaced = text('😀', 4000)
    expect((await update([updateItem(item, { description: replaced })])).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.description).toBe(replaced)
  })

  it('update with 4,001 bytes → 400 naming the field, the description unchanged', async () => {
    const item = createItem({ description: 'Kept' })
    expect((await create([item])).status).toBe(201)
    const row = await contactByReference(db, item.reference)
    await expectRefused(
      await update([updateItem(item, { description: `${text('€', 3999)}ab` })]),
      'appointments.0.description',
      'Size',
    )
    const after = await contactByReference(db, item.reference)
    expect(after!.description).toBe('Kept')
    expect(after!.rowVersion).toBe(row!.rowVersion)
  })

  it('the OpenAPI document states the limit', async () => {
    const document = await (await t.request('/v3/api-docs')).json()
    for (const name of ['CreateAppointmentRequest', 'UpdateAppointmentRequest']) {
      const description = document.components.schemas[name].properties.description
      expect(description.maxLength).toBe(4000)
      expect(description.description).toMatch(/4000 bytes/)
    }
  })
})

describe('dates that do not exist → 400 naming the field, nothing written', () => {
  it.each([
    ['year 0000', '0000-06-01'],
    ['29 February 0000', '0000-02-29'],
    ['30 February', '2025-02-30'],
    ['31 April', '2025-04-31'],
    ['29 February of a common year', '2025-02-29'],
    ['month 13', '2025-13-01'],
  ])('%s (%s) on create, update and search', async (_, date) => {
    const before = await countRows(db, 'contact')
    await expectRefused(await create([createItem({ date })]), 'appointments.0.date')
    expect(await countRows(db, 'contact')).toBe(before)

    const item = createItem()
    expect((await create([item])).status).toBe(201)
    const row = await contactByReference(db, item.reference)
    await expectRefused(await update([updateItem(item, { date })]), 'appointments.0.date')
    expect((await contactByReference(db, item.reference))!.contactDate).toBe(row!.contactDate)

    const search = { requirementIds: [item.requirementId], licenceConditionIds: [] }
    await expectRefused(await send('POST', '/appointments/search', { ...search, fromDate: date }), 'fromDate')
    await expectRefused(await send('POST', '/appointments/search', { ...search, toDate: date }), 'toDate')
  })

  it.each([
    ['24:00', '24:00'],
    ['24:00:00', '24:00:00'],
    ['minute 60', '10:60'],
    ['second 60', '10:00:60'],
  ])('a time that does not exist (%s) on create and update', async (_, time) => {
    await expectRefused(await create([createItem({ startTime: time })]), 'appointments.0.startTime')
    const item = createItem()
    expect((await create([item])).status).toBe(201)
    await expectRefused(await update([updateItem(item, { endTime: time })]), 'appointments.0.endTime')
  })

  it('the first and last dates that exist are accepted', async () => {
    const search = { requirementIds: [1], licenceConditionIds: [] }
    const response = await send('POST', '/appointments/search', {
      ...search,
      fromDate: '0001-01-01',
      toDate: '9999-12-31',
    })
    expect(response.status).toBe(200)
    const leap = createItem({ date: '2028-02-29' })
    expect((await create([leap])).status).toBe(201)
    expect((await contactByReference(db, leap.reference))!.contactDate).toBe('2028-02-29 00:00:00')
  })
})
