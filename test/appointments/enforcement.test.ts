import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import {
  contactByReference,
  contactsOfType,
  countRows,
  createItem,
  enforcementsOf,
  eventRow,
  updateItem,
} from './helpers.ts'

/**
 * Failure-to-comply enforcement (appointments.md §2.4): scenarios 19–20, decision 17 (AFTC, UAAB),
 * removal, FTC counting rules and enforcement at creation.
 */
let db: TestDb
let t: TestApp
const NOW = '2026-05-01 12:00:00'
const TODAY = '2026-05-01 00:00:00'
const ENFORCEMENT_LINE = '01/05/2026 12:00\nEnforcement Action: Refer to manager'
const AP = SEED.appointments
const ROM = SEED.enforcementActions.ROM

async function created(overrides: Record<string, unknown>) {
  const item = createItem(overrides)
  const response = await t.request('/appointments', { method: 'POST', body: { appointments: [item] } })
  expect(response.status).toBe(201)
  return item
}
const update = async (...appointments: unknown[]) => {
  const response = await t.request('/appointments', { method: 'PUT', body: { appointments } })
  expect(response.status).toBe(204)
}

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
})
afterAll(async () => {
  await t?.close()
  await db?.close()
})

describe('applying enforcement', () => {
  it('19. an existing outcome changed to FTC → FTC_COUNT 1, ENFORCEMENT set, one ENFORCEMENT row (ROM), an action contact', async () => {
    const item = await created({
      requirementId: AP.ftcRequirement,
      date: '2026-04-30',
      outcome: { code: 'ATTC' },
    })
    await update(updateItem(item, { outcome: { code: 'FTC' } }))
    const row = await contactByReference(db, item.reference)
    expect(row).toMatchObject({
      contactOutcomeTypeId: SEED.outcomes.FTC,
      attended: 'N',
      complied: 'N',
      enforcement: 1,
      latestEnforcementActionId: ROM,
      notes: `Some notes\n\n${ENFORCEMENT_LINE}`,
    })
    const event = await eventRow(db, SEED.events.A000005[1])
    expect(event).toMatchObject({ ftcCount: 1, rowVersion: 1, lastUpdatedDatetime: NOW })
    expect(await enforcementsOf(db, row!.contactId)).toStrictEqual([
      {
        enforcementId: expect.any(Number),
        contactId: row!.contactId,
        enforcementActionId: ROM,
        responseDate: '2026-05-08 12:00:00',
        actionTakenDate: NOW,
        actionTakenTime: NOW,
        softDeleted: 0,
        partitionAreaId: 0,
        rowVersion: 0,
        createdByUserId: SEED.users.auditUser,
        createdDatetime: NOW,
        lastUpdatedUserId: SEED.users.auditUser,
        lastUpdatedDatetime: NOW,
      },
    ])
    const actions = await contactsOfType(db, 'ROM', { offenderId: SEED.offenders.A000005 })
    expect(actions).toHaveLength(1)
    expect(actions[0]).toMatchObject({
      linkedContactId: row!.contactId,
      offenderId: SEED.offenders.A000005,
      eventId: SEED.events.A000005[1],
      rqmntId: AP.ftcRequirement,
      contactDate: TODAY,
      contactStartTime: NOW,
      contactEndTime: null,
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      officeLocationId: SEED.officeLocations.OFFICE1,
      notes: null,
    })
    // Below the limit (2): no review.
    expect(await contactsOfType(db, 'ARWS', { offenderId: SEED.offenders.A000005 })).toEqual([])
  })

  it('20. FTC on two past appointments of one event reaches the limit: FTC_COUNT 2, two action contacts, one review', async () => {
    const items = [
      await created({ requirementId: AP.ftcLimitRequirement, date: '2026-04-30', notes: 'Some notes' }),
      await created({ requirementId: AP.ftcLimitRequirement, date: '2026-04-29', notes: 'Some notes' }),
    ]
    await update(
      ...items.map((item) => updateItem(item, { outcome: { code: 'FTC' }, notes: 'Some appended notes' })),
    )
    for (const item of items) {
      const row = await contactByReference(db, item.reference)
      expect(row).toMatchObject({
        attended: 'N',
        complied: 'N',
        contactOutcomeTypeId: SEED.outcomes.FTC,
        enforcement: 1,
        latestEnforcementActionId: ROM,
      })
      expect(row!.notes).toMatch(
        /^Some notes\n\n\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\nEnforcement Action: Refer to manager\n\nSome appended notes$/,
      )
      const enforcements = await enforcementsOf(db, row!.contactId)
      expect(enforcements).toHaveLength(1)
      expect(enforcements[0]).toMatchObject({ enforcementActionId: ROM, responseDate: '2026-05-08 12:00:00' })
    }
    expect((await eventRow(db, SEED.events.A000006[1])).ftcCount).toBe(2)
    expect(await contactsOfType(db, 'ROM', { offenderId: SEED.offenders.A000006 })).toHaveLength(2)
    const reviews = await contactsOfType(db, 'ARWS', { offenderId: SEED.offenders.A000006 })
    expect(reviews).toHaveLength(1)
    const last = await contactByReference(db, items[1]!.reference)
    expect(reviews[0]).toMatchObject({
      linkedContactId: last!.contactId,
      eventId: SEED.events.A000006[1],
      contactDate: TODAY,
      contactStartTime: NOW,
      contactOutcomeTypeId: null,
    })

    // A third failure: the count grows but the open review is not repeated.
    const third = await created({ requirementId: AP.ftcLimitRequirement, date: '2026-04-28' })
    await update(updateItem(third, { outcome: { code: 'FTC' } }))
    expect((await eventRow(db, SEED.events.A000006[1])).ftcCount).toBe(3)
    expect(await contactsOfType(db, 'ARWS', { offenderId: SEED.offenders.A000006 })).toHaveLength(1)
  })

  it('decision 17: AFTC (attended, failed to comply) and UAAB (unacceptable absence) enforce', async () => {
    const aftc = await created({ requirementId: AP.requirement, date: '2026-04-21' })
    const uaab = await created({ requirementId: AP.requirement, date: '2026-04-22' })
    await update(
      updateItem(aftc, { outcome: { code: 'AFTC' } }),
      updateItem(uaab, { outcome: { code: 'UAAB' } }),
    )
    const rows = [await contactByReference(db, aftc.reference), await contactByReference(db, uaab.reference)]
    expect(rows[0]).toMatchObject({
      attended: 'Y',
      complied: 'N',
      enforcement: 1,
      latestEnforcementActionId: ROM,
    })
    expect(rows[1]).toMatchObject({
      attended: 'N',
      complied: 'N',
      enforcement: 1,
      latestEnforcementActionId: ROM,
    })
    for (const row of rows) expect(await enforcementsOf(db, row!.contactId)).toHaveLength(1)
    expect((await eventRow(db, SEED.events.A000004[1])).ftcCount).toBe(2)
    expect(await contactsOfType(db, 'ARWS', { offenderId: SEED.offenders.A000004 })).toHaveLength(1)
  })

  it('another enforceable outcome with the same action, or the same outcome again, records nothing new', async () => {
    const item = await created({ requirementId: SEED.requirements[3], date: '2026-04-15' })
    await update(updateItem(item, { outcome: { code: 'FTC' } }))
    const row = await contactByReference(db, item.reference)
    const contacts = await countRows(db, 'contact')
    await update(updateItem(item, { outcome: { code: 'FTC' } }))
    await update(updateItem(item, { outcome: { code: 'UAAB' } }))
    expect(await countRows(db, 'contact')).toBe(contacts)
    expect(await enforcementsOf(db, row!.contactId)).toHaveLength(1)
    expect(await contactByReference(db, item.reference)).toMatchObject({
      contactOutcomeTypeId: SEED.outcomes.UAAB,
      notes: `Some notes\n\n${ENFORCEMENT_LINE}`,
      enforcement: 1,
    })
  })
})

