import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'

/** Contact types whose latest date stands in for a missing PR1 key date (case-details.md §2.2). */
export const TWO_THIRDS_CONTACT_TYPES = ['PRST02', 'PRST03'] as const
/** The key-date types the sentence reports. */
export const SENTENCE_KEY_DATE_TYPES = ['LED', 'PSSED', 'PR1'] as const

/**
 * An active event of a person by CRN and event number, with its disposal (if sentenced), disposal
 * type, length units and custody, plus the latest two-thirds contact date: one round trip.
 * Undefined when the person or event does not exist.
 */
export function findSentencedEvent(db: Kysely<Database>, crn: string, eventNumber: string) {
  return db
    .selectFrom('event as e')
    .innerJoin('offender as o', 'o.offenderId', 'e.offenderId')
    .leftJoin('disposal as d', (join) =>
      join.onRef('d.eventId', '=', 'e.eventId').on('d.softDeleted', '=', 0),
    )
    .leftJoin('rDisposalType as dt', 'dt.disposalTypeId', 'd.disposalTypeId')
    .leftJoin('rStandardReferenceList as units', 'units.standardReferenceListId', 'd.entryLengthUnitsId')
    .leftJoin('custody as c', (join) =>
      join.onRef('c.disposalId', '=', 'd.disposalId').on('c.softDeleted', '=', 0),
    )
    .select((eb) => [
      'e.eventId',
      'd.disposalId',
      'd.disposalDate',
      'd.entryLength',
      'd.notionalEndDate',
      'd.enteredNotionalEndDate',
      'dt.description as disposalTypeDescription',
      'dt.sentenceType',
      'units.codeDescription as entryLengthUnits',
      'c.custodyId',
      eb
        .selectFrom('contact as ct')
        .innerJoin('rContactType as type', 'type.contactTypeId', 'ct.contactTypeId')
        .select((sub) => sub.fn.max('ct.contactDate').as('contactDate'))
        .whereRef('ct.eventId', '=', 'e.eventId')
        .where('ct.softDeleted', '=', 0)
        .where('type.code', 'in', TWO_THIRDS_CONTACT_TYPES)
        .as('twoThirdsContactDate'),
    ])
    .where('o.crn', '=', crn)
    .where('o.softDeleted', '=', 0)
    .where('e.eventNumber', '=', eventNumber)
    .where('e.activeFlag', '=', 1)
    .where('e.softDeleted', '=', 0)
    .orderBy('e.eventId')
    .orderBy('d.disposalId')
    .orderBy('c.custodyId')
    .offset(0)
    .fetch(1)
    .executeTakeFirst()
}

/** The LED, PSSED and PR1 key dates of a custody, in id order. */
export function findKeyDates(db: Kysely<Database>, custodyId: number) {
  return db
    .selectFrom('keyDate as kd')
    .innerJoin('rStandardReferenceList as type', 'type.standardReferenceListId', 'kd.keyDateTypeId')
    .select(['type.codeValue as type', 'kd.keyDate'])
    .where('kd.custodyId', '=', custodyId)
    .where('kd.softDeleted', '=', 0)
    .where('type.codeValue', 'in', SENTENCE_KEY_DATE_TYPES)
    .orderBy('kd.keyDateId')
    .execute()
}

/** The release type of a custody's most recent release (latest release date, then creation). */
export async function findLatestReleaseType(
  db: Kysely<Database>,
  custodyId: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('release as r')
    .innerJoin('rStandardReferenceList as type', 'type.standardReferenceListId', 'r.releaseTypeId')
    .select('type.codeDescription as releaseType')
    .where('r.custodyId', '=', custodyId)
    .where('r.softDeleted', '=', 0)
    .orderBy('r.actualReleaseDate', 'desc')
    .orderBy('r.createdDatetime', 'desc')
    .orderBy('r.releaseId', 'desc')
    .offset(0)
    .fetch(1)
    .executeTakeFirst()
  return row?.releaseType
}

/** Main and sub category of every active licence condition of a disposal, in id order. */
export function findLicenceConditionCategories(db: Kysely<Database>, disposalId: number) {
  return db
    .selectFrom('licCondition as lc')
    .leftJoin('rLicCondTypeMainCat as main', 'main.licCondTypeMainCatId', 'lc.licCondTypeMainCatId')
    .leftJoin('rStandardReferenceList as sub', 'sub.standardReferenceListId', 'lc.licCondTypeSubCatId')
    .select([
      'main.code as mainCode',
      'main.description as mainDescription',
      'sub.codeValue as subCode',
      'sub.codeDescription as subDescription',
    ])
    .where('lc.disposalId', '=', disposalId)
    .where('lc.activeFlag', '=', 1)
    .where('lc.softDeleted', '=', 0)
    .orderBy('lc.licConditionId')
    .execute()
}

/** Main and sub category of every active requirement of a disposal, in id order. */
export function findRequirementCategories(db: Kysely<Database>, disposalId: number) {
  return db
    .selectFrom('rqmnt as r')
    .leftJoin('rRqmntTypeMainCategory as main', 'main.rqmntTypeMainCategoryId', 'r.rqmntTypeMainCategoryId')
    .leftJoin('rStandardReferenceList as sub', 'sub.standardReferenceListId', 'r.rqmntTypeSubCategoryId')
    .select([
      'main.code as mainCode',
      'main.description as mainDescription',
      'sub.codeValue as subCode',
      'sub.codeDescription as subDescription',
    ])
    .where('r.disposalId', '=', disposalId)
    .where('r.activeFlag', '=', 1)
    .where('r.softDeleted', '=', 0)
    .orderBy('r.rqmntId')
    .execute()
}

/** Main and sub category of every active post-sentence supervision requirement of a custody. */
export function findPssRequirementCategories(db: Kysely<Database>, custodyId: number) {
  return db
    .selectFrom('pssRqmnt as p')
    .leftJoin('rPssRqmntTypeMainCategory as main', 'main.pssRqmntTypeMainCatId', 'p.pssRqmntTypeMainCatId')
    .leftJoin('rPssRqmntTypeSubCategory as sub', 'sub.pssRqmntTypeSubCatId', 'p.pssRqmntTypeSubCatId')
    .select([
      'main.code as mainCode',
      'main.description as mainDescription',
      'sub.code as subCode',
      'sub.description as subDescription',
    ])
    .where('p.custodyId', '=', custodyId)
    .where('p.activeFlag', '=', 1)
    .where('p.softDeleted', '=', 0)
    .orderBy('p.pssRqmntId')
    .execute()
}
