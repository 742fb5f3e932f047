import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import {
  auditRowsFor,
  contactByReference,
  countRows,
  createItem,
  enforcementsOf,
  newReference,
  telemetry,
  updateItem,
  urn,
} from './helpers.ts'

/** PUT /appointments: appointments.md §5 scenarios 17–18, the §2.3 pipeline, decisions 8, 14, 15, 16. */
let db: TestDb
let t: TestApp
const NOW = '2026-05-01 12:00:00'

async function created(overrides: Record<string, unknown> = {}) {
  const item = createItem(overrides)
  const response = await t.request('/appointments', { method: 'POST', body: { appointments: [item] } })
  expect(response.status).toBe(201)
  return item
}
const update = (...appointments: unknown[]) =>
  t.request('/appointments', { method: 'PUT', body: { appointments } })

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

describe('PUT /appointments: spec scenarios', () => {
  it('17. a future appointment moved to tomorrow with AA, sensitive, notes and description → 204', async () => {
    const item = await created({ date: '2026-05-20', notes: 'Some notes', description: 'Description' })
    const before = await contactByReference(db, item.reference)
    const response = await update(
      updateItem(item, {
        date: '2026-05-02',
        startTime: '12:00',
        endTime: '12:30',
        outcome: { code: 'AA' },
        sensitive: true,
        notes: 'Some appended notes',
        description: 'Updated Description',
      }),
    )
    expect(response.status).toBe(204)
    const row = await contactByReference(db, item.reference)
    expect(row).toStrictEqual({
      ...before,
      contactDate: '2026-05-02 00:00:00',
      contactStartTime: '2026-05-02 12:00:00',
      contactEndTime: '2026-05-02 12:30:00',
      contactOutcomeTypeId: SEED.outcomes.AA,
      attended: 'N',
      complied: 'Y',
      enforcement: null,
      notes: 'Some notes\n\nSome appended notes',
      description: 'Updated Description',
      sensitive: 'Y',
      rowVersion: 1,
      lastUpdatedDatetime: NOW,
      lastUpdatedUserId: SEED.users.auditUser,
    })
    expect(await enforcementsOf(db, row!.contactId)).toEqual([])
    expect(await auditRowsFor(db, 'CLBI007', row!.contactId)).toStrictEqual([
      {
        interactionParameters: `offenderId='${SEED.offenders.A000004}',contactId='${row!.contactId}',externalReference='${urn(item.reference)}'`,
        userId: SEED.users.auditUser,
        dateTime: NOW,
        outcome: 'P',
      },
    ])
    expect(telemetry(t.logger.lines, 'AppointmentUpdated')).toStrictEqual([
      { crn: 'A000004', contactId: row!.contactId, reference: item.reference, outcomeCode: 'AA' },
    ])
  })

  it('18. an appointment with outcome ATTC rescheduled 15 minutes later → 204, outcome kept', async () => {
    const item = await created({
      date: '2026-04-28',
      startTime: '10:00:00',
      endTime: '11:00:00',
      outcome: { code: 'ATTC' },
    })
    const response = await update(
      updateItem(item, { startTime: '10:15:00', endTime: '11:15:00', outcome: { code: 'ATTC' } }),
    )
    expect(response.status).toBe(204)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      contactStartTime: '2026-04-28 10:15:00',
      contactEndTime: '2026-04-28 11:15:00',
      contactOutcomeTypeId: SEED.outcomes.ATTC,
      attended: 'Y',
      complied: 'Y',
      rowVersion: 1,
    })
  })
})

