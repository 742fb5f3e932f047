import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'

/**
 * The open teams (no end date) of the staff behind a Delius user (user name compared
 * case-insensitively), with PDU and region, by team code. None for an unknown user.
 */
export function findUserTeams(db: Kysely<Database>, username: string) {
  return db
    .selectFrom('user_ as u')
    .innerJoin('staffTeam as st', 'st.staffId', 'u.staffId')
    .innerJoin('team as t', 't.teamId', 'st.teamId')
    .innerJoin('district as d', 'd.districtId', 't.districtId')
    .innerJoin('borough as b', 'b.boroughId', 'd.boroughId')
    .innerJoin('probationArea as pa', 'pa.probationAreaId', 't.probationAreaId')
    .select([
      't.code',
      't.description',
      'b.code as pduCode',
      'b.description as pduDescription',
      'pa.code as regionCode',
      'pa.description as regionDescription',
    ])
    .where((eb) => eb(eb.fn('upper', ['u.distinguishedName']), '=', username.toUpperCase()))
    .where('t.endDate', 'is', null)
    .orderBy('t.code')
    .orderBy('t.teamId')
    .execute()
}