describe('removing enforcement', () => {
  it('a compliant outcome replacing FTC clears the flags, soft-deletes the ENFORCEMENT row and recounts; action and review contacts stay', async () => {
    const item = await created({ requirementId: AP.rm38Requirement, date: '2026-04-10' })
    await update(updateItem(item, { outcome: { code: 'FTC' } }))
    const eventId = SEED.events.A000002[1]
    expect((await eventRow(db, eventId)).ftcCount).toBe(1)
    const before = await eventRow(db, eventId)
    await update(updateItem(item, { outcome: { code: 'ATTC' } }))
    const row = await contactByReference(db, item.reference)
    expect(row).toMatchObject({
      contactOutcomeTypeId: SEED.outcomes.ATTC,
      attended: 'Y',
      complied: 'Y',
      enforcement: null,
      latestEnforcementActionId: null,
    })
    const enforcements = await enforcementsOf(db, row!.contactId)
    expect(enforcements).toHaveLength(1)
    expect(enforcements[0]).toMatchObject({ softDeleted: 1, rowVersion: 1 })
    const event = await eventRow(db, eventId)
    expect(event).toMatchObject({
      ftcCount: 0,
      rowVersion: before.rowVersion + 1,
      lastUpdatedUserId: SEED.users.auditUser,
    })
    expect(await contactsOfType(db, 'ROM', { rqmntId: AP.rm38Requirement })).toHaveLength(1)

    // FTC again: a new ENFORCEMENT row (the old one is deleted) and a new action contact.
    await update(updateItem(item, { outcome: { code: 'FTC' } }))
    const again = await enforcementsOf(db, row!.contactId)
    expect(again.map((e) => e.softDeleted)).toEqual([1, 0])
    expect(await contactsOfType(db, 'ROM', { rqmntId: AP.rm38Requirement })).toHaveLength(2)
  })
})

