import type { Insertable } from 'kysely'
import { insertMany } from '../../src/db/dialect.ts'
import type { Database, TableName } from '../../src/db/schema.ts'
import { SEED } from '../../src/db/seed.ts'
import type { TestDb } from '../helpers/db.ts'

/**
 * Rows the case-information tests add on top of the seed. Ids start at 950,000: below the
 * sequences (1,000,000) and above every seeded id. Inserts go through `insertMany`, the same
 * Oracle-safe path production code uses.
 */
let nextFixtureId = 950_000
export const fixtureId = () => nextFixtureId++

export const day = (date: string) => `${date} 00:00:00`

export const AUDIT = {
  rowVersion: 0,
  createdByUserId: SEED.users.auditUser,
  createdDatetime: '2025-01-01 12:00:00',
  lastUpdatedUserId: SEED.users.auditUser,
  lastUpdatedDatetime: '2025-01-01 12:00:00',
} as const
export const LIVE = { softDeleted: 0, partitionAreaId: 0 } as const

export async function insert<T extends TableName>(
  db: TestDb,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  await insertMany(db.kysely, db.dialect, table, rows)
}

export const requirementRow = (
  disposalId: number,
  offenderId: number,
  extra: Partial<Insertable<Database['rqmnt']>> = {},
): Insertable<Database['rqmnt']> => ({
  rqmntId: fixtureId(),
  disposalId,
  offenderId,
  rqmntTypeMainCategoryId: SEED.requirementMainCategories['7'],
  rqmntTypeSubCategoryId: null,
  startDate: day('2000-01-01'),
  commencementDate: null,
  terminationDate: null,
  rqmntTerminationReasonId: null,
  rqmntNotes: null,
  pendingTransfer: 0,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
  ...extra,
})

export const requirementManagerRow = (
  rqmntId: number,
  extra: Partial<Insertable<Database['rqmntManager']>> = {},
): Insertable<Database['rqmntManager']> => ({
  rqmntManagerId: fixtureId(),
  rqmntId,
  allocatedStaffId: SEED.staff.STAFF01,
  allocatedTeamId: SEED.teams.TEAM01,
  probationAreaId: SEED.providers.PA1,
  allocationDate: day('2000-01-01'),
  endDate: null,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
  ...extra,
})

export const licenceConditionRow = (
  disposalId: number,
  offenderId: number,
  extra: Partial<Insertable<Database['licCondition']>> = {},
): Insertable<Database['licCondition']> => ({
  licConditionId: fixtureId(),
  disposalId,
  offenderId,
  licCondTypeMainCatId: SEED.licenceConditionMainCategories.LAP,
  licCondTypeSubCatId: null,
  startDate: day('2010-01-01'),
  commencementDate: null,
  terminationDate: null,
  licTerminationReasonId: null,
  licConditionNotes: null,
  pendingTransfer: 0,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
  ...extra,
})

export const licenceConditionManagerRow = (
  licConditionId: number,
  extra: Partial<Insertable<Database['licConditionManager']>> = {},
): Insertable<Database['licConditionManager']> => ({
  licConditionManagerId: fixtureId(),
  licConditionId,
  staffId: SEED.staff.STAFF01,
  teamId: SEED.teams.TEAM01,
  probationAreaId: SEED.providers.PA1,
  allocationDate: day('2000-01-01'),
  endDate: null,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
  ...extra,
})

export const eventRow = (
  offenderId: number,
  eventNumber: string,
  extra: Partial<Insertable<Database['event']>> = {},
): Insertable<Database['event']> => ({
  eventId: fixtureId(),
  offenderId,
  eventNumber,
  referralDate: day('2000-01-01'),
  ftcCount: 0,
  breachEnd: null,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
  ...extra,
})

export const disposalRow = (
  eventId: number,
  offenderId: number,
  extra: Partial<Insertable<Database['disposal']>> = {},
): Insertable<Database['disposal']> => ({
  disposalId: fixtureId(),
  eventId,
  offenderId,
  disposalTypeId: SEED.disposalTypes.communityOrder,
  disposalDate: day('2000-01-01'),
  entryLength: 6,
  entryLengthUnitsId: SEED.referenceData.months,
  notionalEndDate: day('2100-01-01'),
  enteredNotionalEndDate: null,
  terminationDate: null,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
  ...extra,
})

export const offenderRow = (
  crn: string,
  extra: Partial<Insertable<Database['offender']>> = {},
): Insertable<Database['offender']> => ({
  offenderId: fixtureId(),
  crn,
  firstName: 'Forename',
  secondName: null,
  thirdName: null,
  surname: 'Surname',
  dateOfBirthDate: day('1980-11-01'),
  genderId: SEED.referenceData.male,
  ethnicityId: null,
  exclusionMessage: null,
  restrictionMessage: null,
  currentExclusion: 0,
  currentRestriction: 0,
  ...LIVE,
  ...AUDIT,
  ...extra,
})

export const contactRow = (
  offenderId: number,
  contactTypeId: number,
  date: string,
  extra: Partial<Insertable<Database['contact']>> = {},
): Insertable<Database['contact']> => ({
  contactId: fixtureId(),
  offenderId,
  contactDate: day(date),
  contactTypeId,
  staffId: SEED.staff.STAFF01,
  teamId: SEED.teams.TEAM01,
  probationAreaId: SEED.providers.PA1,
  sensitive: 'N',
  trustProviderTeamId: SEED.teams.TEAM01,
  trustProviderFlag: 0,
  ...LIVE,
  ...AUDIT,
  ...extra,
})
