import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { insertAppointment, newReference, urn } from './helpers.ts'

/** POST /appointments/search: appointments.md §5 scenarios 1–7, decision 7, BST, query count. */
let db: TestDb
let t: TestApp
const [REQ0, REQ1, , REQ3] = SEED.requirements
const [LC0, LC1] = SEED.licenceConditions
const [appt0, appt1, appt2, appt3] = SEED.appointments.contacts
const [ref0] = SEED.appointments.references
const CT = SEED.contactTypes
const A000001 = { offenderId: SEED.offenders.A000001, eventId: SEED.events.A000001[3], rqmntId: REQ3 }
const summerReference = newReference()

const search = (body: unknown) => t.request('/appointments/search', { method: 'POST', body })

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
  // REQ3 fixtures: one of each searchable type, a deleted one and a non-appointment contact.
  await insertAppointment(db, {
    ...A000001,
    contactId: 7_000_001,
    contactTypeId: CT.CAPY,
    contactDate: '2030-07-01',
    contactStartTime: '2030-07-01 09:00:00',
    contactEndTime: '2030-07-01 10:00:00',
    externalReference: urn(summerReference),
    contactOutcomeTypeId: SEED.outcomes.ATTC,
    attended: 'Y',
    complied: 'Y',
    officeLocationId: SEED.officeLocations.OFFICE1,
    notes: 'Summer notes',
    description: 'Summer session',
    sensitive: true,
  })
  await insertAppointment(db, {
    ...A000001,
    contactId: 7_000_002,
    contactTypeId: CT.CAPZ,
    contactDate: '2030-07-02',
  })
  await insertAppointment(db, {
    ...A000001,
    contactId: 7_000_003,
    contactTypeId: CT.CAPW,
    contactDate: '2030-07-03',
  })
  await insertAppointment(db, {
    ...A000001,
    contactId: 7_000_004,
    contactTypeId: CT.CAPX,
    contactDate: '2030-07-04',
  })
  await insertAppointment(
    db,
    { ...A000001, contactId: 7_000_005, contactTypeId: CT.CAPY, contactDate: '2030-07-05' },
    { softDeleted: 1 },
  )
  await insertAppointment(db, {
    ...A000001,
    contactId: 7_000_006,
    contactTypeId: CT.OTHER,
    contactDate: '2030-07-06',
  })
})

afterAll(async () => {
  await t?.close()
  await db?.close()
})