describe('counting failures to comply (§2.4 step 3)', () => {
  it('counts distinct dates, only since the last breach ended', async () => {
    const eventId = SEED.events.A000002[1]
    await db.kysely
      .updateTable('event')
      .set({ breachEnd: '2026-03-15 00:00:00' })
      .where('eventId', '=', eventId)
      .execute()
    const items = [
      await created({ requirementId: SEED.requirements[2], date: '2026-03-10' }), // before the breach ended
      await created({
        requirementId: SEED.requirements[2],
        date: '2026-03-20',
        startTime: '09:00',
        endTime: '09:30',
      }),
      await created({
        requirementId: SEED.requirements[2],
        date: '2026-03-20',
        startTime: '14:00',
        endTime: '14:30',
      }),
    ]
    await update(...items.map((item) => updateItem(item, { outcome: { code: 'FTC' } })))
    // 20 March once (two failures that day) plus 10 April (the removal test's FTC on this event);
    // 10 March is before the breach ended.
    expect((await eventRow(db, eventId)).ftcCount).toBe(2)
  })
})

describe('enforcement at creation', () => {
  it('a past appointment created with FTC is enforced straight away', async () => {
    const requirementId = SEED.requirements[0] // A000001 event 3 (community order)
    const item = await created({
      requirementId,
      date: '2026-04-29',
      outcome: { code: 'FTC' },
      notes: 'Did not attend',
    })
    const row = await contactByReference(db, item.reference)
    expect(row).toMatchObject({
      attended: 'N',
      complied: 'N',
      enforcement: 1,
      latestEnforcementActionId: ROM,
      notes: `Did not attend\n\n${ENFORCEMENT_LINE}`,
    })
    expect(await enforcementsOf(db, row!.contactId)).toHaveLength(1)
    expect(await contactsOfType(db, 'ROM', { rqmntId: requirementId })).toMatchObject([
      { linkedContactId: row!.contactId },
    ])
    // With the earlier failure on requirement [3] of the same event (15 April).
    expect((await eventRow(db, SEED.events.A000001[3])).ftcCount).toBe(2)
  })

  it('a missing ROM enforcement action → 404, nothing written', async () => {
    await db.kysely
      .updateTable('rEnforcementAction')
      .set({ code: 'XROM' })
      .where('code', '=', 'ROM')
      .execute()
    try {
      const contacts = await countRows(db, 'contact')
      const item = createItem({
        requirementId: SEED.requirements[0],
        date: '2026-04-20',
        outcome: { code: 'FTC' },
      })
      const response = await t.request('/appointments', { method: 'POST', body: { appointments: [item] } })
      expect(response.status).toBe(404)
      expect(await response.json()).toStrictEqual({
        status: 404,
        message: 'EnforcementAction with code of ROM not found',
      })
      expect(await countRows(db, 'contact')).toBe(contacts)
    } finally {
      await db.kysely
        .updateTable('rEnforcementAction')
        .set({ code: 'ROM' })
        .where('code', '=', 'XROM')
        .execute()
    }
  })
})
