import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import {
  auditRowsFor,
  contactByReference,
  contactsOfType,
  countRows,
  createItem,
  newReference,
  telemetry,
  urn,
} from './helpers.ts'

/** POST /appointments: appointments.md §5 scenarios 8–16, §2.1 mapping, commencement, decisions 6 and 14. */
let db: TestDb
let t: TestApp
const REQ2 = SEED.requirements[2] // A000002 event 1
const [, LC1, LC2] = SEED.licenceConditions // A000001 event 1
const AP = SEED.appointments
const NOW = '2026-05-01 12:00:00' // TEST_NOW in London

const create = (appointments: unknown[]) =>
  t.request('/appointments', { method: 'POST', body: { appointments } })

async function expectNothingWritten(before: { contacts: number; audits: number }) {
  expect(await countRows(db, 'contact')).toBe(before.contacts)
  expect(await countRows(db, 'auditedInteraction')).toBe(before.audits)
}
const counts = async () => ({
  contacts: await countRows(db, 'contact'),
  audits: await countRows(db, 'auditedInteraction'),
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

describe('invalid codes and components → 400, nothing written (scenarios 8–13)', () => {
  it.each([
    ['8. outcome', { outcome: { code: 'UNKNOWN' } }, 'Invalid AppointmentOutcome codes: [UNKNOWN]'],
    ['9. location', { location: { code: 'OFFICE99' } }, 'Invalid OfficeLocation codes: [OFFICE99]'],
    ['9. ended location', { location: { code: 'OFFICE9' } }, 'Invalid OfficeLocation codes: [OFFICE9]'],
    ['10. staff', { staff: { code: 'STAFF99' } }, 'Invalid Staff codes: [STAFF99]'],
    ['11. team', { team: { code: 'TEAM99' } }, 'Invalid Team codes: [TEAM99]'],
    [
      '12. neither component id',
      { requirementId: null, licenceConditionId: null },
      'Either licence condition or requirement id must be specified.',
    ],
    [
      '12. both component ids',
      { requirementId: AP.requirement, licenceConditionId: LC1 },
      'Either licence condition or requirement id must be specified.',
    ],
    [
      '13. licence condition not LAP',
      { requirementId: null, licenceConditionId: AP.nonLapLicenceCondition },
      `Invalid LicenceCondition IDs: [${AP.nonLapLicenceCondition}]`,
    ],
    [
      'requirement not an accredited programme',
      { requirementId: AP.nonApRequirement },
      `Invalid Requirement IDs: [${AP.nonApRequirement}]`,
    ],
    [
      'inactive requirement',
      { requirementId: SEED.hidden.inactiveRequirement },
      `Invalid Requirement IDs: [${SEED.hidden.inactiveRequirement}]`,
    ],
    [
      'deleted requirement',
      { requirementId: SEED.hidden.deletedRequirement },
      `Invalid Requirement IDs: [${SEED.hidden.deletedRequirement}]`,
    ],
    ['unknown requirement', { requirementId: 999999 }, 'Invalid Requirement IDs: [999999]'],
    [
      'end before start',
      { startTime: '11:00:00', endTime: '10:00:00' },
      'Start time must be before end time',
    ],
    ['end equal to start', { startTime: '11:00', endTime: '11:00:00' }, 'Start time must be before end time'],
  ])('%s → 400', async (_name, overrides, message) => {
    const before = await counts()
    const response = await create([createItem(overrides)])
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({ status: 400, message })
    await expectNothingWritten(before)
    expect(telemetry(t.logger.lines, 'AppointmentCreated')).toEqual([])
  })

  it('every missing code of the batch is listed, in request order', async () => {
    const response = await create([
      createItem({ staff: { code: 'STAFF98' } }),
      createItem({ staff: { code: 'STAFF01' } }),
      createItem({ staff: { code: 'STAFF99' } }),
    ])
    expect(await response.json()).toStrictEqual({
      status: 400,
      message: 'Invalid Staff codes: [STAFF98, STAFF99]',
    })
  })

  it('request shape errors → 400 Validation failure with fields', async () => {
    const response = await create([
      createItem({ reference: 'not-a-uuid', date: '2026-02-30', startTime: '25:00' }),
    ])
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.message).toBe('Validation failure')
    expect(body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'appointments.0.date',
      'appointments.0.reference',
      'appointments.0.startTime',
    ])
  })

  it('an empty list, or more than 500 appointments → 400 Validation failure', async () => {
    expect((await create([])).status).toBe(400)
    const many = Array.from({ length: 501 }, () => createItem())
    const response = await create(many)
    expect(response.status).toBe(400)
    expect((await response.json()).fields).toEqual([
      expect.objectContaining({ type: 'Size', field: 'appointments' }),
    ])
  })

  it('a batch whose last item is invalid leaves no row behind', async () => {
    const before = await counts()
    const items = [createItem(), createItem(), createItem({ team: { code: 'TEAM99' } })]
    expect((await create(items)).status).toBe(400)
    for (const item of items) expect(await contactByReference(db, item.reference)).toBeUndefined()
    await expectNothingWritten(before)
  })

  it('a failure after the inserts rolls the whole batch back (one transaction)', async () => {
    const before = await counts()
    // Without CLBI003 the audit write (the last step) fails after every CONTACT was inserted.
    await db.kysely
      .updateTable('businessInteraction')
      .set({ businessInteractionCode: 'XCLBI003' })
      .where('businessInteractionCode', '=', 'CLBI003')
      .execute()
    try {
      const items = [
        createItem(),
        createItem({ type: 'PRE_GROUP_ONE_TO_ONE_MEETING', requirementId: AP.rm38Requirement }),
      ]
      const response = await create(items)
      expect(response.status).toBe(500)
      for (const item of items) expect(await contactByReference(db, item.reference)).toBeUndefined()
      await expectNothingWritten(before)
      const requirement = await db.kysely
        .selectFrom('rqmnt')
        .selectAll()
        .where('rqmntId', '=', AP.rm38Requirement)
        .executeTakeFirstOrThrow()
      expect(requirement.commencementDate).toBeNull()
      expect(telemetry(t.logger.lines, 'AppointmentCreated')).toEqual([])
    } finally {
      await db.kysely
        .updateTable('businessInteraction')
        .set({ businessInteractionCode: 'CLBI003' })
        .where('businessInteractionCode', '=', 'XCLBI003')
        .execute()
    }
  })
})

