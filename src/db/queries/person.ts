import type { Kysely } from 'kysely'
import { compiledQuery } from '../compiled-query.ts'
import type { Database } from '../schema.ts'

/**
 * A person (OFFENDER, not soft-deleted) with their active community manager's staff, team, PDU and
 * region, in one round trip. The manager columns are null when there is no active manager.
 */
export async function findPersonalDetails(db: Kysely<Database>, crn: string) {
  return (await personalDetails(db, crn))[0]
}

const personalDetails = compiledQuery((db, crn: string) =>
  db
    .selectFrom('offender as o')
    .leftJoin('rStandardReferenceList as gender', 'gender.standardReferenceListId', 'o.genderId')
    .leftJoin('rStandardReferenceList as ethnicity', 'ethnicity.standardReferenceListId', 'o.ethnicityId')
    .leftJoin('offenderManager as om', (join) =>
      join
        .onRef('om.offenderId', '=', 'o.offenderId')
        .on('om.activeFlag', '=', 1)
        .on('om.softDeleted', '=', 0),
    )
    .leftJoin('staff as s', 's.staffId', 'om.allocationStaffId')
    .leftJoin('user_ as u', 'u.staffId', 's.staffId')
    .leftJoin('team as t', 't.teamId', 'om.teamId')
    .leftJoin('district as d', 'd.districtId', 't.districtId')
    .leftJoin('borough as b', 'b.boroughId', 'd.boroughId')
    .leftJoin('probationArea as pa', 'pa.probationAreaId', 't.probationAreaId')
    .select([
      'o.offenderId',
      'o.crn',
      'o.firstName',
      'o.secondName',
      'o.thirdName',
      'o.surname',
      'o.dateOfBirthDate',
      'gender.codeValue as genderCode',
      'gender.codeDescription as genderDescription',
      'ethnicity.codeValue as ethnicityCode',
      'ethnicity.codeDescription as ethnicityDescription',
      'om.offenderManagerId',
      's.officerCode as staffCode',
      's.forename as staffForename',
      's.surname as staffSurname',
      'u.distinguishedName as staffUsername',
      't.code as teamCode',
      't.description as teamDescription',
      'b.code as pduCode',
      'b.description as pduDescription',
      'pa.code as regionCode',
      'pa.description as regionDescription',
    ])
    .where('o.crn', '=', crn)
    .where('o.softDeleted', '=', 0)
    .orderBy('om.offenderManagerId')
    .offset(0)
    .fetch(1),
)

/** OFFENDER_ID of a person (not soft-deleted) by CRN. */
export async function findPersonId(db: Kysely<Database>, crn: string): Promise<number | undefined> {
  return (await personId(db, crn))[0]?.offenderId
}

const personId = compiledQuery((db, crn: string) =>
  db
    .selectFrom('offender')
    .select('offenderId')
    .where('crn', '=', crn)
    .where('softDeleted', '=', 0)
    .orderBy('offenderId')
    .offset(0)
    .fetch(1),
)
