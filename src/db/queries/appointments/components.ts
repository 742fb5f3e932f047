import type { Kysely } from 'kysely'
import { inList } from '../../dialect.ts'
import type { Database, DeliusDateTime } from '../../schema.ts'
import { valuesById } from './bulk-values.ts'

/** Main categories of requirements that are accredited programmes (appointments.md §1.2). */
export const PROGRAMME_REQUIREMENT_CATEGORIES = ['RM38', '7'] as const
export const PROGRAMME_LICENCE_CONDITION_CATEGORIES = ['LAP'] as const

/**
 * Active, live accredited-programme requirements with the person and event they belong to, in one
 * round trip. Ids that are missing, inactive, deleted or of another category give no row.
 */
export function findProgrammeRequirements(db: Kysely<Database>, ids: readonly number[]) {
  return db
    .selectFrom('rqmnt as r')
    .innerJoin('rRqmntTypeMainCategory as cat', 'cat.rqmntTypeMainCategoryId', 'r.rqmntTypeMainCategoryId')
    .innerJoin('disposal as d', 'd.disposalId', 'r.disposalId')
    .innerJoin('offender as o', 'o.offenderId', 'd.offenderId')
    .select(['r.rqmntId as componentId', 'd.eventId', 'd.offenderId', 'o.crn'])
    .where((eb) => inList(eb, 'r.rqmntId', ids))
    .where('r.activeFlag', '=', 1)
    .where('r.softDeleted', '=', 0)
    .where('cat.code', 'in', PROGRAMME_REQUIREMENT_CATEGORIES)
    .execute()
}

/** The same for licence conditions (main category LAP). */
export function findProgrammeLicenceConditions(db: Kysely<Database>, ids: readonly number[]) {
  return db
    .selectFrom('licCondition as lc')
    .innerJoin('rLicCondTypeMainCat as cat', 'cat.licCondTypeMainCatId', 'lc.licCondTypeMainCatId')
    .innerJoin('disposal as d', 'd.disposalId', 'lc.disposalId')
    .innerJoin('offender as o', 'o.offenderId', 'd.offenderId')
    .select(['lc.licConditionId as componentId', 'd.eventId', 'd.offenderId', 'o.crn'])
    .where((eb) => inList(eb, 'lc.licConditionId', ids))
    .where('lc.activeFlag', '=', 1)
    .where('lc.softDeleted', '=', 0)
    .where('cat.code', 'in', PROGRAMME_LICENCE_CONDITION_CATEGORIES)
    .execute()
}

export type ProgrammeComponentRow = Awaited<ReturnType<typeof findProgrammeRequirements>>[number]

/** Commencement state of requirements, row-locked so concurrent creates append notes in turn. */
export function lockRequirementCommencements(db: Kysely<Database>, ids: readonly number[]) {
  return db
    .selectFrom('rqmnt')
    .select(['rqmntId as componentId', 'commencementDate', 'rqmntNotes as notes'])
    .where((eb) => inList(eb, 'rqmntId', ids))
    .orderBy('rqmntId')
    .forUpdate()
    .execute()
}

export function lockLicenceConditionCommencements(db: Kysely<Database>, ids: readonly number[]) {
  return db
    .selectFrom('licCondition')
    .select(['licConditionId as componentId', 'commencementDate', 'licConditionNotes as notes'])
    .where((eb) => inList(eb, 'licConditionId', ids))
    .orderBy('licConditionId')
    .forUpdate()
    .execute()
}

export interface Commencement {
  componentId: number
  commencementDate: DeliusDateTime
  notes: string
}

export interface Audit {
  userId: number
  now: DeliusDateTime
}

/** Sets the commencement date and notes of many requirements in one statement. */
export async function updateRequirementCommencements(
  db: Kysely<Database>,
  commencements: readonly Commencement[],
  audit: Audit,
): Promise<void> {
  if (commencements.length === 0) return
  await db
    .updateTable('rqmnt')
    .set((eb) => ({
      commencementDate: valuesById(
        eb,
        'rqmntId',
        commencements.map((c) => [c.componentId, c.commencementDate]),
        'timestamp',
      ),
      rqmntNotes: valuesById(
        eb,
        'rqmntId',
        commencements.map((c) => [c.componentId, c.notes]),
        'clob',
      ),
      rowVersion: eb('rowVersion', '+', 1),
      lastUpdatedUserId: audit.userId,
      lastUpdatedDatetime: audit.now,
    }))
    .where((eb) =>
      inList(
        eb,
        'rqmntId',
        commencements.map((c) => c.componentId),
      ),
    )
    .execute()
}

export async function updateLicenceConditionCommencements(
  db: Kysely<Database>,
  commencements: readonly Commencement[],
  audit: Audit,
): Promise<void> {
  if (commencements.length === 0) return
  await db
    .updateTable('licCondition')
    .set((eb) => ({
      commencementDate: valuesById(
        eb,
        'licConditionId',
        commencements.map((c) => [c.componentId, c.commencementDate]),
        'timestamp',
      ),
      licConditionNotes: valuesById(
        eb,
        'licConditionId',
        commencements.map((c) => [c.componentId, c.notes]),
        'clob',
      ),
      rowVersion: eb('rowVersion', '+', 1),
      lastUpdatedUserId: audit.userId,
      lastUpdatedDatetime: audit.now,
    }))
    .where((eb) =>
      inList(
        eb,
        'licConditionId',
        commencements.map((c) => c.componentId),
      ),
    )
    .execute()
}