describe('creating appointments', () => {
  it('14. bulk: 3 on a requirement and 3 on a licence condition → 201; each CONTACT mapped as §2.1', async () => {
    const date = '2026-04-24' // today − 7
    const onRequirement = [0, 1, 2].map(() =>
      createItem({ requirementId: REQ2, date, sensitive: true, notes: 'Some notes about the appointment' }),
    )
    const onLicenceCondition = [0, 1, 2].map(() =>
      createItem({ requirementId: null, licenceConditionId: LC1, date, sensitive: true }),
    )
    const response = await create([...onRequirement, ...onLicenceCondition])
    expect(response.status).toBe(201)
    expect(await response.text()).toBe('')

    const row = await contactByReference(db, onRequirement[0]!.reference)
    expect(row).toStrictEqual({
      contactId: expect.any(Number),
      rowVersion: 0,
      offenderId: SEED.offenders.A000002,
      eventId: SEED.events.A000002[1],
      rqmntId: REQ2,
      licConditionId: null,
      nsiId: null,
      pssRqmntId: null,
      contactDate: '2026-04-24 00:00:00',
      contactStartTime: '2026-04-24 10:00:00',
      contactEndTime: '2026-04-24 10:30:00',
      contactTypeId: SEED.contactTypes.CAPY,
      contactOutcomeTypeId: null,
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      officeLocationId: SEED.officeLocations.OFFICE1,
      attended: null,
      complied: null,
      enforcement: 1,
      latestEnforcementActionId: null,
      linkedContactId: null,
      notes: 'Some notes about the appointment',
      description: 'Description',
      externalReference: urn(onRequirement[0]!.reference),
      sensitive: 'Y',
      alertActive: null,
      rarActivity: null,
      visorContact: 'N',
      visorExported: null,
      softDeleted: 0,
      partitionAreaId: 0,
      trustProviderTeamId: SEED.teams.TEAM01,
      trustProviderFlag: 0,
      createdByUserId: SEED.users.auditUser,
      createdDatetime: NOW,
      lastUpdatedUserId: SEED.users.auditUser,
      lastUpdatedDatetime: NOW,
    })
    const onLc = await contactByReference(db, onLicenceCondition[2]!.reference)
    expect(onLc).toMatchObject({
      offenderId: SEED.offenders.A000001,
      eventId: SEED.events.A000001[1],
      rqmntId: null,
      licConditionId: LC1,
    })

    // One CLBI003 row per appointment, and telemetry after commit.
    const audit = await auditRowsFor(db, 'CLBI003', row!.contactId)
    expect(audit).toStrictEqual([
      {
        interactionParameters: `offenderId='${SEED.offenders.A000002}',contactId='${row!.contactId}',externalReference='${urn(onRequirement[0]!.reference)}'`,
        userId: SEED.users.auditUser,
        dateTime: NOW,
        outcome: 'P',
      },
    ])
    const events = telemetry(t.logger.lines, 'AppointmentCreated')
    expect(events).toHaveLength(6)
    expect(events[0]).toStrictEqual({
      crn: 'A000002',
      type: 'Requirement',
      contactId: row!.contactId,
      componentId: REQ2,
      typeCode: 'CAPY',
    })
    expect(events[5]).toMatchObject({ crn: 'A000001', type: 'LicenceCondition', componentId: LC1 })
  })

  it.each([
    ['PROGRAMME_ATTENDANCE', 'CAPY'],
    ['THREE_WAY_MEETING', 'CAPZ'],
  ])('15. type %s → contact type %s, no commencement', async (type, code) => {
    const item = createItem({ type, requirementId: REQ2 })
    expect((await create([item])).status).toBe(201)
    const row = await contactByReference(db, item.reference)
    const type_ = await db.kysely
      .selectFrom('rContactType')
      .select('code')
      .where('contactTypeId', '=', row!.contactTypeId)
      .executeTakeFirstOrThrow()
    expect(type_.code).toBe(code)
    const requirement = await db.kysely
      .selectFrom('rqmnt')
      .selectAll()
      .where('rqmntId', '=', REQ2)
      .executeTakeFirstOrThrow()
    expect(requirement.commencementDate).toBeNull()
    expect(telemetry(t.logger.lines, 'ComponentCommenced')).toEqual([])
  })

  it('15. PRE_GROUP_ONE_TO_ONE_MEETING → CAPW; the requirement commences on the date, with a note and an ECOM contact', async () => {
    const requirementId = AP.rm38Requirement
    const first = createItem({ type: 'PRE_GROUP_ONE_TO_ONE_MEETING', requirementId, date: '2026-05-10' })
    expect((await create([first])).status).toBe(201)
    const row = await contactByReference(db, first.reference)
    expect(row!.contactTypeId).toBe(SEED.contactTypes.CAPW)
    const requirement = await db.kysely
      .selectFrom('rqmnt')
      .selectAll()
      .where('rqmntId', '=', requirementId)
      .executeTakeFirstOrThrow()
    expect(requirement).toMatchObject({
      commencementDate: '2026-05-10 00:00:00',
      rqmntNotes:
        'Actual Start Date set to 10/05/2026 following notification from the Accredited Programmes – Intervention Service',
      rowVersion: 1,
      lastUpdatedUserId: SEED.users.auditUser,
      lastUpdatedDatetime: NOW,
    })
    const ecom = await contactsOfType(db, 'ECOM', { rqmntId: requirementId })
    expect(ecom).toHaveLength(1)
    expect(ecom[0]).toMatchObject({
      offenderId: SEED.offenders.A000002,
      eventId: SEED.events.A000002[1],
      rqmntId: requirementId,
      contactDate: '2026-05-10 00:00:00',
      contactStartTime: null,
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      notes: null,
      externalReference: null,
      sensitive: 'N',
      softDeleted: 0,
    })
    expect(telemetry(t.logger.lines, 'ComponentCommenced')).toStrictEqual([
      {
        crn: 'A000002',
        type: 'Requirement',
        componentId: requirementId,
        contactId: ecom[0]!.contactId,
        commencementDate: '2026-05-10',
      },
    ])

    // A second meeting moves the date and appends another note, but records no second ECOM.
    t.logger.lines.length = 0
    const second = createItem({ type: 'PRE_GROUP_ONE_TO_ONE_MEETING', requirementId, date: '2026-05-17' })
    expect((await create([second])).status).toBe(201)
    const after = await db.kysely
      .selectFrom('rqmnt')
      .selectAll()
      .where('rqmntId', '=', requirementId)
      .executeTakeFirstOrThrow()
    expect(after.commencementDate).toBe('2026-05-17 00:00:00')
    expect(after.rqmntNotes).toBe(
      'Actual Start Date set to 10/05/2026 following notification from the Accredited Programmes – Intervention Service\n\n' +
        'Actual Start Date set to 17/05/2026 following notification from the Accredited Programmes – Intervention Service',
    )
    expect(await contactsOfType(db, 'ECOM', { rqmntId: requirementId })).toHaveLength(1)
    expect(telemetry(t.logger.lines, 'ComponentCommenced')).toEqual([])
  })

  it('15. PRE_GROUP_ONE_TO_ONE_MEETING on a licence condition commences it (two in one batch: last date, two notes, one ECOM)', async () => {
    const items = ['2026-06-01', '2026-06-08'].map((date) =>
      createItem({
        type: 'PRE_GROUP_ONE_TO_ONE_MEETING',
        requirementId: null,
        licenceConditionId: LC2,
        date,
      }),
    )
    expect((await create(items)).status).toBe(201)
    const lc = await db.kysely
      .selectFrom('licCondition')
      .selectAll()
      .where('licConditionId', '=', LC2)
      .executeTakeFirstOrThrow()
    expect(lc.commencementDate).toBe('2026-06-08 00:00:00')
    expect(lc.licConditionNotes!.split('\n\n')).toHaveLength(2)
    const ecom = await db.kysely
      .selectFrom('contact')
      .selectAll()
      .where('licConditionId', '=', LC2)
      .where('contactTypeId', '=', SEED.contactTypes.ECOM)
      .execute()
    expect(ecom).toHaveLength(1)
    expect(ecom[0]!.contactDate).toBe('2026-06-01 00:00:00')
  })

  it('16. a past appointment with no outcome → 201, outcome null', async () => {
    const item = createItem({ date: '2026-01-05', outcome: null })
    expect((await create([item])).status).toBe(201)
    const row = await contactByReference(db, item.reference)
    expect(row).toMatchObject({ contactOutcomeTypeId: null, attended: null, complied: null, enforcement: 1 })
  })

  it('an outcome at creation sets ATTENDED/COMPLIED; a non-enforceable one clears ENFORCEMENT', async () => {
    const item = createItem({ date: '2026-04-20', outcome: { code: 'ATTC' } })
    expect((await create([item])).status).toBe(201)
    const row = await contactByReference(db, item.reference)
    expect(row).toMatchObject({
      contactOutcomeTypeId: SEED.outcomes.ATTC,
      attended: 'Y',
      complied: 'Y',
      enforcement: null,
      latestEnforcementActionId: null,
    })
    expect(telemetry(t.logger.lines, 'AppointmentCreated')[0]!.outcomeCode).toBe('ATTC')
  })

  it('an upper-case reference is stored lower-case', async () => {
    const reference = newReference()
    expect((await create([createItem({ reference: reference.toUpperCase() })])).status).toBe(201)
    expect(await contactByReference(db, reference)).toBeDefined()
  })
})

