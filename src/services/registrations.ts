import type { Db } from '../db/database.ts'
import { findRegistrations } from '../db/queries/registrations.ts'
import { datePart } from '../time.ts'
import { type CodedValue, coded, optional } from './case-details.ts'

export interface Registration {
  type: CodedValue
  category?: CodedValue
  date: string
  nextReviewDate?: string
}

export function registrationsService({ db }: { db: Db }) {
  return {
    /** case-details.md §2.4: every active registration; an unknown CRN has none (no 404). */
    async registrations(crn: string): Promise<{ registrations: Registration[] }> {
      const rows = await findRegistrations(db.kysely, crn)
      return {
        registrations: rows.map((row) => ({
          type: { code: row.typeCode, description: row.typeDescription },
          ...optional('category', coded(row.categoryCode, row.categoryDescription)),
          date: datePart(row.registrationDate),
          ...optional('nextReviewDate', row.nextReviewDate ? datePart(row.nextReviewDate) : undefined),
        })),
      }
    },
  }
}

export type RegistrationsService = ReturnType<typeof registrationsService>
