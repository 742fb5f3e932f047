import type { Insertable } from 'kysely'
import { insertMany } from '../../src/db/dialect.ts'
import type { Database, TableName } from '../../src/db/schema.ts'
import * as seedRows from '../../src/db/seed-rows.ts'
import type { TestDb } from '../helpers/db.ts'

/**
 * Rows the case-information tests add on top of the seed. Ids start at 950,000: below the
 * sequences (1,000,000) and above every seeded id. Inserts go through `insertMany`, the same
 * Oracle-safe path production code uses.
 */
let nextFixtureId = 950_000
export const fixtureId = () => nextFixtureId++

export { AUDIT, day, LIVE } from '../../src/db/seed-rows.ts'

export async function insert<T extends TableName>(
  db: TestDb,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  await insertMany(db.kysely, db.dialect, table, rows)
}

type Extra<T extends TableName> = Partial<Insertable<Database[T]>>

export const offenderRow = (crn: string, extra: Extra<'offender'> = {}) =>
  seedRows.offenderRow(fixtureId(), crn, extra)

export const personManagerRow = (offenderId: number, extra: Extra<'offenderManager'> = {}) =>
  seedRows.personManagerRow(fixtureId(), offenderId, extra)

export const eventRow = (offenderId: number, eventNumber: string, extra: Extra<'event'> = {}) =>
  seedRows.eventRow(fixtureId(), offenderId, eventNumber, extra)

export const disposalRow = (eventId: number, offenderId: number, extra: Extra<'disposal'> = {}) =>
  seedRows.disposalRow(fixtureId(), eventId, offenderId, extra)

export const requirementRow = (disposalId: number, offenderId: number, extra: Extra<'rqmnt'> = {}) =>
  seedRows.requirementRow(fixtureId(), disposalId, offenderId, extra)

export const requirementManagerRow = (rqmntId: number, extra: Extra<'rqmntManager'> = {}) =>
  seedRows.requirementManagerRow(fixtureId(), rqmntId, extra)

export const licenceConditionRow = (
  disposalId: number,
  offenderId: number,
  extra: Extra<'licCondition'> = {},
) => seedRows.licenceConditionRow(fixtureId(), disposalId, offenderId, extra)

export const licenceConditionManagerRow = (
  licConditionId: number,
  extra: Extra<'licConditionManager'> = {},
) => seedRows.licenceConditionManagerRow(fixtureId(), licConditionId, extra)

export const contactRow = (
  offenderId: number,
  contactTypeId: number,
  date: string,
  extra: Extra<'contact'> = {},
) => seedRows.contactRow(fixtureId(), offenderId, contactTypeId, date, extra)
