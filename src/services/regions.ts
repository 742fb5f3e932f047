import type { Db } from '../db/database.ts'
import { findPduOfficeLocations } from '../db/queries/office-locations.ts'
import { findLocalAdminUnitMembers, findRegionMembers } from '../db/queries/regions.ts'
import { NotFoundError } from '../errors.ts'
import { type Clock, londonNow } from '../time.ts'
import { type CodedValue, optional } from './case-details.ts'
import { groupBy } from './grouping.ts'
import type { PduOfficeLocations } from './programme-components.ts'

export interface RegionMembers extends CodedValue {
  pdus: (CodedValue & { team: (CodedValue & { members: Member[] })[] })[]
}

export interface Member {
  code: string
  name: { forename: string; middleNames?: string; surname: string }
}

export interface LocalAdminUnitMembers {
  teams: (CodedValue & { members: Member[] })[]
}

/**
 * Each region's (PROBATION_AREA.CODE) Accredited Programmes local admin unit (DISTRICT.CODE),
 * case-details.md §2.10.
 */
export const PROGRAMME_LOCAL_ADMIN_UNITS: ReadonlyMap<string, string> = new Map([
  ['N07', 'N07ACPR'],
  ['N50', 'N50APR'],
  ['N56', 'N56APCR'],
  ['N55', 'N55ACPR'],
  ['N58', 'N58ACPR'],
  ['N57', 'N57ACPR'],
  ['N03', 'N03ACPR'],
  ['N59', 'N59ACPR'],
  ['N54', 'N54ACPR'],
  ['N52', 'N52DDM'],
  ['N51', 'N51APR'],
  ['N53', 'N53ACPR'],
])

export function regionsService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /** case-details.md §2.8: region → PDUs → teams → members. */
    async members(regionCode: string): Promise<RegionMembers> {
      const rows = await findRegionMembers(db.kysely, regionCode)
      if (rows.length === 0) throw new NotFoundError('No members found for region')
      return {
        code: rows[0]!.regionCode,
        description: rows[0]!.regionDescription,
        pdus: [...groupBy(rows, (row) => row.pduCode).values()].map((pduRows) => ({
          code: pduRows[0]!.pduCode,
          description: pduRows[0]!.pduDescription,
          team: [...groupBy(pduRows, (row) => row.teamCode).values()].map((teamRows) => ({
            code: teamRows[0]!.teamCode,
            description: teamRows[0]!.teamDescription,
            members: teamRows.map((row) => ({
              code: row.staffCode,
              name: { forename: row.forename, surname: row.surname },
            })),
          })),
        })),
      }
    },

    /** case-details.md §2.9 */
    async officeLocations(pduCode: string): Promise<PduOfficeLocations> {
      const rows = await findPduOfficeLocations(db.kysely, pduCode, londonNow(clock))
      if (rows.length === 0) throw NotFoundError.of('Probation Delivery Unit', 'code', pduCode)
      return {
        code: rows[0]!.pduCode,
        description: rows[0]!.pduDescription,
        officeLocations: rows.flatMap((row) =>
          row.code === null || row.description === null
            ? []
            : [{ code: row.code, description: row.description }],
        ),
      }
    },

    /** case-details.md §2.10: the staff of the region's Accredited Programmes local admin unit. */
    async programmeLocalAdminUnitMembers(regionCode: string): Promise<LocalAdminUnitMembers> {
      const lauCode = PROGRAMME_LOCAL_ADMIN_UNITS.get(regionCode)
      if (lauCode === undefined) {
        throw new NotFoundError(
          `No Accredited Programmes Local Admin Unit mapping found for region ${regionCode}`,
        )
      }
      const rows = await findLocalAdminUnitMembers(db.kysely, regionCode, lauCode, londonNow(clock))
      return {
        teams: [...groupBy(rows, (row) => `${row.teamCode}\u0000${row.teamDescription}`).values()].map(
          (teamRows) => ({
            code: teamRows[0]!.teamCode,
            description: teamRows[0]!.teamDescription,
            members: teamRows.map((row) => ({
              code: row.staffCode,
              name: {
                forename: row.forename,
                ...optional('middleNames', row.forename2),
                surname: row.surname,
              },
            })),
          }),
        ),
      }
    },
  }
}

export type RegionsService = ReturnType<typeof regionsService>
