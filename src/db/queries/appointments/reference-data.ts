import type { Kysely } from 'kysely'
import { inList } from '../../dialect.ts'
import type { Database, DeliusDateTime } from '../../schema.ts'

/** Lookups by code for a whole batch: one round trip each, whatever the batch size. */

export function findContactTypes(db: Kysely<Database>, codes: readonly string[]) {
  return db
    .selectFrom('rContactType')
    .select(['contactTypeId', 'code', 'description', 'contactOutcomeFlag'])
    .where((eb) => inList(eb, 'code', codes))
    .execute()
}

/** Outcomes by code, plus those with the given ids (the appointments' current outcomes). */
export function findOutcomes(db: Kysely<Database>, codes: readonly string[], ids: readonly number[] = []) {
  return db
    .selectFrom('rContactOutcomeType')
    .select([
      'contactOutcomeTypeId',
      'code',
      'description',
      'outcomeAttendance',
      'outcomeCompliantAcceptable',
      'enforceable',
    ])
    .where((eb) => eb.or([inList(eb, 'code', codes), inList(eb, 'contactOutcomeTypeId', ids)]))
    .execute()
}

/** Office locations that have not ended by `today` (an END_DATE on or before today is missing). */
export function findOfficeLocations(db: Kysely<Database>, codes: readonly string[], today: DeliusDateTime) {
  return db
    .selectFrom('officeLocation')
    .select(['officeLocationId', 'code'])
    .where((eb) => inList(eb, 'code', codes))
    .where((eb) => eb.or([eb('endDate', 'is', null), eb('endDate', '>', today)]))
    .execute()
}

/** Teams with their provider (PROBATION_AREA_ID). */
export function findTeams(db: Kysely<Database>, codes: readonly string[]) {
  return db
    .selectFrom('team')
    .select(['teamId', 'code', 'probationAreaId'])
    .where((eb) => inList(eb, 'code', codes))
    .execute()
}

export function findStaff(db: Kysely<Database>, officerCodes: readonly string[]) {
  return db
    .selectFrom('staff')
    .select(['staffId', 'officerCode'])
    .where((eb) => inList(eb, 'officerCode', officerCodes))
    .execute()
}

export function findEnforcementAction(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('rEnforcementAction')
    .select([
      'enforcementActionId',
      'code',
      'description',
      'responseByPeriod',
      'outstandingContactAction',
      'contactTypeId',
    ])
    .where('code', '=', code)
    .executeTakeFirst()
}

export type ContactTypeRow = Awaited<ReturnType<typeof findContactTypes>>[number]
export type OutcomeRow = Awaited<ReturnType<typeof findOutcomes>>[number]
export type TeamRow = Awaited<ReturnType<typeof findTeams>>[number]
export type EnforcementActionRow = NonNullable<Awaited<ReturnType<typeof findEnforcementAction>>>