describe('decision 14: what the real client sends', () => {
  it('string ids, explicit nulls, HH:mm times and no type → 201 as CAPY', async () => {
    const item = {
      reference: newReference(),
      requirementId: String(SEED.appointments.requirement),
      licenceConditionId: null,
      date: '2026-05-21',
      startTime: '09:15',
      endTime: '10:45:30',
      outcome: null,
      location: null,
      staff: { code: 'STAFF01' },
      team: { code: 'TEAM01' },
      notes: null,
      sensitive: false,
      description: null,
    }
    expect((await create([item])).status).toBe(201)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      rqmntId: SEED.appointments.requirement,
      contactTypeId: SEED.contactTypes.CAPY,
      contactStartTime: '2026-05-21 09:15:00',
      contactEndTime: '2026-05-21 10:45:30',
      officeLocationId: null,
      notes: null,
      description: null,
    })
  })

  it('the licence condition id as a string, the requirement id explicit null; type null → CAPY', async () => {
    const item = createItem({ requirementId: null, licenceConditionId: String(LC1), type: null })
    expect((await create([item])).status).toBe(201)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      licConditionId: LC1,
      contactTypeId: SEED.contactTypes.CAPY,
    })
  })
})

describe('decision 6: duplicate references', () => {
  it('a reference repeated within one request → 400, nothing written', async () => {
    const before = await counts()
    const item = createItem()
    const response = await create([
      item,
      createItem(),
      { ...createItem(), reference: item.reference.toUpperCase() },
    ])
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({
      status: 400,
      message: `Duplicate appointment references: [${item.reference}]`,
    })
    await expectNothingWritten(before)
  })

  it('a reference that already exists → 409 naming it; nothing written', async () => {
    const existing = createItem()
    expect((await create([existing])).status).toBe(201)
    const before = await counts()
    const fresh = createItem()
    const response = await create([fresh, createItem({ reference: existing.reference })])
    expect(response.status).toBe(409)
    expect(await response.json()).toStrictEqual({
      status: 409,
      message: `Appointments already exist with references: [${existing.reference}]`,
    })
    expect(await contactByReference(db, fresh.reference)).toBeUndefined()
    await expectNothingWritten(before)
  })

  it('the reference of a deleted appointment can be used again', async () => {
    const item = createItem({ date: '2026-06-30' })
    expect((await create([item])).status).toBe(201)
    const del = await t.request('/appointments', {
      method: 'DELETE',
      body: { appointments: [{ reference: item.reference }] },
    })
    expect(del.status).toBe(204)
    expect((await create([item])).status).toBe(201)
  })
})
