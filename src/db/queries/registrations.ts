import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'

/** A person's live, not deregistered registrations by CRN, in id order (none for an unknown CRN). */
export function findRegistrations(db: Kysely<Database>, crn: string) {
  return db
    .selectFrom('registration as r')
    .innerJoin('offender as o', 'o.offenderId', 'r.offenderId')
    .innerJoin('rRegisterType as type', 'type.registerTypeId', 'r.registerTypeId')
    .leftJoin(
      'rStandardReferenceList as category',
      'category.standardReferenceListId',
      'r.registerCategoryId',
    )
    .select([
      'type.code as typeCode',
      'type.description as typeDescription',
      'category.codeValue as categoryCode',
      'category.codeDescription as categoryDescription',
      'r.registrationDate',
      'r.nextReviewDate',
    ])
    .where('o.crn', '=', crn)
    .where('o.softDeleted', '=', 0)
    .where('r.softDeleted', '=', 0)
    .where('r.deregistered', '=', 0)
    .orderBy('r.registrationId')
    .execute()
}
