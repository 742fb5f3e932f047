import type { Db } from '../db/database.ts'
import { findUserTeams } from '../db/queries/user.ts'
import type { CodedValue } from './case-details.ts'

export interface UserTeam extends CodedValue {
  pdu: CodedValue
  region: CodedValue
}

export function userTeamsService({ db }: { db: Db }) {
  return {
    /** case-details.md §2.7: an unknown user, or one without open teams, has none. */
    async teams(username: string): Promise<{ teams: UserTeam[] }> {
      const rows = await findUserTeams(db.kysely, username)
      return {
        teams: rows.map((row) => ({
          code: row.code,
          description: row.description,
          pdu: { code: row.pduCode, description: row.pduDescription },
          region: { code: row.regionCode, description: row.regionDescription },
        })),
      }
    },
  }
}

export type UserTeamsService = ReturnType<typeof userTeamsService>
