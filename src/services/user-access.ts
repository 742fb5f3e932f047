import type { Db } from '../db/database.ts'
import { findUserId } from '../db/queries/audit-user.ts'
import { findAccessLimitations } from '../db/queries/limited-access.ts'
import { type Clock, londonNow } from '../time.ts'
import { optional } from './case-details.ts'

export interface CaseAccess {
  crn: string
  userExcluded: boolean
  userRestricted: boolean
  exclusionMessage?: string
  restrictionMessage?: string
}

/** Most CRNs one access check takes (case-details.md §2.6). */
export const MAX_ACCESS_CRNS = 500

export function userAccessService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /**
     * The limited-access (LAO) check, a security control: one entry per requested CRN, in request
     * order, duplicates included; unknown CRNs are neither excluded nor restricted. Two round trips
     * whatever the number of CRNs.
     */
    async access(username: string, crns: readonly string[]): Promise<{ access: CaseAccess[] }> {
      const userId = await findUserId(db.kysely, username)
      const rows = await findAccessLimitations(db.kysely, crns, userId, londonNow(clock))
      const byCrn = new Map<string, (typeof rows)[number]>()
      for (const row of rows) if (!byCrn.has(row.crn)) byCrn.set(row.crn, row)
      return {
        access: crns.map((crn) => {
          const row = byCrn.get(crn)
          const excluded = Number(row?.excluded ?? 0) === 1
          const restricted = Number(row?.restricted ?? 0) === 1
          return {
            crn,
            userExcluded: excluded,
            userRestricted: restricted,
            ...optional('exclusionMessage', excluded ? row?.exclusionMessage : undefined),
            ...optional('restrictionMessage', restricted ? row?.restrictionMessage : undefined),
          }
        }),
      }
    },
  }
}

export type UserAccessService = ReturnType<typeof userAccessService>