describe('POST /appointments/search: validation (scenarios 1–4)', () => {
  it('1. toDate before fromDate → 400', async () => {
    const response = await search({
      requirementIds: [REQ0],
      licenceConditionIds: [],
      fromDate: '2030-01-02',
      toDate: '2030-01-01',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({ status: 400, message: 'toDate cannot be before fromDate' })
  })

  it('2. both id lists empty → 400', async () => {
    const response = await search({ requirementIds: [], licenceConditionIds: [] })
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({
      status: 400,
      message: 'at least one requirementId or licenceConditionId must be provided',
    })
  })

  it.each([
    ['requirementIds', 1001],
    ['licenceConditionIds', 1001],
    ['requirementIds', 501],
    ['licenceConditionIds', 501],
  ])('3–4. %s with %i ids → 400 Validation failure', async (list, size) => {
    const ids = Array.from({ length: size }, (_, i) => i + 1)
    const response = await search({ requirementIds: [], licenceConditionIds: [], [list]: ids })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body).toMatchObject({ status: 400, message: 'Validation failure' })
    expect(body.fields).toEqual([expect.objectContaining({ type: 'Size', field: list })])
  })

  it('a malformed date or id → 400 Validation failure naming the field', async () => {
    const response = await search({
      requirementIds: ['12a'],
      licenceConditionIds: [],
      fromDate: '2030-13-01',
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.message).toBe('Validation failure')
    expect(body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'fromDate',
      'requirementIds.0',
    ])
  })
})

describe('POST /appointments/search: results', () => {
  it('5. every date in range, one component id each, only requested ids; the first item matches its row', async () => {
    const requested = { requirementIds: [REQ0, REQ1], licenceConditionIds: [LC0, LC1] }
    const response = await search({ ...requested, fromDate: '2030-01-01', toDate: '2030-01-31' })
    expect(response.status).toBe(200)
    const { content } = await response.json()
    expect(Object.keys(content)).toEqual(['A000001'])
    const items = content.A000001
    // Sorted by date then start time: REQ0 10:00, LC0 12:00 on the 1st; REQ1 10:00, LC1 12:00 on the 2nd.
    expect(items.map((i: { id: number }) => i.id)).toEqual([appt0, appt2, appt1, appt3])
    for (const item of items) {
      expect(item.date >= '2030-01-01' && item.date <= '2030-01-31').toBe(true)
      expect([item.requirementId, item.licenceConditionId].filter((id) => id !== undefined)).toHaveLength(1)
      if (item.requirementId) expect(requested.requirementIds).toContain(item.requirementId)
      else expect(requested.licenceConditionIds).toContain(item.licenceConditionId)
    }
    const row = await db.kysely
      .selectFrom('contact')
      .selectAll()
      .where('contactId', '=', appt0)
      .executeTakeFirstOrThrow()
    expect(row.externalReference!.slice(-36)).toBe(ref0)
    expect(items[0]).toStrictEqual({
      id: appt0,
      reference: ref0,
      crn: 'A000001',
      requirementId: REQ0,
      date: '2030-01-01',
      startTime: '2030-01-01T10:00:00Z',
      endTime: '2030-01-01T11:00:00Z',
      createdAt: '2025-01-01T12:00:00Z',
      updatedAt: '2025-01-01T12:00:00Z',
      type: { code: 'CAPY', description: 'Accredited Programme - Programme Attendance' },
      staff: { code: 'STAFF01', name: { forename: 'Forename', surname: 'Surname' } },
      team: { code: 'TEAM01', description: 'Test Team' },
      notes: 'Some appointment notes',
      sensitive: false,
    })
  })

  it('6. fromDate null → every date on or before toDate', async () => {
    const response = await search({
      requirementIds: [REQ0, REQ1],
      licenceConditionIds: [LC0, LC1],
      fromDate: null,
      toDate: '2030-01-01',
    })
    expect(response.status).toBe(200)
    const items = (await response.json()).content.A000001
    expect(items.map((i: { id: number }) => i.id)).toEqual([appt0, appt2])
  })

  it('7. toDate null → every date on or after fromDate (and left-out dates mean no bound)', async () => {
    const response = await search({
      requirementIds: [REQ0, REQ1],
      licenceConditionIds: [LC0, LC1],
      fromDate: '2030-01-02',
    })
    expect(response.status).toBe(200)
    const items = (await response.json()).content.A000001
    expect(items.map((i: { id: number }) => i.id)).toEqual([appt1, appt3])
  })

  it('unknown ids give no rows: {"content":{}}', async () => {
    const response = await search({ requirementIds: [999999], licenceConditionIds: [] })
    expect(response.status).toBe(200)
    expect(await response.json()).toStrictEqual({ content: {} })
  })

  it('ids may be numeric strings (decision 14)', async () => {
    const response = await search({
      requirementIds: [String(REQ0)],
      licenceConditionIds: [],
      toDate: '2030-01-31',
    })
    expect((await response.json()).content.A000001.map((i: { id: number }) => i.id)).toEqual([appt0])
  })
})

describe('decision 7: every appointment type, with type and description; the types filter', () => {
  it('returns CAPY, CAPZ, CAPW and CAPX (not deleted or other contacts), outcome, location and description', async () => {
    const response = await search({ requirementIds: [REQ3], licenceConditionIds: [] })
    const items = (await response.json()).content.A000001
    expect(items.map((i: { type: { code: string } }) => i.type.code)).toEqual([
      'CAPY',
      'CAPZ',
      'CAPW',
      'CAPX',
    ])
    expect(items[0]).toMatchObject({
      id: 7_000_001,
      reference: summerReference,
      outcome: { code: 'ATTC', description: 'Attended - Complied', attended: true, complied: true },
      location: { code: 'OFFICE1', description: expect.any(String) },
      notes: 'Summer notes',
      description: 'Summer session',
      sensitive: true,
    })
    expect(items[1].type).toStrictEqual({
      code: 'CAPZ',
      description: 'Accredited Programme - Three Way Meeting',
    })
  })

  it('the types filter narrows to the given create types', async () => {
    const response = await search({
      requirementIds: [REQ3],
      licenceConditionIds: [],
      types: ['THREE_WAY_MEETING', 'PRE_GROUP_ONE_TO_ONE_MEETING'],
    })
    const items = (await response.json()).content.A000001
    expect(items.map((i: { type: { code: string } }) => i.type.code)).toEqual(['CAPZ', 'CAPW'])
  })

  it('an unknown type in the filter → 400 Validation failure', async () => {
    const response = await search({ requirementIds: [REQ3], licenceConditionIds: [], types: ['IAPS'] })
    expect(response.status).toBe(400)
    expect((await response.json()).message).toBe('Validation failure')
  })
})

describe('time zones', () => {
  it('an appointment in summer (BST) has +01:00 times; one in winter has Z', async () => {
    const response = await search({
      requirementIds: [REQ0, REQ3],
      licenceConditionIds: [],
      types: ['PROGRAMME_ATTENDANCE'],
    })
    const items = (await response.json()).content.A000001
    const summer = items.find((i: { id: number }) => i.id === 7_000_001)
    const winter = items.find((i: { id: number }) => i.id === appt0)
    expect(summer.startTime).toBe('2030-07-01T09:00:00+01:00')
    expect(summer.endTime).toBe('2030-07-01T10:00:00+01:00')
    expect(summer.createdAt).toBe('2026-04-01T09:00:00+01:00')
    expect(winter.startTime).toBe('2030-01-01T10:00:00Z')
  })
})

describe('round trips (decision 9)', () => {
  it('one query for 1 id and for 500 ids in each list', async () => {
    const many = Array.from({ length: 500 }, (_, i) => REQ0 + i)
    const one = await db.countQueries(() =>
      t.services.appointments.search({ requirementIds: [REQ0], licenceConditionIds: [] }),
    )
    const all = await db.countQueries(() =>
      t.services.appointments.search({
        requirementIds: many,
        licenceConditionIds: many.map((id) => id + 1000),
      }),
    )
    expect(one.count).toBe(1)
    expect(all.count).toBe(1)
    expect(Object.keys(all.result)).toContain('A000001')
  })
})
