import type { ExpressionBuilder, Kysely } from 'kysely'
import { compiledQuery } from '../compiled-query.ts'
import { inList } from '../dialect.ts'
import type { Database, DeliusDateTime } from '../schema.ts'

/** An office location is open while it has no end date or one after `now` (case-details.md §1). */
function open(eb: ExpressionBuilder<Database, 'officeLocation'>, now: DeliusDateTime) {
  return eb.or([eb('officeLocation.endDate', 'is', null), eb('officeLocation.endDate', '>', now)])
}

/** Open office locations of each team (TEAM_OFFICE_LOCATION), by team then office code. */
export const findTeamOfficeLocations = compiledQuery((db, teamIds: readonly number[], now: DeliusDateTime) =>
  db
    .selectFrom('teamOfficeLocation')
    .innerJoin('officeLocation', 'officeLocation.officeLocationId', 'teamOfficeLocation.officeLocationId')
    .select(['teamOfficeLocation.teamId', 'officeLocation.code', 'officeLocation.description'])
    .where((eb) => inList(eb, 'teamOfficeLocation.teamId', teamIds))
    .where((eb) => open(eb, now))
    .orderBy('teamOfficeLocation.teamId')
    .orderBy('officeLocation.code'),
)

/**
 * Open office locations of each region (PROBATION_AREA_ID), with their PDU: offices whose
 * selectable LAU belongs to a selectable, functional PDU of the region. By region, PDU code,
 * office code.
 */
export const findRegionOfficeLocations = compiledQuery(
  (db, regionIds: readonly number[], now: DeliusDateTime) =>
    db
      .selectFrom('officeLocation')
      .innerJoin('district', 'district.districtId', 'officeLocation.districtId')
      .innerJoin('borough', 'borough.boroughId', 'district.boroughId')
      .select([
        'borough.probationAreaId as regionId',
        'borough.code as pduCode',
        'borough.description as pduDescription',
        'officeLocation.code',
        'officeLocation.description',
      ])
      .where((eb) => inList(eb, 'borough.probationAreaId', regionIds))
      .where('district.selectable', '=', 'Y')
      .where('borough.selectable', '=', 'Y')
      .where('borough.functional', '=', 'Y')
      .where((eb) => open(eb, now))
      .orderBy('borough.probationAreaId')
      .orderBy('borough.code')
      .orderBy('officeLocation.code'),
)

/**
 * A selectable, functional PDU of an active provider by code, with its open office locations (one
 * row per office; one row with null office columns when it has none; no rows when not found).
 */
export function findPduOfficeLocations(db: Kysely<Database>, pduCode: string, now: DeliusDateTime) {
  return db
    .selectFrom('borough')
    .innerJoin('probationArea', 'probationArea.probationAreaId', 'borough.probationAreaId')
    .leftJoin('district', (join) =>
      join.onRef('district.boroughId', '=', 'borough.boroughId').on('district.selectable', '=', 'Y'),
    )
    .leftJoin('officeLocation', (join) =>
      join
        .onRef('officeLocation.districtId', '=', 'district.districtId')
        .on((eb) =>
          eb.or([eb('officeLocation.endDate', 'is', null), eb('officeLocation.endDate', '>', now)]),
        ),
    )
    .select([
      'borough.code as pduCode',
      'borough.description as pduDescription',
      'officeLocation.code',
      'officeLocation.description',
    ])
    .where('borough.code', '=', pduCode)
    .where('borough.selectable', '=', 'Y')
    .where('borough.functional', '=', 'Y')
    .where('probationArea.selectable', '=', 'Y')
    .where((eb) => eb.or([eb('probationArea.endDate', 'is', null), eb('probationArea.endDate', '>', now)]))
    .orderBy('officeLocation.code')
    .execute()
}
