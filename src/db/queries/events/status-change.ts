import type { AliasableExpression, Kysely } from 'kysely'
import { reusableQuery } from '../../compiled-query.ts'
import type { Database, NewContact } from '../../schema.ts'
import { type ComponentTable, type SelectSource, selectComponent } from './component.ts'
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

/** Columns of a status contact that `insertStatusContact` fills from the database, not from `contact`. */
export const STATUS_CONTACT_LOOKED_UP = [
  'offenderId',
  'eventId',
  'contactTypeId',
  'staffId',
  'teamId',
  'trustProviderTeamId',
  'probationAreaId',
] as const satisfies readonly (keyof NewContact)[]

export interface StatusContactInsert extends StatusChangeLookup {
  /** The notification's CRN: nothing is written when the component belongs to someone else. */
  crn: string
  /** The row; its STATUS_CONTACT_LOOKED_UP columns are replaced by the looked-up values. */
  contact: NewContact
}

/**
 * The whole status contact in one statement (`insert into contact (...) select ... from <component>
 * join ...`): event and person from the component, staff (the named user's, else the manager's),
 * team and provider from the person's active manager (the lowest id when Delius has more than one),
 * and the contact type by code. It inserts nothing, and answers false, when anything is missing
 * (component inactive, CRN mismatch, no complete manager, unknown contact type) or a live contact
 * with the notification's reference exists; `findStatusChangeContext` then tells which. Run it after
 * `lockComponent`: its snapshot then sees what a concurrent consumer of the same message committed.
 */
export async function insertStatusContact(
  db: Kysely<Database>,
  input: StatusContactInsert,
): Promise<boolean> {
  const { contact } = input
  const columns = Object.keys(contact) as (keyof NewContact & string)[]
  const values: Record<string, unknown> = {
    componentId: input.componentId,
    crn: input.crn,
    contactTypeCode: input.contactTypeCode,
    externalReference: input.externalReference,
    username: input.username,
  }
  for (const column of columns) values[`contact.${column}`] = contact[column]
  const shape = { table: input.table, byUsername: input.username !== undefined, columns: columns.join() }
  const result = await insertStatusContactQuery(db, shape, values)
  return Number(result.numAffectedRows ?? 0) > 0
}

const insertStatusContactQuery = reusableQuery<
  { table: ComponentTable; byUsername: boolean; columns: string },
  Record<string, unknown>,
  unknown
>((db, shape, value) => {
  const columns = shape.columns.split(',') as (keyof NewContact & string)[]
  // The select is built from the insert's own `eb`: one built from `db` and embedded would have the
  // casing plugin run over it twice (on Oracle: CONTACT__TYPE__ID, R__CONTACT__TYPE).
  const select = (source: SelectSource) =>
    selectComponent(source, shape.table, value('componentId') as number)
      .clearSelect()
      .innerJoin('disposal as d', 'd.disposalId', 'c.disposalId')
      .innerJoin('event as e', 'e.eventId', 'd.eventId')
      .innerJoin('offender as o', 'o.offenderId', 'e.offenderId')
      .innerJoin('offenderManager as om', 'om.offenderId', 'o.offenderId')
      .innerJoin('team as t', 't.teamId', 'om.teamId')
      .innerJoin('rContactType as ct', (join) =>
        join.on('ct.contactTypeId', '=', (eb) =>
          eb
            .selectFrom('rContactType as x')
            .select((sub) => sub.fn.max('x.contactTypeId').as('id'))
            .where('x.code', '=', value('contactTypeCode') as string),
        ),
      )
      .where('c.softDeleted', '=', 0)
      .where('c.activeFlag', '=', 1)
      .where('o.crn', '=', value('crn') as string)
      .where('om.offenderManagerId', '=', (eb) =>
        eb
          .selectFrom('offenderManager as m')
          .select((sub) => sub.fn.min('m.offenderManagerId').as('id'))
          .whereRef('m.offenderId', '=', 'o.offenderId')
          .where('m.activeFlag', '=', 1)
          .where('m.softDeleted', '=', 0),
      )
      .where('om.allocationStaffId', 'is not', null)
      .where('t.probationAreaId', 'is not', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('contact as x')
              .select('x.contactId')
              .where('x.externalReference', '=', value('externalReference') as string)
              .where('x.softDeleted', '=', 0),
          ),
        ),
      )
      .select((eb) => {
        const lookedUp: Record<(typeof STATUS_CONTACT_LOOKED_UP)[number], AliasableExpression<unknown>> = {
          offenderId: eb.ref('o.offenderId'),
          eventId: eb.ref('e.eventId'),
          contactTypeId: eb.ref('ct.contactTypeId'),
          staffId: shape.byUsername
            ? eb.fn.coalesce(
                eb
                  .selectFrom('user_ as u')
                  .select((sub) => sub.fn.max('u.staffId').as('id'))
                  .where((sub) =>
                    sub(
                      sub.fn('upper', ['u.distinguishedName']),
                      '=',
                      sub.fn('upper', [sub.val(value('username') as string)]),
                    ),
                  ),
                eb.ref('om.allocationStaffId'),
              )
            : eb.ref('om.allocationStaffId'),
          teamId: eb.ref('om.teamId'),
          trustProviderTeamId: eb.ref('om.teamId'),
          probationAreaId: eb.ref('t.probationAreaId'),
        }
        return columns.map((column) => {
          const looked = (lookedUp as Record<string, AliasableExpression<unknown> | undefined>)[column]
          return (looked ?? eb.val(value(`contact.${column}`))).as(column)
        })
      })
  return db
    .insertInto('contact')
    .columns(columns)
    .expression((eb) => select(eb as unknown as SelectSource))
})
