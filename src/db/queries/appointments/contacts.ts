import type { Kysely } from 'kysely'
import { inList } from '../../dialect.ts'
import type { Database, DeliusDateTime } from '../../schema.ts'
import { valuesById } from './bulk-values.ts'
import type { Audit } from './components.ts'

/** External references among `references` that a live (not soft-deleted) contact already has. */
export async function findLiveReferences(
  db: Kysely<Database>,
  references: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('contact')
    .select('externalReference')
    .where((eb) => inList(eb, 'externalReference', references))
    .where('softDeleted', '=', 0)
    .execute()
  return rows.map((row) => row.externalReference!)
}

/**
 * Live appointments by external reference, row-locked (`select ... for update`) until the
 * transaction ends, so a concurrent update of the same appointment waits and then reads this one's
 * result instead of overwriting it. In contact id order, so two batches lock in the same order.
 * Only CONTACT is locked; the CRN comes from a scalar subquery, which both databases allow here.
 */
export function lockAppointments(db: Kysely<Database>, externalReferences: readonly string[]) {
  return db
    .selectFrom('contact as c')
    .select((eb) => [
      'c.contactId',
      'c.externalReference',
      'c.offenderId',
      'c.eventId',
      'c.rqmntId',
      'c.licConditionId',
      'c.nsiId',
      'c.pssRqmntId',
      'c.contactDate',
      'c.contactStartTime',
      'c.contactEndTime',
      'c.contactTypeId',
      'c.contactOutcomeTypeId',
      'c.staffId',
      'c.teamId',
      'c.probationAreaId',
      'c.trustProviderTeamId',
      'c.officeLocationId',
      'c.attended',
      'c.complied',
      'c.enforcement',
      'c.latestEnforcementActionId',
      'c.notes',
      'c.description',
      'c.sensitive',
      'c.rowVersion',
      eb.selectFrom('offender as o').select('o.crn').whereRef('o.offenderId', '=', 'c.offenderId').as('crn'),
    ])
    .where((eb) => inList(eb, 'c.externalReference', externalReferences))
    .where('c.softDeleted', '=', 0)
    .orderBy('c.contactId')
    .forUpdate()
    .execute()
}

export type LockedAppointment = Awaited<ReturnType<typeof lockAppointments>>[number]

/** The editable columns of an appointment after an update (appointments.md §2.3). */
export interface AppointmentValues {
  contactId: number
  contactDate: DeliusDateTime
  contactStartTime: DeliusDateTime | null
  contactEndTime: DeliusDateTime | null
  staffId: number
  teamId: number
  probationAreaId: number
  trustProviderTeamId: number
  officeLocationId: number | null
  contactOutcomeTypeId: number | null
  attended: string | null
  complied: string | null
  enforcement: number | null
  latestEnforcementActionId: number | null
  notes: string | null
  description: string | null
  sensitive: string
}

/**
 * Writes many appointments in one UPDATE: each column is a CASE keyed by contact id. Bumps
 * ROW_VERSION and the last-updated columns. Returns the number of rows changed.
 */
export async function updateAppointments(
  db: Kysely<Database>,
  appointments: readonly AppointmentValues[],
  audit: Audit,
): Promise<number> {
  if (appointments.length === 0) return 0
  const column = <K extends keyof AppointmentValues>(key: K) =>
    appointments.map((a) => [a.contactId, a[key] as string | number | null] as const)
  const result = await db
    .updateTable('contact')
    .set((eb) => ({
      contactDate: valuesById(eb, 'contactId', column('contactDate'), 'timestamp'),
      contactStartTime: valuesById(eb, 'contactId', column('contactStartTime'), 'timestamp'),
      contactEndTime: valuesById(eb, 'contactId', column('contactEndTime'), 'timestamp'),
      staffId: valuesById(eb, 'contactId', column('staffId'), 'number'),
      teamId: valuesById(eb, 'contactId', column('teamId'), 'number'),
      probationAreaId: valuesById(eb, 'contactId', column('probationAreaId'), 'number'),
      trustProviderTeamId: valuesById(eb, 'contactId', column('trustProviderTeamId'), 'number'),
      officeLocationId: valuesById(eb, 'contactId', column('officeLocationId'), 'number'),
      contactOutcomeTypeId: valuesById(eb, 'contactId', column('contactOutcomeTypeId'), 'number'),
      attended: valuesById(eb, 'contactId', column('attended'), 'text'),
      complied: valuesById(eb, 'contactId', column('complied'), 'text'),
      enforcement: valuesById(eb, 'contactId', column('enforcement'), 'number'),
      latestEnforcementActionId: valuesById(eb, 'contactId', column('latestEnforcementActionId'), 'number'),
      notes: valuesById(eb, 'contactId', column('notes'), 'clob'),
      description: valuesById(eb, 'contactId', column('description'), 'text'),
      sensitive: valuesById(eb, 'contactId', column('sensitive'), 'text'),
      rowVersion: eb('rowVersion', '+', 1),
      lastUpdatedUserId: audit.userId,
      lastUpdatedDatetime: audit.now,
    }))
    .where((eb) =>
      inList(
        eb,
        'contactId',
        appointments.map((a) => a.contactId),
      ),
    )
    .where('softDeleted', '=', 0)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * Soft-deletes contacts (SOFT_DELETED = 1) in one statement. Unlike the reference's bulk JPQL update
 * it also bumps ROW_VERSION and the last-updated columns, so a Delius screen holding the old row
 * version cannot save it back over the deletion.
 */
export async function softDeleteContacts(db: Kysely<Database>, contactIds: readonly number[], audit: Audit) {
  if (contactIds.length === 0) return
  await db
    .updateTable('contact')
    .set((eb) => ({
      softDeleted: 1,
      rowVersion: eb('rowVersion', '+', 1),
      lastUpdatedUserId: audit.userId,
      lastUpdatedDatetime: audit.now,
    }))
    .where((eb) => inList(eb, 'contactId', contactIds))
    .execute()
}
