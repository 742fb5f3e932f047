import type { Kysely } from 'kysely'
import type { Database, DeliusDateTime } from '../schema.ts'

/**
 * Open staff (no end date) of the open teams (no end date) of a region, through selectable LAUs and
 * PDUs, with region, PDU and team: one row per membership, by PDU, team and staff code.
 */
export function findRegionMembers(db: Kysely<Database>, regionCode: string) {
  return db
    .selectFrom('staff as s')
    .innerJoin('staffTeam as st', 'st.staffId', 's.staffId')
    .innerJoin('team as t', 't.teamId', 'st.teamId')
    .innerJoin('district as d', 'd.districtId', 't.districtId')
    .innerJoin('borough as b', 'b.boroughId', 'd.boroughId')
    .innerJoin('probationArea as pa', 'pa.probationAreaId', 't.probationAreaId')
    .select([
      'pa.code as regionCode',
      'pa.description as regionDescription',
      'b.code as pduCode',
      'b.description as pduDescription',
      't.code as teamCode',
      't.description as teamDescription',
      's.officerCode as staffCode',
      's.forename',
      's.surname',
    ])
    .where('pa.code', '=', regionCode)
    .where('d.selectable', '=', 'Y')
    .where('b.selectable', '=', 'Y')
    .where('t.endDate', 'is', null)
    .where('s.endDate', 'is', null)
    .orderBy('b.code')
    .orderBy('t.code')
    .orderBy('s.officerCode')
    .orderBy('s.staffId')
    .execute()
}

/**
 * Staff of the teams in one local admin unit of a region, where team and staff are active (no end
 * date, or one after `now`): one row per membership, by team and staff code.
 */
export function findLocalAdminUnitMembers(
  db: Kysely<Database>,
  regionCode: string,
  lauCode: string,
  now: DeliusDateTime,
) {
  return db
    .selectFrom('staff as s')
    .innerJoin('staffTeam as st', 'st.staffId', 's.staffId')
    .innerJoin('team as t', 't.teamId', 'st.teamId')
    .innerJoin('district as d', 'd.districtId', 't.districtId')
    .innerJoin('probationArea as pa', 'pa.probationAreaId', 't.probationAreaId')
    .select([
      't.code as teamCode',
      't.description as teamDescription',
      's.officerCode as staffCode',
      's.forename',
      's.forename2',
      's.surname',
    ])
    .where('pa.code', '=', regionCode)
    .where('d.code', '=', lauCode)
    .where((eb) => eb.or([eb('t.endDate', 'is', null), eb('t.endDate', '>', now)]))
    .where((eb) => eb.or([eb('s.endDate', 'is', null), eb('s.endDate', '>', now)]))
    .orderBy('t.code')
    .orderBy('s.officerCode')
    .orderBy('s.staffId')
    .execute()
}
