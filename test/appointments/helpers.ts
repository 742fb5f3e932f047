import { randomUUID } from 'node:crypto'
import type { Insertable } from 'kysely'
import type { ContactTable } from '../../src/db/schema.ts'
import { SEED } from '../../src/db/seed.ts'
import { REFERENCE_PREFIX } from '../../src/services/appointments/model.ts'
import { newContact } from '../../src/services/contacts.ts'
import type { TestDb } from '../helpers/db.ts'

export const urn = (reference: string) => `${REFERENCE_PREFIX}${reference}`
export const newReference = () => randomUUID()

/** A create item with the spec example's values (appointments.md §4); override what a test needs. */
export function createItem(overrides: Record<string, unknown> = {}) {
  return {
    reference: newReference(),
    requirementId: SEED.appointments.requirement,
    licenceConditionId: null,
    date: '2026-05-20',
    startTime: '10:00:00',
    endTime: '10:30:00',
    outcome: null,
    location: { code: 'OFFICE1' },
    staff: { code: 'STAFF01' },
    team: { code: 'TEAM01' },
    notes: 'Some notes',
    sensitive: false,
    type: 'PROGRAMME_ATTENDANCE',
    description: 'Description',
    ...overrides,
  }
}

/** An update item that keeps a created item's schedule and assignment; override the changes. */
export function updateItem(created: ReturnType<typeof createItem>, overrides: Record<string, unknown> = {}) {
  return {
    reference: created.reference,
    date: created.date,
    startTime: created.startTime,
    endTime: created.endTime,
    outcome: null,
    location: created.location,
    staff: created.staff,
    team: created.team,
    notes: null,
    sensitive: created.sensitive,
    description: created.description,
    ...overrides,
  }
}

export function contactByReference(db: TestDb, reference: string) {
  return db.kysely
    .selectFrom('contact')
    .selectAll()
    .where('externalReference', '=', urn(reference))
    .executeTakeFirst()
}

export function contactsOfType(
  db: TestDb,
  code: string,
  where: { offenderId?: number; rqmntId?: number } = {},
) {
  let query = db.kysely
    .selectFrom('contact as c')
    .innerJoin('rContactType as ct', 'ct.contactTypeId', 'c.contactTypeId')
    .selectAll('c')
    .where('ct.code', '=', code)
    .where('c.softDeleted', '=', 0)
  if (where.offenderId !== undefined) query = query.where('c.offenderId', '=', where.offenderId)
  if (where.rqmntId !== undefined) query = query.where('c.rqmntId', '=', where.rqmntId)
  return query.orderBy('c.contactId').execute()
}

export function enforcementsOf(db: TestDb, contactId: number) {
  return db.kysely
    .selectFrom('enforcement')
    .selectAll()
    .where('contactId', '=', contactId)
    .orderBy('enforcementId')
    .execute()
}

export function eventRow(db: TestDb, eventId: number) {
  return db.kysely.selectFrom('event').selectAll().where('eventId', '=', eventId).executeTakeFirstOrThrow()
}

/** AUDITED_INTERACTION rows of a business interaction whose parameters mention the contact. */
export async function auditRowsFor(db: TestDb, code: 'CLBI003' | 'CLBI007' | 'CLBI009', contactId: number) {
  const rows = await db.kysely
    .selectFrom('auditedInteraction as a')
    .innerJoin('businessInteraction as b', 'b.businessInteractionId', 'a.businessInteractionId')
    .select(['a.interactionParameters', 'a.userId', 'a.dateTime', 'a.outcome'])
    .where('b.businessInteractionCode', '=', code)
    .execute()
  return rows.filter((row) =>
    (row.interactionParameters ?? '').split(',').includes(`contactId='${contactId}'`),
  )
}

export async function countRows(db: TestDb, table: 'contact' | 'enforcement' | 'auditedInteraction') {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Inserts an appointment contact directly (fixtures the API cannot create, e.g. a past or CAPX one). */
export async function insertAppointment(
  db: TestDb,
  fields: Partial<Parameters<typeof newContact>[0]> & {
    contactId: number
    contactTypeId: number
    contactDate: string
  },
  overrides: Partial<Insertable<ContactTable>> = {},
) {
  const row = {
    ...newContact(
      {
        offenderId: SEED.offenders.A000004,
        eventId: SEED.events.A000004[1],
        rqmntId: SEED.appointments.requirement,
        staffId: SEED.staff.STAFF01,
        teamId: SEED.teams.TEAM01,
        probationAreaId: SEED.providers.PA1,
        ...fields,
      },
      { userId: SEED.users.auditUser, now: '2026-04-01 09:00:00' },
    ),
    ...overrides,
  }
  await db.kysely.insertInto('contact').values(row).execute()
  return row
}

/** Telemetry events captured in the app's log lines. */
export function telemetry(lines: Record<string, unknown>[], name: string) {
  return lines.filter((line) => line.event === name).map((line) => line.properties as Record<string, unknown>)
}
