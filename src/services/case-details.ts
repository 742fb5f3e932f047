import type { Db } from '../db/database.ts'
import { findPersonalDetails } from '../db/queries/person.ts'
import { InvariantError, NotFoundError } from '../errors.ts'
import { type Clock, datePart, londonToday, periodYearsMonths } from '../time.ts'
import { emailsOf, type StaffDirectory } from './staff-directory.ts'

export interface CodedValue {
  code: string
  description: string
}

export interface ProbationPractitioner {
  name: { forename: string; surname: string }
  code: string
  email?: string
}

export interface PersonalDetails {
  crn: string
  name: { forename: string; middleNames: string; surname: string }
  dateOfBirth: string
  age: string
  sex: CodedValue
  ethnicity?: CodedValue
  probationPractitioner: ProbationPractitioner
  team: CodedValue
  probationDeliveryUnit: CodedValue
  region: CodedValue
}

export interface CaseDetailsDeps {
  db: Db
  clock: Clock
  staffDirectory: StaffDirectory
}

export function caseDetailsService({ db, clock, staffDirectory }: CaseDetailsDeps) {
  return {
    /** case-details.md §2.1 */
    async personalDetails(crn: string): Promise<PersonalDetails> {
      const row = await findPersonalDetails(db.kysely, crn)
      if (!row) throw NotFoundError.of('Person', 'crn', crn)
      if (row.offenderManagerId === null) throw new InvariantError('Person does not have an active manager')
      const dateOfBirth = datePart(row.dateOfBirthDate)
      const { years, months } = periodYearsMonths(dateOfBirth, londonToday(clock))
      const emails = await emailsOf(staffDirectory, [row.staffUsername])
      const email = row.staffUsername ? emails.get(row.staffUsername) : undefined
      return {
        crn: row.crn,
        name: {
          forename: row.firstName,
          middleNames: [row.secondName, row.thirdName].filter((n) => n !== null && n !== '').join(' '),
          surname: row.surname,
        },
        dateOfBirth,
        age: `${years} years, ${months} months`,
        sex: coded(row.genderCode, row.genderDescription)!,
        ...optional('ethnicity', coded(row.ethnicityCode, row.ethnicityDescription)),
        probationPractitioner: {
          name: { forename: row.staffForename!, surname: row.staffSurname! },
          code: row.staffCode!,
          ...optional('email', email),
        },
        team: coded(row.teamCode, row.teamDescription)!,
        probationDeliveryUnit: coded(row.pduCode, row.pduDescription)!,
        region: coded(row.regionCode, row.regionDescription)!,
      }
    },
  }
}

export type CaseDetailsService = ReturnType<typeof caseDetailsService>

export function coded(code: string | null, description: string | null): CodedValue | undefined {
  return code === null || description === null ? undefined : { code, description }
}

/** `{ [key]: value }` when the value is present, `{}` otherwise: null fields are left out. */
export function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
