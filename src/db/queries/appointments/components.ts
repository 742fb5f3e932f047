import type { Kysely } from 'kysely'
import { inList } from '../../dialect.ts'
import type { Database, DeliusDateTime } from '../../schema.ts'
import { valuesById } from './bulk-values.ts'

/** Main categories of requirements that are accredited programmes (appointments.md §1.2). */
export const PROGRAMME_REQUIREMENT_CATEGORIES = ['RM38', '7'] as const
export const PROGRAMME_LICENCE_CONDITION_CATEGORIES = ['LAP'] as const

/**
 * Active, live accredited-programme requirements with the person and event they belong to, in one
 * round trip, **row-locked** (`select ... for update`) until the transaction ends. Ids that are
 * missing, inactive, deleted or of another category give no row (and no lock).
 *
 * Why the lock: Delius has no unique constraint on CONTACT.EXTERNAL_REFERENCE, and we cannot add
 * one, so the duplicate-reference check of a create (decision 6) is a SELECT that two concurrent
 * creates of one reference would both pass. Every create first locks the components it writes to,
 * so creates that share a component run their check and insert one after the other: the second
 * waits here until the first commits, and its check (a later statement, so a later snapshot on
 * Oracle and PostgreSQL alike in READ COMMITTED) then sees the first one's contact and answers 409.
 * The rows are locked in id order (requirements before licence conditions, see create.ts), so two
 * overlapping batches cannot deadlock. Only RQMNT is locked: the category is a subquery in the
 * WHERE and the event and CRN are scalar subqueries, because a join would lock the joined rows too
 * (on PostgreSQL the shared category row, serialising every create) and Oracle's `for update of`
 * names columns where PostgreSQL's names tables.
 */
export function findProgrammeRequirements(db: Kysely<Database>, ids: readonly number[]) {
  return db
    .selectFrom('rqmnt as r')
    .select((eb) => [
      'r.rqmntId as componentId',
      eb
        .selectFrom('disposal as d')
        .select('d.eventId')
        .whereRef('d.disposalId', '=', 'r.disposalId')
        .$asScalar()
        .$notNull()
        .as('eventId'),
      'r.offenderId',
      eb
        .selectFrom('offender as o')
        .select('o.crn')
        .whereRef('o.offenderId', '=', 'r.offenderId')
        .$asScalar()
        .$notNull()
        .as('crn'),
    ])
    .where((eb) => inList(eb, 'r.rqmntId', ids))
    .where('r.activeFlag', '=', 1)
    .where('r.softDeleted', '=', 0)
    .where('r.rqmntTypeMainCategoryId', 'in', (eb) =>
      eb
        .selectFrom('rRqmntTypeMainCategory as cat')
        .select('cat.rqmntTypeMainCategoryId')
        .where('cat.code', 'in', PROGRAMME_REQUIREMENT_CATEGORIES),
    )
    .orderBy('r.rqmntId')
    .forUpdate()
    .execute()
}

/** The same for licence conditions (main category LAP), locked the same way. */
export function findProgrammeLicenceConditions(db: Kysely<Database>, ids: readonly number[]) {
  return db
    .selectFrom('licCondition as lc')
    .select((eb) => [
      'lc.licConditionId as componentId',
      eb
        .selectFrom('disposal as d')
        .select('d.eventId')
        .whereRef('d.disposalId', '=', 'lc.disposalId')
        .$asScalar()
        .$notNull()
        .as('eventId'),
      'lc.offenderId',
      eb
        .selectFrom('offender as o')
        .select('o.crn')
        .whereRef('o.offenderId', '=', 'lc.offenderId')
        .$asScalar()
        .$notNull()
        .as('crn'),
    ])
    .where((eb) => inList(eb, 'lc.licConditionId', ids))
    .where('lc.activeFlag', '=', 1)
    .where('lc.softDeleted', '=', 0)
    .where('lc.licCondTypeMainCatId', 'in', (eb) =>
      eb
        .selectFrom('rLicCondTypeMainCat as cat')
        .select('cat.licCondTypeMainCatId')
        .where('cat.code', 'in', PROGRAMME_LICENCE_CONDITION_CATEGORIES),
    )
    .orderBy('lc.licConditionId')
    .forUpdate()
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
