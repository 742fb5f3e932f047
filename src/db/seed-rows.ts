import type { Insertable } from 'kysely'
import type {
  ContactTable,
  DisposalTable,
  EventTable,
  LicConditionManagerTable,
  LicConditionTable,
  OffenderManagerTable,
  OffenderTable,
  RqmntManagerTable,
  RqmntTable,
} from './schema.ts'
import { SEED } from './seed-ids.ts'

/**
 * Row builders for the dev/test seed and the tests' own rows: a live, active row with the seed's
 * audit columns and STAFF01/TEAM01/PA1 where a row is allocated; `extra` overrides any column.
 */
/** Creation time of every seeded row unless stated; also the requirements' `createdAt`. */
export const SEEDED_AT = '2025-01-01 12:00:00'
export const AUDIT = {
  rowVersion: 0,
  createdByUserId: SEED.users.auditUser,
  createdDatetime: SEEDED_AT,
  lastUpdatedUserId: SEED.users.auditUser,
  lastUpdatedDatetime: SEEDED_AT,
} as const
export const LIVE = { softDeleted: 0, partitionAreaId: 0 } as const
export const day = (date: string) => `${date} 00:00:00`

type Extra<T> = Partial<Insertable<T>>

export const offenderRow = (
  offenderId: number,
  crn: string,
  extra: Extra<OffenderTable> = {},
): Insertable<OffenderTable> => ({
  offenderId,
  crn,
  firstName: 'Forename',
  secondName: null,
  thirdName: null,
  surname: 'Surname',
  dateOfBirthDate: day(SEED.dateOfBirth),
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

/** The person's active manager, STAFF01/TEAM01. */
export const personManagerRow = (
  offenderManagerId: number,
  offenderId: number,
  extra: Extra<OffenderManagerTable> = {},
): Insertable<OffenderManagerTable> => ({
  offenderManagerId,
  offenderId,
  allocationStaffId: SEED.staff.STAFF01,
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
  eventId: number,
  offenderId: number,
  eventNumber: string,
  extra: Extra<EventTable> = {},
): Insertable<EventTable> => ({
  eventId,
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

/** A six-month community order unless `extra` says otherwise. */
export const disposalRow = (
  disposalId: number,
  eventId: number,
  offenderId: number,
  extra: Extra<DisposalTable> = {},
): Insertable<DisposalTable> => ({
  disposalId,
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

/** A requirement of main category 7, active, started 2000-01-01. */
export const requirementRow = (
  rqmntId: number,
  disposalId: number,
  offenderId: number,
  extra: Extra<RqmntTable> = {},
): Insertable<RqmntTable> => ({
  rqmntId,
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
  rqmntManagerId: number,
  rqmntId: number,
  extra: Extra<RqmntManagerTable> = {},
): Insertable<RqmntManagerTable> => ({
  rqmntManagerId,
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

/** A LAP licence condition, active, started 2010-01-01 (release). */
export const licenceConditionRow = (
  licConditionId: number,
  disposalId: number,
  offenderId: number,
  extra: Extra<LicConditionTable> = {},
): Insertable<LicConditionTable> => ({
  licConditionId,
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
  licConditionManagerId: number,
  licConditionId: number,
  extra: Extra<LicConditionManagerTable> = {},
): Insertable<LicConditionManagerTable> => ({
  licConditionManagerId,
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

/** A contact assigned to STAFF01/TEAM01 (provider PA1). */
export const contactRow = (
  contactId: number,
  offenderId: number,
  contactTypeId: number,
  date: string,
  extra: Extra<ContactTable> = {},
): Insertable<ContactTable> => ({
  contactId,
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
