import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'

/**
 * An active event of a person by CRN and event number, one row per live main offence (a single row
 * with null offence columns when it has none). No rows: the person or event does not exist.
 */
export function findEventMainOffences(db: Kysely<Database>, crn: string, eventNumber: string) {
  return db
    .selectFrom('event as e')
    .innerJoin('offender as o', 'o.offenderId', 'e.offenderId')
    .leftJoin('mainOffence as mo', (join) =>
      join.onRef('mo.eventId', '=', 'e.eventId').on('mo.softDeleted', '=', 0),
    )
    .leftJoin('rOffence as offence', 'offence.offenceId', 'mo.offenceId')
    .select([
      'e.eventId',
      'mo.mainOffenceId',
      'mo.offenceDate',
      'offence.mainCategoryCode',
      'offence.mainCategoryDescription',
      'offence.subCategoryCode',
      'offence.subCategoryDescription',
    ])
    .where('o.crn', '=', crn)
    .where('o.softDeleted', '=', 0)
    .where('e.eventNumber', '=', eventNumber)
    .where('e.activeFlag', '=', 1)
    .where('e.softDeleted', '=', 0)
    .orderBy('e.eventId')
    .orderBy('mo.mainOffenceId')
    .execute()
}

/** The live additional offences of an event, in id order. */
export function findAdditionalOffences(db: Kysely<Database>, eventId: number) {
  return db
    .selectFrom('additionalOffence as ao')
    .innerJoin('rOffence as offence', 'offence.offenceId', 'ao.offenceId')
    .select([
      'ao.offenceDate',
      'offence.mainCategoryCode',
      'offence.mainCategoryDescription',
      'offence.subCategoryCode',
      'offence.subCategoryDescription',
    ])
    .where('ao.eventId', '=', eventId)
    .where('ao.softDeleted', '=', 0)
    .orderBy('ao.additionalOffenceId')
    .execute()
}
