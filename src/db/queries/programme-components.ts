import type { Kysely } from 'kysely'
import { compiledQuery } from '../compiled-query.ts'
import type { Database } from '../schema.ts'

/** Requirement main categories that are accredited programmes (case-details.md §2.5). */
export const PROGRAMME_REQUIREMENT_CATEGORIES = ['RM38', '7'] as const
/** The licence condition main category that is an accredited programme. */
export const PROGRAMME_LICENCE_CONDITION_CATEGORY = 'LAP'

/** One component by id, or every component of a person (by CRN). */
export type ComponentFilter = { id: number } | { crn: string }

/**
 * Active accredited-programme requirements on live disposals of active events, each with its event
 * number, CRN and active manager (staff, Delius user name, team, team PDU and region): one round
 * trip however many. Manager columns are null when there is no active manager.
 */
export function findProgrammeRequirements(db: Kysely<Database>, filter: ComponentFilter) {
  return 'id' in filter ? requirementById(db, filter.id) : requirementsByCrn(db, filter.crn)
}

const requirementById = compiledQuery((db, id: number) => requirements(db).where('c.rqmntId', '=', id))
const requirementsByCrn = compiledQuery((db, crn: string) => requirements(db).where('o.crn', '=', crn))

function requirements(db: Kysely<Database>) {
  return db
    .selectFrom('rqmnt as c')
    .innerJoin('rRqmntTypeMainCategory as main', 'main.rqmntTypeMainCategoryId', 'c.rqmntTypeMainCategoryId')
    .leftJoin('rStandardReferenceList as sub', 'sub.standardReferenceListId', 'c.rqmntTypeSubCategoryId')
    .innerJoin('disposal as d', (join) =>
      join.onRef('d.disposalId', '=', 'c.disposalId').on('d.softDeleted', '=', 0),
    )
    .innerJoin('event as e', (join) =>
      join.onRef('e.eventId', '=', 'd.eventId').on('e.activeFlag', '=', 1).on('e.softDeleted', '=', 0),
    )
    .innerJoin('offender as o', (join) =>
      join.onRef('o.offenderId', '=', 'e.offenderId').on('o.softDeleted', '=', 0),
    )
    .leftJoin('rqmntManager as m', (join) =>
      join.onRef('m.rqmntId', '=', 'c.rqmntId').on('m.activeFlag', '=', 1).on('m.softDeleted', '=', 0),
    )
    .leftJoin('staff as s', 's.staffId', 'm.allocatedStaffId')
    .leftJoin('user_ as u', 'u.staffId', 's.staffId')
    .leftJoin('team as t', 't.teamId', 'm.allocatedTeamId')
    .leftJoin('district as td', 'td.districtId', 't.districtId')
    .leftJoin('borough as tb', 'tb.boroughId', 'td.boroughId')
    .select([
      'c.rqmntId as id',
      'main.code as mainCode',
      'main.description as mainDescription',
      'sub.codeValue as subCode',
      'sub.codeDescription as subDescription',
      'c.createdDatetime',
      'e.eventNumber',
      'o.crn',
      'm.rqmntManagerId as managerId',
      's.officerCode as staffCode',
      's.forename as staffForename',
      's.surname as staffSurname',
      'u.distinguishedName as staffUsername',
      't.teamId',
      't.code as teamCode',
      't.description as teamDescription',
      'tb.code as pduCode',
      'tb.description as pduDescription',
      'tb.probationAreaId as regionId',
    ])
    .where('main.code', 'in', PROGRAMME_REQUIREMENT_CATEGORIES)
    .where('c.activeFlag', '=', 1)
    .where('c.softDeleted', '=', 0)
    .orderBy('c.rqmntId')
    .orderBy('m.rqmntManagerId')
    .orderBy('u.userId')
}

/** As `findProgrammeRequirements`, for active `LAP` licence conditions. */
export function findProgrammeLicenceConditions(db: Kysely<Database>, filter: ComponentFilter) {
  return 'id' in filter ? licenceConditionById(db, filter.id) : licenceConditionsByCrn(db, filter.crn)
}

const licenceConditionById = compiledQuery((db, id: number) =>
  licenceConditions(db).where('c.licConditionId', '=', id),
)
const licenceConditionsByCrn = compiledQuery((db, crn: string) =>
  licenceConditions(db).where('o.crn', '=', crn),
)

function licenceConditions(db: Kysely<Database>) {
  return db
    .selectFrom('licCondition as c')
    .innerJoin('rLicCondTypeMainCat as main', 'main.licCondTypeMainCatId', 'c.licCondTypeMainCatId')
    .leftJoin('rStandardReferenceList as sub', 'sub.standardReferenceListId', 'c.licCondTypeSubCatId')
    .innerJoin('disposal as d', (join) =>
      join.onRef('d.disposalId', '=', 'c.disposalId').on('d.softDeleted', '=', 0),
    )
    .innerJoin('event as e', (join) =>
      join.onRef('e.eventId', '=', 'd.eventId').on('e.activeFlag', '=', 1).on('e.softDeleted', '=', 0),
    )
    .innerJoin('offender as o', (join) =>
      join.onRef('o.offenderId', '=', 'e.offenderId').on('o.softDeleted', '=', 0),
    )
    .leftJoin('licConditionManager as m', (join) =>
      join
        .onRef('m.licConditionId', '=', 'c.licConditionId')
        .on('m.activeFlag', '=', 1)
        .on('m.softDeleted', '=', 0),
    )
    .leftJoin('staff as s', 's.staffId', 'm.staffId')
    .leftJoin('user_ as u', 'u.staffId', 's.staffId')
    .leftJoin('team as t', 't.teamId', 'm.teamId')
    .leftJoin('district as td', 'td.districtId', 't.districtId')
    .leftJoin('borough as tb', 'tb.boroughId', 'td.boroughId')
    .select([
      'c.licConditionId as id',
      'main.code as mainCode',
      'main.description as mainDescription',
      'sub.codeValue as subCode',
      'sub.codeDescription as subDescription',
      'c.createdDatetime',
      'e.eventNumber',
      'o.crn',
      'm.licConditionManagerId as managerId',
      's.officerCode as staffCode',
      's.forename as staffForename',
      's.surname as staffSurname',
      'u.distinguishedName as staffUsername',
      't.teamId',
      't.code as teamCode',
      't.description as teamDescription',
      'tb.code as pduCode',
      'tb.description as pduDescription',
      'tb.probationAreaId as regionId',
    ])
    .where('main.code', '=', PROGRAMME_LICENCE_CONDITION_CATEGORY)
    .where('c.activeFlag', '=', 1)
    .where('c.softDeleted', '=', 0)
    .orderBy('c.licConditionId')
    .orderBy('m.licConditionManagerId')
    .orderBy('u.userId')
}

export type ProgrammeComponentRow = Awaited<ReturnType<typeof findProgrammeRequirements>>[number]
