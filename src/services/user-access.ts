import type { Db } from '../db/database.ts'
import { findUserId } from '../db/queries/audit-user.ts'
import { findAccessLimitations } from '../db/queries/limited-access.ts'
import { DELIUS_COLUMN_BYTES } from '../db/schema.ts'
import { type Clock, londonNow } from '../time.ts'
import { optional } from './case-details.ts'

export interface CaseAccess {
  crn: string
  userExcluded: boolean
  userRestricted: boolean
  exclusionMessage?: string
  restrictionMessage?: string
}

const couldBeCrn = (crn: string) => Buffer.byteLength(crn) <= DELIUS_COLUMN_BYTES.crn

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
      // A value longer than OFFENDER.CRN names no case (an unknown CRN's answer), and Oracle
      // refuses a VARCHAR2 bind over 4,000 bytes in a comparison: such values are not sent.
      const possible = crns.filter(couldBeCrn)
      const rows =
        possible.length > 0 ? await findAccessLimitations(db.kysely, possible, userId, londonNow(clock)) : []
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
