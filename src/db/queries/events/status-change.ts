import type { Kysely } from 'kysely'
import type { Database } from '../../schema.ts'
import { type ComponentTable, selectComponent } from './component.ts'
import { nullableNumber } from './numbers.ts'

export interface StatusChangeContext {
  componentId: number
  eventId: number
  offenderId: number
  crn: string
  /** The person's active manager (all null when there is none). */
  managerStaffId: number | null
  managerTeamId: number | null
  /** The manager team's provider. */
  managerProviderId: number | null
  /** The staff of the Delius user named in the detail, when that user exists and has one. */
  userStaffId: number | null
  contactTypeId: number | null
  /** A live contact already written for this notification (spec decision 3). */
  existingContactId: number | null
}

export interface StatusChangeLookup {
  table: ComponentTable
  componentId: number
  /** Delius user name (USER_.DISTINGUISHED_NAME, compared case-insensitively), when sent. */
  username?: string
  contactTypeCode: string
  externalReference: string
}

/**
 * Everything a status contact needs, in one round trip: the component's event and person, the
 * person's active manager and the team's provider, the named user's staff, the contact type, and
 * whether a contact with the notification's reference already exists. Undefined when the
 * component is not active or has no event and person.
 */
export async function findStatusChangeContext(
  db: Kysely<Database>,
  lookup: StatusChangeLookup,
): Promise<StatusChangeContext | undefined> {
  const { username } = lookup
  const row = await selectComponent(db, lookup.table, lookup.componentId)
    .innerJoin('disposal as d', 'd.disposalId', 'c.disposalId')
    .innerJoin('event as e', 'e.eventId', 'd.eventId')
    .innerJoin('offender as o', 'o.offenderId', 'e.offenderId')
    .leftJoin('offenderManager as om', (join) =>
      join
        .onRef('om.offenderId', '=', 'o.offenderId')
        .on('om.activeFlag', '=', 1)
        .on('om.softDeleted', '=', 0),
    )
    .leftJoin('team as t', 't.teamId', 'om.teamId')
    .where('c.softDeleted', '=', 0)
    .where('c.activeFlag', '=', 1)
    .select((eb) => [
      'e.eventId',
      'o.offenderId',
      'o.crn',
      'om.allocationStaffId as managerStaffId',
      'om.teamId as managerTeamId',
      't.probationAreaId as managerProviderId',
      eb
        .selectFrom('rContactType as ct')
        .select((sub) => sub.fn.max('ct.contactTypeId').as('id'))
        .where('ct.code', '=', lookup.contactTypeCode)
        .as('contactTypeId'),
      eb
        .selectFrom('contact as x')
        .select((sub) => sub.fn.max('x.contactId').as('id'))
        .where('x.externalReference', '=', lookup.externalReference)
        .where('x.softDeleted', '=', 0)
        .as('existingContactId'),
    ])
    .$if(username !== undefined, (query) =>
      query.select((eb) =>
        eb
          .selectFrom('user_ as u')
          .select((sub) => sub.fn.max('u.staffId').as('id'))
          .where((sub) =>
            sub(sub.fn('upper', ['u.distinguishedName']), '=', sub.fn('upper', [sub.val(username!)])),
          )
          .as('userStaffId'),
      ),
    )
    // Delius keeps one active manager per person; the order only makes a broken case deterministic.
    .orderBy('om.offenderManagerId')
    .offset(0)
    .fetch(1)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    componentId: Number(row.componentId),
    eventId: Number(row.eventId),
    offenderId: Number(row.offenderId),
    crn: row.crn,
    managerStaffId: nullableNumber(row.managerStaffId),
    managerTeamId: nullableNumber(row.managerTeamId),
    managerProviderId: nullableNumber(row.managerProviderId),
    userStaffId: nullableNumber(row.userStaffId),
    contactTypeId: nullableNumber(row.contactTypeId),
    existingContactId: nullableNumber(row.existingContactId),
  }
}