describe('the update pipeline (§2.3)', () => {
  it('an outcome can be changed (ATTC → AA)', async () => {
    const item = await created({ date: '2026-04-27', outcome: { code: 'ATTC' } })
    expect((await update(updateItem(item, { outcome: { code: 'AA' } }))).status).toBe(204)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      contactOutcomeTypeId: SEED.outcomes.AA,
      attended: 'N',
      complied: 'Y',
    })
  })

  it('decision 15: outcome null keeps the recorded outcome (a group reschedule with outcome and notes null)', async () => {
    const item = await created({ date: '2026-04-27', outcome: { code: 'ATTC' }, notes: 'Kept notes' })
    const response = await update(
      updateItem(item, { startTime: '10:05:00', endTime: '10:35:00', outcome: null, notes: null }),
    )
    expect(response.status).toBe(204)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      contactOutcomeTypeId: SEED.outcomes.ATTC,
      attended: 'Y',
      complied: 'Y',
      notes: 'Kept notes',
      contactStartTime: '2026-04-27 10:05:00',
    })
    // Left out rather than null: the same.
    const { outcome: _o, notes: _n, ...withoutNullables } = updateItem(item)
    expect((await update(withoutNullables)).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.contactOutcomeTypeId).toBe(SEED.outcomes.ATTC)
  })

  it('decision 16: notes are appended, unless the notes already end with exactly that text', async () => {
    const item = await created({ notes: 'First' })
    expect((await update(updateItem(item, { notes: 'Second' }))).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.notes).toBe('First\n\nSecond')
    // The client re-sends the current notes: not duplicated.
    expect((await update(updateItem(item, { notes: 'Second' }))).status).toBe(204)
    expect((await update(updateItem(item, { notes: 'First\n\nSecond' }))).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.notes).toBe('First\n\nSecond')
    // Text that appears earlier but not at the end is appended.
    expect((await update(updateItem(item, { notes: 'First' }))).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.notes).toBe('First\n\nSecond\n\nFirst')
  })

  it('notes on an appointment without notes become the notes', async () => {
    const item = await created({ notes: null })
    expect((await update(updateItem(item, { notes: 'Only' }))).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.notes).toBe('Only')
  })

  it('decision 8: reassigning moves staff, team, provider and trust provider team; a null location clears it', async () => {
    const item = await created()
    const response = await update(
      updateItem(item, { staff: { code: 'N07AP01' }, team: { code: 'N07AP1' }, location: null }),
    )
    expect(response.status).toBe(204)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      staffId: SEED.staff.N07AP01,
      teamId: SEED.teams.N07AP1,
      probationAreaId: SEED.providers.N07,
      trustProviderTeamId: SEED.teams.N07AP1,
      officeLocationId: null,
    })
    expect((await update(updateItem(item, { location: { code: 'OFFICE3' } }))).status).toBe(204)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      officeLocationId: SEED.officeLocations.OFFICE3,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
    })
  })

  it('description: replaced, kept when left out, cleared by an explicit null', async () => {
    const item = await created({ description: 'Original' })
    const { description: _d, ...withoutDescription } = updateItem(item)
    expect((await update(withoutDescription)).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.description).toBe('Original')
    expect((await update(updateItem(item, { description: 'Replaced' }))).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.description).toBe('Replaced')
    expect((await update(updateItem(item, { description: null }))).status).toBe(204)
    expect((await contactByReference(db, item.reference))!.description).toBeNull()
  })

  it('decision 14: times as HH:mm, explicit nulls', async () => {
    const item = await created()
    const response = await update({
      reference: item.reference,
      date: '2026-05-22',
      startTime: '14:00',
      endTime: '15:00',
      outcome: null,
      location: null,
      staff: { code: 'STAFF01' },
      team: { code: 'TEAM01' },
      notes: null,
      sensitive: false,
      description: null,
    })
    expect(response.status).toBe(204)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      contactDate: '2026-05-22 00:00:00',
      contactStartTime: '2026-05-22 14:00:00',
      contactEndTime: '2026-05-22 15:00:00',
    })
  })

  it('a repeated reference: only the first item applies', async () => {
    const item = await created()
    const response = await update(
      updateItem(item, { notes: 'first wins' }),
      updateItem(item, { notes: 'second ignored', date: '2026-06-30' }),
    )
    expect(response.status).toBe(204)
    const row = await contactByReference(db, item.reference)
    expect(row).toMatchObject({ contactDate: item.date.concat(' 00:00:00'), rowVersion: 1 })
    expect(row!.notes).toBe('Some notes\n\nfirst wins')
    expect(await auditRowsFor(db, 'CLBI007', row!.contactId)).toHaveLength(1)
  })
})

describe('rejected updates change nothing', () => {
  const rejected = async (
    setup: Record<string, unknown>,
    change: Record<string, unknown>,
    status: number,
    message: string,
  ) => {
    const item = await created(setup)
    const other = await created()
    const before = [
      await contactByReference(db, other.reference),
      await contactByReference(db, item.reference),
    ]
    const audits = await countRows(db, 'auditedInteraction')
    // The failing item is last: the first item of the batch must not be written either.
    const response = await update(updateItem(other, { notes: 'not written' }), updateItem(item, change))
    expect(response.status).toBe(status)
    expect(await response.json()).toStrictEqual({ status, message })
    expect([
      await contactByReference(db, other.reference),
      await contactByReference(db, item.reference),
    ]).toStrictEqual(before)
    expect(await countRows(db, 'auditedInteraction')).toBe(audits)
    expect(telemetry(t.logger.lines, 'AppointmentUpdated')).toEqual([])
  }

  it('removing the sensitive flag → 400', () =>
    rejected({ sensitive: true }, { sensitive: false }, 400, 'Sensitive flag cannot be removed'))

  it('a failure to comply on a future appointment → 400', () =>
    rejected(
      { date: '2026-05-20' },
      { outcome: { code: 'FTC' } },
      400,
      'Only permissible absences can be recorded for a future attendance',
    ))

  it('moving an appointment with an attended outcome into the future → 400', () =>
    rejected(
      { date: '2026-04-20', outcome: { code: 'ATTC' } },
      { date: '2026-05-20' },
      400,
      'Only permissible absences can be recorded for a future attendance',
    ))

  it('end before start → 400', () =>
    rejected({}, { startTime: '12:00', endTime: '11:00' }, 400, 'Start time must be before end time'))

  it.each([
    ['outcome', { outcome: { code: 'NOPE' } }, 'Invalid AppointmentOutcome codes: [NOPE]'],
    ['location', { location: { code: 'OFFICE9' } }, 'Invalid OfficeLocation codes: [OFFICE9]'],
    ['team', { team: { code: 'TEAM99' } }, 'Invalid Team codes: [TEAM99]'],
    ['staff', { staff: { code: 'STAFF99' } }, 'Invalid Staff codes: [STAFF99]'],
  ])('an unknown %s → 400', (_name, change, message) => rejected({}, change, 400, message))

  it('an unknown reference → 400 listing every missing prefixed reference', async () => {
    const item = await created()
    const missing = [newReference(), newReference()]
    const response = await update(
      updateItem(item, { notes: 'x' }),
      ...missing.map((reference) => updateItem({ ...item, reference })),
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({
      status: 400,
      message: `Could not find appointments with references: [${urn(missing[0]!)}, ${urn(missing[1]!)}]`,
    })
    expect((await contactByReference(db, item.reference))!.rowVersion).toBe(0)
  })

  it('an acceptable absence on a future appointment is allowed, without enforcement', async () => {
    const item = await created({ date: '2026-05-25' })
    expect((await update(updateItem(item, { outcome: { code: 'AA' } }))).status).toBe(204)
    const row = await contactByReference(db, item.reference)
    expect(row).toMatchObject({
      contactOutcomeTypeId: SEED.outcomes.AA,
      enforcement: null,
      latestEnforcementActionId: null,
    })
    expect(await enforcementsOf(db, row!.contactId)).toEqual([])
  })
})
