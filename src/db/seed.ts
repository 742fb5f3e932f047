import type { Insertable, Kysely } from 'kysely'
import type {
  AdditionalOffenceTable,
  ContactTable,
  Database,
  LicConditionManagerTable,
  LicConditionTable,
  MainOffenceTable,
  OffenderManagerTable,
  OffenderTable,
  RContactTypeTable,
  RqmntManagerTable,
  RqmntTable,
  RStandardReferenceListTable,
  StaffTable,
} from './schema.ts'

/**
 * Dev/test seed data (case-details.md §6 plus the reference codes of appointments.md and events.md).
 *
 * Ids are fixed and below 1,000,000 (sequences start there). Each test scenario that changes data
 * has components of its own, so suites sharing one database cannot disturb each other, and no
 * extra row appears in the exact-JSON examples of case-details.md §4. Rows under `hidden` break a
 * row filter of case-details.md §1 (soft-deleted, inactive, deregistered) and must never show.
 */
export const SEED = {
  /** USER_.USER_ID by user. */
  users: { auditUser: 901, testUser: 902, limitedAccessUser: 903 },
  usernames: {
    auditUser: 'AccreditedProgrammesAndDelius',
    testUser: 'TestUser',
    limitedAccessUser: 'TestUserWithLimitedAccess',
  },
  /** The LDAP mail the dev staff directory should give TestUser (not stored in the database). */
  testUserEmail: 'test@example.com',
  dateOfBirth: '1980-11-01',

  /** PROBATION_AREA ids by code. XX1 is inactive (selectable 'N', ended). */
  providers: { PA1: 101, N07: 102, N50: 103, XX1: 104 },
  /** BOROUGH ids by code. PDU3 is fully valid itself but belongs to the inactive provider XX1. */
  pdus: { PDU1: 201, PDU2: 202, N07PDU: 203, PDU3: 204 },
  pduInInactiveProvider: 'PDU3',
  /** DISTRICT ids by code. N07ACPR is the Accredited Programmes LAU of region N07. */
  laus: { LAU1: 301, LAU2: 302, N07ACPR: 303, LAU3: 304 },
  /** OFFICE_LOCATION ids by code. OFFICE9 (linked to TEAM01) ended in 2020. */
  officeLocations: { OFFICE1: 401, OFFICE9: 402, OFFICE3: 403 },
  /** TEAM ids by code. N07AP9 ended in 2020. */
  teams: { TEAM01: 501, TEAM02: 502, TEAM03: 503, N07AP1: 504, N07AP2: 505, N07AP9: 506 },
  /**
   * STAFF ids by officer code. N07AP02 ends in 2099 (future), N07AP98/N07AP99 ended in 2020;
   * N07AP03 is also linked to the ended team N07AP9.
   */
  staff: {
    STAFF01: 601,
    STAFF02: 602,
    STAFF03: 603,
    STAFF04: 604,
    N07AP01: 611,
    N07AP02: 612,
    N07AP03: 613,
    N07AP98: 618,
    N07AP99: 619,
  },

  /** OFFENDER ids by CRN. */
  offenders: { A000001: 1001, A000002: 1002, A000003: 1003, A000004: 1004, A000005: 1005, A000006: 1006 },
  /** Active OFFENDER_MANAGER ids by CRN (all STAFF01/TEAM01). A000002 has no manager. */
  offenderManagers: { A000001: 1101, A000003: 1103, A000004: 1104, A000005: 1105, A000006: 1106 },
  /** EVENT ids by CRN and event number. */
  events: {
    A000001: { 1: 2001, 2: 2002, 3: 2003 },
    A000002: { 1: 2011 },
    A000003: { 1: 2021 },
    A000004: { 1: 2031 },
    A000005: { 1: 2041 },
    A000006: { 1: 2051 },
  },
  /** DISPOSAL ids by CRN and event number (A000001 event 2 is not sentenced). */
  disposals: {
    A000001: { 1: 2101, 3: 2103 },
    A000002: { 1: 2111 },
    A000003: { 1: 2121 },
    A000004: { 1: 2131 },
    A000005: { 1: 2141 },
    A000006: { 1: 2151 },
  },
  /** CUSTODY ids by CRN (event 1 of each is custodial). */
  custodies: { A000001: 2201, A000003: 2221 },

  /**
   * RQMNT ids, all main category `7`, managed by STAFF01/TEAM01: [0], [1] (+ sub-category TEST) and
   * [3] on A000001 event 3; [2] (+ TEST) on A000002 event 1.
   */
  requirements: [3001, 3002, 3003, 3004],
  /** LIC_CONDITION ids on A000001 event 1, all LAP ([1] with sub-category TEST), managed by STAFF01/TEAM01. */
  licenceConditions: [4001, 4002, 4003],

  /** Components for appointments.md scenarios. */
  appointments: {
    /** Search fixtures: CAPY contacts on REQ[0], REQ[1], LC[0], LC[1] (A000001) in January 2030. */
    contacts: [6011, 6012, 6013, 6014],
    /** Their references (the UUID part of EXTERNAL_REFERENCE). */
    references: [
      '00000000-0000-4000-8000-000000006011',
      '00000000-0000-4000-8000-000000006012',
      '00000000-0000-4000-8000-000000006013',
      '00000000-0000-4000-8000-000000006014',
    ],
    /** A000002 event 1, main category RM38 (the other accredited-programme category). */
    rm38Requirement: 3021,
    /** A000002 event 1, main category H (not an accredited programme): create must reject it. */
    nonApRequirement: 3022,
    /** A000003 event 1, main category NLC8 (not LAP): create must reject it (scenario 13). */
    nonLapLicenceCondition: 4021,
    /** A000004 event 1 (community order): general update/delete fixtures. */
    requirement: 3031,
    /** A000005 event 1: one failure to comply (scenario 19: FTC_COUNT 1, no ARWS). */
    ftcRequirement: 3041,
    /** A000006 event 1: two failures to comply reach the FTC limit (scenario 20: one ARWS). */
    ftcLimitRequirement: 3051,
  },

  /** Components of A000003 event 1 for events.md §A.11 scenarios 8–12 (one per scenario). */
  termination: {
    /** Scenario 8: main category 7, started 2025-01-01, not terminated. */
    requirement: 3011,
    /** Scenario 9: LAP, started 2025-01-01, not terminated. */
    licenceCondition: 4011,
    /** Scenario 10: terminated 2030-01-01 (reason 51) with an ETER contact dated 2030-01-01. */
    alreadyTerminatedRequirement: 3012,
    alreadyTerminatedEterContact: 6023,
    /** Scenario 11: starts 2030-01-01. */
    beforeStartRequirement: 3013,
    /** Scenario 12: pending_transfer = 1 with a PN transfer, TEAM01/STAFF01 on both sides. */
    transferRequirement: 3014,
    requirementTransfer: 3201,
    /** CAPY contacts on 2025-06-08, no outcome, created by TestUser: soft-deleted by termination. */
    futureAppointments: { requirement: 6021, licenceCondition: 6022 },
  },

  /** Rows that break a case-details.md §1 row filter: never visible through the API. */
  hidden: {
    inactiveOffenderManager: 1191,
    inactiveRequirement: 3091,
    deletedRequirement: 3092,
    deletedLicenceCondition: 4091,
    inactiveLicenceCondition: 4092,
    deletedAdditionalOffence: 5191,
    deregisteredRegistration: 5391,
    deletedRegistration: 5392,
    /** PRST02 on 2070-01-01: would change A000001 event 1's twoThirdsSupervisionDate if counted. */
    deletedTwoThirdsContact: 6091,
  },

  contacts: { twoThirds: 6001, other: 6002 },
  registrations: { A000001: 5301 },

  /** R_CONTACT_TYPE ids by code. */
  contactTypes: {
    CAPY: 7001,
    CAPZ: 7002,
    CAPW: 7003,
    CAPX: 7004,
    ECOM: 7005,
    ARWS: 7006,
    ROM: 7007,
    EIBA: 7011,
    EIBB: 7012,
    EIBC: 7013,
    EIBD: 7014,
    EIBE: 7015,
    EIBF: 7016,
    EIBG: 7017,
    EIBH: 7018,
    EIBI: 7019,
    EIBJ: 7020,
    EIBK: 7021,
    EIBL: 7022,
    ETER: 7031,
    ETCX: 7032,
    PRST02: 7041,
    PRST03: 7042,
    OTHER: 7051,
  },
  /** R_CONTACT_OUTCOME_TYPE ids by code. */
  outcomes: { ATTC: 7101, FTC: 7102, AA: 7103, AFTC: 7104, UAAB: 7105 },
  /** R_ENFORCEMENT_ACTION ids by code (ROM: 7 days, contact type ROM). */
  enforcementActions: { ROM: 7201 },
  /** R_DISPOSAL_TYPE ids. Only the community order has an FTC limit. */
  disposalTypes: { adultCustody: 7301, communityOrder: 7302 },
  ftcLimits: { communityOrder: 2 },
  requirementMainCategories: { '7': 7401, RM38: 7402, H: 7403 },
  licenceConditionMainCategories: { LAP: 7501, NLC8: 7502 },
  pssMainCategories: { S09: 7601 },
  pssSubCategories: { TEST: 7701 },
  offences: { '036/02': 5201, '036/03': 5202, '036/01': 5203 },
  registerTypes: { RVHR: 5401 },
  /** R_STANDARD_REFERENCE_LIST ids. */
  referenceData: {
    male: 8101,
    asianOther: 8102,
    months: 8103,
    adultLicence: 8104,
    pssEndDate: 8105,
    licenceExpiryDate: 8106,
    iomFixed: 8107,
    licenceConditionSubTest: 8108,
    requirementSubTest: 8109,
    requirementTerminationReason51: 8110,
    licenceConditionTerminationReason51: 8111,
    transferStatusPending: 8112,
    transferStatusRejected: 8113,
    decisionRejected: 8114,
    requirementTransferRejectionTE: 8115,
    licenceTransferRejectionTWR: 8116,
    requirementTerminatedEvent: 8117,
    licenceConditionTerminatedEvent: 8118,
  },
  /** BUSINESS_INTERACTION ids by code. */
  businessInteractions: { CLBI003: 9001, CLBI007: 9002, CLBI009: 9003 },
} as const

const S = SEED
const AUDIT_USER = S.users.auditUser
/** Creation time of every seeded row unless stated; also the requirements' `createdAt`. */
const CREATED = '2025-01-01 12:00:00'
const AUDIT = {
  rowVersion: 0,
  createdByUserId: AUDIT_USER,
  createdDatetime: CREATED,
  lastUpdatedUserId: AUDIT_USER,
  lastUpdatedDatetime: CREATED,
} as const
const LIVE = { softDeleted: 0, partitionAreaId: 0 } as const
const DELETED = { softDeleted: 1, partitionAreaId: 0 } as const
const day = (date: string) => `${date} 00:00:00`
const appointmentUrn = (uuid: string) => `urn:uk:gov:accredited-programmes:appointment:${uuid}`

const DATASETS = [
  [8001, 'GENDER'],
  [8002, 'ETHNICITY'],
  [8003, 'UNITS'],
  [8004, 'RELEASE TYPE'],
  [8005, 'KEY DATE TYPE'],
  [8006, 'REGISTER CATEGORY'],
  [8007, 'LICENCE CONDITION SUB CATEGORY'],
  [8008, 'REQUIREMENT SUB CATEGORY'],
  [8009, 'REQUIREMENT TERMINATION REASON'],
  [8010, 'LICENCE CONDITION TERMINATION REASON'],
  [8011, 'TRANSFER STATUS'],
  [8012, 'ACCEPTED DECISION'],
  [8013, 'REQUIREMENT AREA TRANSFER REJECTION REASON'],
  [8014, 'LICENCE AREA TRANSFER REJECTION REASON'],
  [8015, 'DOMAIN EVENT TYPE'],
] as const
type Dataset = (typeof DATASETS)[number][1]
const datasetId = (name: Dataset) => DATASETS.find(([, n]) => n === name)![0]

const R = S.referenceData
const referenceData: Insertable<RStandardReferenceListTable>[] = (
  [
    [R.male, 'GENDER', 'M', 'Male'],
    [R.asianOther, 'ETHNICITY', 'A9', 'Asian or Asian British: Other'],
    [R.months, 'UNITS', 'M', 'Months'],
    [R.adultLicence, 'RELEASE TYPE', 'ADL', 'Released on Adult Licence'],
    [R.pssEndDate, 'KEY DATE TYPE', 'PSSED', 'Post-sentence supervision end date'],
    [R.licenceExpiryDate, 'KEY DATE TYPE', 'LED', 'Licence expiry date'],
    [R.iomFixed, 'REGISTER CATEGORY', 'I3', 'IOM - Fixed'],
    [R.licenceConditionSubTest, 'LICENCE CONDITION SUB CATEGORY', 'TEST', 'To only attend specific places.'],
    [R.requirementSubTest, 'REQUIREMENT SUB CATEGORY', 'TEST', 'Building Choices'],
    // events.md §A.11: the reference's test data describes these as "Description of <code>".
    [R.requirementTerminationReason51, 'REQUIREMENT TERMINATION REASON', '51', 'Description of 51'],
    [
      R.licenceConditionTerminationReason51,
      'LICENCE CONDITION TERMINATION REASON',
      '51',
      'Description of 51',
    ],
    [R.transferStatusPending, 'TRANSFER STATUS', 'PN', 'Description of PN'],
    [R.transferStatusRejected, 'TRANSFER STATUS', 'TR', 'Description of TR'],
    [R.decisionRejected, 'ACCEPTED DECISION', 'R', 'Description of R'],
    [
      R.requirementTransferRejectionTE,
      'REQUIREMENT AREA TRANSFER REJECTION REASON',
      'TE',
      'Description of TE',
    ],
    [R.licenceTransferRejectionTWR, 'LICENCE AREA TRANSFER REJECTION REASON', 'TWR', 'Description of TWR'],
    [
      R.requirementTerminatedEvent,
      'DOMAIN EVENT TYPE',
      'probation-case.requirement.terminated',
      'A requirement has been terminated',
    ],
    [
      R.licenceConditionTerminatedEvent,
      'DOMAIN EVENT TYPE',
      'probation-case.licence-condition.terminated',
      'A licence condition has been terminated',
    ],
  ] as const
).map(([id, dataset, code, description]) => ({
  standardReferenceListId: id,
  codeValue: code,
  codeDescription: description,
  referenceDataMasterId: datasetId(dataset),
  selectable: 'Y',
}))

const CT = S.contactTypes
/** [code, description, attendance, national standards, outcome flag] */
const contactTypes: Insertable<RContactTypeTable>[] = (
  [
    ['CAPY', 'Accredited Programme - Programme Attendance', 'Y', 'Y', 'Y'],
    ['CAPZ', 'Accredited Programme - Three Way Meeting', 'Y', 'Y', 'Y'],
    ['CAPW', 'Accredited Programme - Pre-Group One to One Meeting', 'Y', 'Y', 'Y'],
    ['CAPX', 'Accredited Programme - IAPS Appointment', 'Y', 'N', 'N'],
    ['ECOM', 'Order Component Commenced', 'N', 'N', 'N'],
    ['ARWS', 'Review Enforcement Status', 'N', 'N', 'N'],
    ['ROM', 'Refer to Offender Manager', 'N', 'N', 'N'],
    ['EIBA', 'Accredited Programme - Awaiting Assessment', 'N', 'N', 'N'],
    ['EIBB', 'Accredited Programme - Awaiting Allocation', 'N', 'N', 'N'],
    ['EIBC', 'Accredited Programme - Suitable but not Ready', 'N', 'N', 'N'],
    ['EIBD', 'Accredited Programme - Scheduled', 'N', 'N', 'N'],
    ['EIBE', 'Accredited Programme - On Programme', 'N', 'N', 'N'],
    ['EIBF', 'Accredited Programme - Programme Complete', 'N', 'N', 'N'],
    ['EIBG', 'Accredited Programme - Deprioritised', 'N', 'N', 'N'],
    ['EIBH', 'Accredited Programme - Return to Court', 'N', 'N', 'N'],
    ['EIBI', 'Accredited Programme - Breach', 'N', 'N', 'N'],
    ['EIBJ', 'Accredited Programme - Recall', 'N', 'N', 'N'],
    ['EIBK', 'Accredited Programme - Withdrawn', 'N', 'N', 'N'],
    ['EIBL', 'Accredited Programme - On Hold', 'N', 'N', 'N'],
    ['ETER', 'Component Terminated', 'N', 'N', 'N'],
    ['ETCX', 'Component Transfer Rejected', 'N', 'N', 'N'],
    ['PRST02', 'Supervision Two Thirds Point', 'N', 'N', 'N'],
    ['PRST03', 'Supervision Two Thirds Point (Reviewed)', 'N', 'N', 'N'],
    ['OTHER', 'Other Contact', 'N', 'N', 'N'],
  ] as const
).map(([code, description, attendance, nationalStandards, outcomeFlag]) => ({
  contactTypeId: CT[code],
  code,
  description,
  attendanceContact: attendance,
  nationalStandardsContact: nationalStandards,
  contactOutcomeFlag: outcomeFlag,
}))

/** A person with the §6 defaults (Forename MiddleName Surname, born 1980-11-01, M, A9). */
const person = (crn: keyof typeof S.offenders, extra: Partial<Insertable<OffenderTable>> = {}) =>
  ({
    offenderId: S.offenders[crn],
    crn,
    firstName: 'Forename',
    secondName: 'MiddleName',
    thirdName: null,
    surname: 'Surname',
    dateOfBirthDate: day(S.dateOfBirth),
    genderId: R.male,
    ethnicityId: R.asianOther,
    exclusionMessage: null,
    restrictionMessage: null,
    currentExclusion: 0,
    currentRestriction: 0,
    ...LIVE,
    ...AUDIT,
    ...extra,
  }) satisfies Insertable<OffenderTable>

const personManager = (
  id: number,
  offenderId: number,
  extra: Partial<Insertable<OffenderManagerTable>> = {},
) =>
  ({
    offenderManagerId: id,
    offenderId,
    allocationStaffId: S.staff.STAFF01,
    teamId: S.teams.TEAM01,
    probationAreaId: S.providers.PA1,
    allocationDate: day('2000-01-01'),
    endDate: null,
    activeFlag: 1,
    ...LIVE,
    ...AUDIT,
    ...extra,
  }) satisfies Insertable<OffenderManagerTable>

const event = (id: number, offenderId: number, eventNumber: string) => ({
  eventId: id,
  offenderId,
  eventNumber,
  referralDate: day('2000-01-01'),
  ftcCount: 0,
  breachEnd: null,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
})

const disposal = (
  id: number,
  eventId: number,
  offenderId: number,
  type: 'adultCustody' | 'communityOrder',
) => ({
  disposalId: id,
  eventId,
  offenderId,
  disposalTypeId: S.disposalTypes[type],
  disposalDate: day('2000-01-01'),
  entryLength: type === 'adultCustody' ? 24 : 6,
  entryLengthUnitsId: R.months,
  notionalEndDate: day('2100-01-01'),
  enteredNotionalEndDate: null,
  terminationDate: null,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
})

const MAIN_7 = S.requirementMainCategories['7']
const LAP = S.licenceConditionMainCategories.LAP

/** A requirement of main category 7, active, started 2000-01-01, created 2025-01-01 12:00. */
const requirement = (
  id: number,
  disposalId: number,
  offenderId: number,
  extra: Partial<Insertable<RqmntTable>> = {},
) =>
  ({
    rqmntId: id,
    disposalId,
    offenderId,
    rqmntTypeMainCategoryId: MAIN_7,
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
  }) satisfies Insertable<RqmntTable>

/** Its active manager, STAFF01/TEAM01; the manager id is the requirement id + 100. */
const requirementManager = (rqmntId: number): Insertable<RqmntManagerTable> => ({
  rqmntManagerId: rqmntId + 100,
  rqmntId,
  allocatedStaffId: S.staff.STAFF01,
  allocatedTeamId: S.teams.TEAM01,
  probationAreaId: S.providers.PA1,
  allocationDate: day('2000-01-01'),
  endDate: null,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
})

/** A LAP licence condition, active, started 2010-01-01 (release), created 2025-01-01 12:00. */
const licenceCondition = (
  id: number,
  disposalId: number,
  offenderId: number,
  extra: Partial<Insertable<LicConditionTable>> = {},
) =>
  ({
    licConditionId: id,
    disposalId,
    offenderId,
    licCondTypeMainCatId: LAP,
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
  }) satisfies Insertable<LicConditionTable>

/** Its active manager, STAFF01/TEAM01; the manager id is the licence condition id + 100. */
const licenceConditionManager = (licConditionId: number): Insertable<LicConditionManagerTable> => ({
  licConditionManagerId: licConditionId + 100,
  licConditionId,
  staffId: S.staff.STAFF01,
  teamId: S.teams.TEAM01,
  probationAreaId: S.providers.PA1,
  allocationDate: day('2000-01-01'),
  endDate: null,
  activeFlag: 1,
  ...LIVE,
  ...AUDIT,
})

/** A contact assigned to STAFF01/TEAM01 (provider PA1). */
const contact = (
  id: number,
  offenderId: number,
  typeCode: keyof typeof CT,
  date: string,
  extra: Partial<Insertable<ContactTable>> = {},
) =>
  ({
    contactId: id,
    offenderId,
    contactDate: day(date),
    contactTypeId: CT[typeCode],
    staffId: S.staff.STAFF01,
    teamId: S.teams.TEAM01,
    probationAreaId: S.providers.PA1,
    sensitive: 'N',
    trustProviderTeamId: S.teams.TEAM01,
    trustProviderFlag: 0,
    ...LIVE,
    ...AUDIT,
    ...extra,
  }) satisfies Insertable<ContactTable>

const mainOffence = (id: number, eventId: number, offenderId: number, offenceId: number) =>
  ({
    mainOffenceId: id,
    eventId,
    offenderId,
    offenceId,
    offenceDate: day('2000-01-01'),
    ...LIVE,
    ...AUDIT,
  }) satisfies Insertable<MainOffenceTable>

const additionalOffence = (
  id: number,
  eventId: number,
  offenceId: number,
  offenceDate: string | null,
  softDeleted = false,
) =>
  ({
    additionalOffenceId: id,
    eventId,
    offenceId,
    offenceDate: offenceDate === null ? null : day(offenceDate),
    ...(softDeleted ? DELETED : LIVE),
    ...AUDIT,
  }) satisfies Insertable<AdditionalOffenceTable>

const staffMember = (
  code: keyof typeof S.staff,
  provider: number,
  forename2: string | null = null,
  endDate: string | null = null,
) =>
  ({
    staffId: S.staff[code],
    officerCode: code,
    forename: 'Forename',
    forename2,
    surname: 'Surname',
    probationAreaId: provider,
    startDate: day('2000-01-01'),
    endDate: endDate === null ? null : day(endDate),
  }) satisfies Insertable<StaffTable>

/**
 * Inserts the whole seed into an empty database created from ddl/schema.sql, in one transaction.
 * Multi-row VALUES are fine here: the seed only ever runs on PostgreSQL or PGlite.
 */
export async function seed(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await seedReferenceData(trx)
    await seedOrganisation(trx)
    await seedPeople(trx)
    await seedSentences(trx)
    await seedComponents(trx)
    await seedContacts(trx)
  })
}

async function seedReferenceData(db: Kysely<Database>) {
  await db
    .insertInto('rReferenceDataMaster')
    .values(
      DATASETS.map(([id, name]) => ({ referenceDataMasterId: id, codeSetName: name, description: name })),
    )
    .execute()
  await db.insertInto('rStandardReferenceList').values(referenceData).execute()
  await db.insertInto('rContactType').values(contactTypes).execute()
  const O = S.outcomes
  await db
    .insertInto('rContactOutcomeType')
    .values([
      outcome(O.ATTC, 'ATTC', 'Attended - Complied', 'Y', 'Y', 'N'),
      outcome(O.FTC, 'FTC', 'Failed to comply', 'N', 'N', 'Y'),
      outcome(O.AA, 'AA', 'Acceptable Absence', 'N', 'Y', 'N'),
      outcome(O.AFTC, 'AFTC', 'Attended - Failed to Comply', 'Y', 'N', 'Y'),
      outcome(O.UAAB, 'UAAB', 'Unacceptable Absence', 'N', 'N', 'Y'),
    ])
    .execute()
  await db
    .insertInto('rEnforcementAction')
    .values({
      enforcementActionId: S.enforcementActions.ROM,
      code: 'ROM',
      description: 'Refer to manager',
      responseByPeriod: 7,
      outstandingContactAction: 'Y',
      contactTypeId: CT.ROM,
    })
    .execute()
  await db
    .insertInto('rDisposalType')
    .values([
      {
        disposalTypeId: S.disposalTypes.adultCustody,
        disposalTypeCode: 'ORAAC',
        description: 'ORA Adult Custody (inc PSS)',
        sentenceType: 'SC',
        ftcLimit: null,
        selectable: 'Y',
      },
      {
        disposalTypeId: S.disposalTypes.communityOrder,
        disposalTypeCode: 'ORACO',
        description: 'ORA Community Order',
        sentenceType: 'SP',
        ftcLimit: S.ftcLimits.communityOrder,
        selectable: 'Y',
      },
    ])
    .execute()
  await db
    .insertInto('rRqmntTypeMainCategory')
    .values([
      { rqmntTypeMainCategoryId: MAIN_7, code: '7', description: 'Court - Accredited Programmes' },
      {
        rqmntTypeMainCategoryId: S.requirementMainCategories.RM38,
        code: 'RM38',
        description: 'Rehabilitation Activity Requirement - Accredited Programmes',
      },
      { rqmntTypeMainCategoryId: S.requirementMainCategories.H, code: 'H', description: 'Alcohol Treatment' },
    ])
    .execute()
  await db
    .insertInto('rLicCondTypeMainCat')
    .values([
      { licCondTypeMainCatId: LAP, code: 'LAP', description: 'Licence - Accredited Programmes' },
      {
        licCondTypeMainCatId: S.licenceConditionMainCategories.NLC8,
        code: 'NLC8',
        description: 'Freedom of movement',
      },
    ])
    .execute()
  await db
    .insertInto('rPssRqmntTypeMainCategory')
    .values({ pssRqmntTypeMainCatId: S.pssMainCategories.S09, code: 'S09', description: 'Drug Testing' })
    .execute()
  await db
    .insertInto('rPssRqmntTypeSubCategory')
    .values({ pssRqmntTypeSubCatId: S.pssSubCategories.TEST, code: 'TEST', description: 'Pass drug tests' })
    .execute()
  await db
    .insertInto('rOffence')
    .values(
      (
        [
          ['036/02', '02', 'Hijacking'],
          ['036/03', '03', 'False Imprisonment'],
          ['036/01', '01', 'Kidnapping'],
        ] as const
      ).map(([key, sub, description]) => ({
        offenceId: S.offences[key],
        code: `036${sub}`,
        description,
        mainCategoryCode: '036',
        mainCategoryDescription: 'Kidnapping',
        subCategoryCode: sub,
        subCategoryDescription: description,
        selectable: 'Y',
      })),
    )
    .execute()
  await db
    .insertInto('rRegisterType')
    .values({ registerTypeId: S.registerTypes.RVHR, code: 'RVHR', description: 'Very High RoSH' })
    .execute()
  const BI = S.businessInteractions
  await db
    .insertInto('businessInteraction')
    .values([
      interaction(BI.CLBI003, 'CLBI003', 'Add Contact'),
      interaction(BI.CLBI007, 'CLBI007', 'Update Contact'),
      interaction(BI.CLBI009, 'CLBI009', 'Delete Contact'),
    ])
    .execute()
}

function outcome(
  id: number,
  code: string,
  description: string,
  attended: string,
  complied: string,
  enforceable: string,
) {
  return {
    contactOutcomeTypeId: id,
    code,
    description,
    outcomeAttendance: attended,
    outcomeCompliantAcceptable: complied,
    enforceable,
  }
}

function interaction(id: number, code: string, description: string) {
  return {
    businessInteractionId: id,
    businessInteractionCode: code,
    description,
    enabledFlag: 'Y',
    enabledDate: day('2000-01-01'),
  }
}

async function seedOrganisation(db: Kysely<Database>) {
  const P = S.providers
  await db
    .insertInto('probationArea')
    .values([
      { probationAreaId: P.PA1, code: 'PA1', description: 'Test Provider', selectable: 'Y', endDate: null },
      { probationAreaId: P.N07, code: 'N07', description: 'London', selectable: 'Y', endDate: null },
      {
        probationAreaId: P.N50,
        code: 'N50',
        description: 'Greater Manchester',
        selectable: 'Y',
        endDate: null,
      },
      {
        probationAreaId: P.XX1,
        code: 'XX1',
        description: 'Inactive Provider',
        selectable: 'N',
        endDate: day('2020-01-01'),
      },
    ])
    .execute()
  const B = S.pdus
  await db
    .insertInto('borough')
    .values(
      [
        { boroughId: B.PDU1, code: 'PDU1', description: 'Test PDU', probationAreaId: P.PA1 },
        { boroughId: B.PDU2, code: 'PDU2', description: 'A Second PDU', probationAreaId: P.PA1 },
        {
          boroughId: B.N07PDU,
          code: 'N07PDU',
          description: 'Accredited Programmes London',
          probationAreaId: P.N07,
        },
        {
          boroughId: B.PDU3,
          code: 'PDU3',
          description: 'PDU in an Inactive Provider',
          probationAreaId: P.XX1,
        },
      ].map((pdu) => ({ ...pdu, selectable: 'Y', functional: 'Y' })),
    )
    .execute()
  const L = S.laus
  await db
    .insertInto('district')
    .values(
      [
        { districtId: L.LAU1, code: 'LAU1', description: 'Test LAU', boroughId: B.PDU1 },
        { districtId: L.LAU2, code: 'LAU2', description: 'A Second LAU', boroughId: B.PDU2 },
        { districtId: L.N07ACPR, code: 'N07ACPR', description: 'Accredited Programmes', boroughId: B.N07PDU },
        { districtId: L.LAU3, code: 'LAU3', description: 'LAU in an Inactive Provider', boroughId: B.PDU3 },
      ].map((lau) => ({ ...lau, selectable: 'Y' })),
    )
    .execute()
  const OL = S.officeLocations
  await db
    .insertInto('officeLocation')
    .values([
      {
        officeLocationId: OL.OFFICE1,
        code: 'OFFICE1',
        description: 'Test Office Location',
        districtId: L.LAU1,
        probationAreaId: P.PA1,
        startDate: day('2000-01-01'),
        endDate: null,
      },
      {
        officeLocationId: OL.OFFICE9,
        code: 'OFFICE9',
        description: 'Closed Office Location',
        districtId: L.LAU1,
        probationAreaId: P.PA1,
        startDate: day('2000-01-01'),
        endDate: day('2020-01-01'),
      },
      {
        officeLocationId: OL.OFFICE3,
        code: 'OFFICE3',
        description: 'Office in an Inactive Provider',
        districtId: L.LAU3,
        probationAreaId: P.XX1,
        startDate: day('2000-01-01'),
        endDate: null,
      },
    ])
    .execute()
  const T = S.teams
  await db
    .insertInto('team')
    .values(
      (
        [
          [T.TEAM01, 'TEAM01', 'Test Team', L.LAU1, P.PA1, null],
          [T.TEAM02, 'TEAM02', 'A Second Team', L.LAU2, P.PA1, null],
          [T.TEAM03, 'TEAM03', 'A Third Team', L.LAU2, P.PA1, null],
          [T.N07AP1, 'N07AP1', 'Accredited Programmes Team 1', L.N07ACPR, P.N07, null],
          [T.N07AP2, 'N07AP2', 'Accredited Programmes Team 2', L.N07ACPR, P.N07, null],
          [T.N07AP9, 'N07AP9', 'Accredited Programmes Team 9', L.N07ACPR, P.N07, '2020-01-01'],
        ] as const
      ).map(([teamId, code, description, districtId, probationAreaId, endDate]) => ({
        teamId,
        code,
        description,
        districtId,
        probationAreaId,
        startDate: day('2000-01-01'),
        endDate: endDate === null ? null : day(endDate),
      })),
    )
    .execute()
  await db
    .insertInto('teamOfficeLocation')
    .values([
      { teamId: T.TEAM01, officeLocationId: OL.OFFICE1 },
      { teamId: T.TEAM01, officeLocationId: OL.OFFICE9 },
    ])
    .execute()
  await db
    .insertInto('staff')
    .values([
      staffMember('STAFF01', P.PA1),
      staffMember('STAFF02', P.PA1),
      staffMember('STAFF03', P.PA1),
      staffMember('STAFF04', P.PA1),
      staffMember('N07AP01', P.N07, 'Middle'),
      staffMember('N07AP02', P.N07, 'Future', '2099-12-31'),
      staffMember('N07AP03', P.N07, 'TestTwo'),
      staffMember('N07AP98', P.N07, null, '2020-01-01'),
      staffMember('N07AP99', P.N07, null, '2020-01-01'),
    ])
    .execute()
  const ST = S.staff
  await db
    .insertInto('staffTeam')
    .values([
      { staffId: ST.STAFF01, teamId: T.TEAM01 },
      { staffId: ST.STAFF02, teamId: T.TEAM02 },
      { staffId: ST.STAFF03, teamId: T.TEAM03 },
      { staffId: ST.STAFF04, teamId: T.TEAM03 },
      { staffId: ST.N07AP01, teamId: T.N07AP1 },
      { staffId: ST.N07AP03, teamId: T.N07AP1 },
      // An active member of the ended team: only its team's end date keeps it out of N07AP9.
      { staffId: ST.N07AP03, teamId: T.N07AP9 },
      { staffId: ST.N07AP98, teamId: T.N07AP1 },
      { staffId: ST.N07AP02, teamId: T.N07AP2 },
      { staffId: ST.N07AP99, teamId: T.N07AP9 },
    ])
    .execute()
  const U = S.users
  await db
    .insertInto('user_')
    .values([
      {
        userId: U.auditUser,
        distinguishedName: S.usernames.auditUser,
        staffId: null,
        forename: 'Accredited Programmes',
        surname: 'Service',
        systemUser: 1,
      },
      {
        userId: U.testUser,
        distinguishedName: S.usernames.testUser,
        staffId: ST.STAFF01,
        forename: 'Test',
        surname: 'User',
        systemUser: 0,
      },
      {
        userId: U.limitedAccessUser,
        distinguishedName: S.usernames.limitedAccessUser,
        staffId: null,
        forename: 'Limited',
        surname: 'Access',
        systemUser: 0,
      },
    ])
    .execute()
}

async function seedPeople(db: Kysely<Database>) {
  const O = S.offenders
  await db
    .insertInto('offender')
    .values([
      person('A000001', {
        exclusionMessage: 'Exclusion message',
        restrictionMessage: 'Restriction message',
        currentExclusion: 1,
        currentRestriction: 1,
      }),
      person('A000002'),
      person('A000003'),
      person('A000004'),
      person('A000005'),
      person('A000006'),
    ])
    .execute()
  const M = S.offenderManagers
  await db
    .insertInto('offenderManager')
    .values([
      personManager(M.A000001, O.A000001),
      // A previous manager: inactive, so never A000001's manager.
      personManager(S.hidden.inactiveOffenderManager, O.A000001, {
        allocationStaffId: S.staff.STAFF02,
        teamId: S.teams.TEAM02,
        allocationDate: day('1999-01-01'),
        endDate: day('2000-01-01'),
        activeFlag: 0,
      }),
      personManager(M.A000003, O.A000003),
      personManager(M.A000004, O.A000004),
      personManager(M.A000005, O.A000005),
      personManager(M.A000006, O.A000006),
    ])
    .execute()
  // TestUser is on A000001's allow-list; TestUserWithLimitedAccess is excluded from it.
  await db
    .insertInto('restriction')
    .values({
      restrictionId: 9201,
      offenderId: O.A000001,
      userId: S.users.testUser,
      restrictionTime: day('2000-01-01'),
      restrictionEndTime: null,
    })
    .execute()
  await db
    .insertInto('exclusion')
    .values({
      exclusionId: 9101,
      offenderId: O.A000001,
      userId: S.users.limitedAccessUser,
      exclusionDate: day('2000-01-01'),
      exclusionEndTime: null,
    })
    .execute()
  const registration = {
    offenderId: O.A000001,
    registerTypeId: S.registerTypes.RVHR,
    registerCategoryId: R.iomFixed,
    registrationDate: day('2000-01-01'),
    nextReviewDate: day('2000-06-01'),
    deregistered: 0,
    ...LIVE,
    ...AUDIT,
  }
  await db
    .insertInto('registration')
    .values([
      { ...registration, registrationId: S.registrations.A000001 },
      {
        ...registration,
        registrationId: S.hidden.deregisteredRegistration,
        registrationDate: day('1999-01-01'),
        deregistered: 1,
      },
      { ...registration, registrationId: S.hidden.deletedRegistration, ...DELETED },
    ])
    .execute()
}

async function seedSentences(db: Kysely<Database>) {
  const O = S.offenders
  const E = S.events
  const D = S.disposals
  await db
    .insertInto('event')
    .values([
      event(E.A000001[1], O.A000001, '1'),
      event(E.A000001[2], O.A000001, '2'),
      event(E.A000001[3], O.A000001, '3'),
      event(E.A000002[1], O.A000002, '1'),
      event(E.A000003[1], O.A000003, '1'),
      event(E.A000004[1], O.A000004, '1'),
      event(E.A000005[1], O.A000005, '1'),
      event(E.A000006[1], O.A000006, '1'),
    ])
    .execute()
  await db
    .insertInto('disposal')
    .values([
      disposal(D.A000001[1], E.A000001[1], O.A000001, 'adultCustody'),
      disposal(D.A000001[3], E.A000001[3], O.A000001, 'communityOrder'),
      disposal(D.A000002[1], E.A000002[1], O.A000002, 'communityOrder'),
      { ...disposal(D.A000003[1], E.A000003[1], O.A000003, 'adultCustody'), disposalDate: day('2020-01-01') },
      disposal(D.A000004[1], E.A000004[1], O.A000004, 'communityOrder'),
      disposal(D.A000005[1], E.A000005[1], O.A000005, 'communityOrder'),
      disposal(D.A000006[1], E.A000006[1], O.A000006, 'communityOrder'),
    ])
    .execute()
  const C = S.custodies
  await db
    .insertInto('custody')
    .values([
      { custodyId: C.A000001, disposalId: D.A000001[1], ...LIVE, ...AUDIT },
      { custodyId: C.A000003, disposalId: D.A000003[1], ...LIVE, ...AUDIT },
    ])
    .execute()
  await db
    .insertInto('release')
    .values({
      releaseId: 2401,
      custodyId: C.A000001,
      releaseTypeId: R.adultLicence,
      actualReleaseDate: day('2010-01-01'),
      ...LIVE,
      ...AUDIT,
      createdDatetime: '2010-01-01 12:00:00',
    })
    .execute()
  // No PR1 key date: the two-thirds date falls back to the PRST02 contact (2067-01-01).
  await db
    .insertInto('keyDate')
    .values(
      [
        { keyDateId: 2301, custodyId: C.A000001, keyDateTypeId: R.pssEndDate, keyDate: day('2100-01-01') },
        {
          keyDateId: 2302,
          custodyId: C.A000001,
          keyDateTypeId: R.licenceExpiryDate,
          keyDate: day('2050-01-01'),
        },
      ].map((keyDate) => ({ ...keyDate, ...LIVE, ...AUDIT })),
    )
    .execute()
  const OF = S.offences
  await db
    .insertInto('mainOffence')
    .values([
      mainOffence(5001, E.A000001[1], O.A000001, OF['036/02']),
      mainOffence(5002, E.A000001[2], O.A000001, OF['036/01']),
      mainOffence(5003, E.A000001[3], O.A000001, OF['036/01']),
      mainOffence(5011, E.A000002[1], O.A000002, OF['036/01']),
      mainOffence(5021, E.A000003[1], O.A000003, OF['036/01']),
      mainOffence(5031, E.A000004[1], O.A000004, OF['036/01']),
      mainOffence(5041, E.A000005[1], O.A000005, OF['036/01']),
      mainOffence(5051, E.A000006[1], O.A000006, OF['036/01']),
    ])
    .execute()
  await db
    .insertInto('additionalOffence')
    .values([
      additionalOffence(5101, E.A000001[1], OF['036/03'], '2000-01-01'),
      additionalOffence(5102, E.A000001[1], OF['036/01'], null),
      additionalOffence(S.hidden.deletedAdditionalOffence, E.A000001[1], OF['036/02'], '2000-01-01', true),
    ])
    .execute()
}

async function seedComponents(db: Kysely<Database>) {
  const O = S.offenders
  const D = S.disposals
  const [REQ0, REQ1, REQ2, REQ3] = S.requirements
  const sub = R.requirementSubTest
  const AP = S.appointments
  const T = S.termination
  const H = S.hidden
  const requirements = [
    requirement(REQ0, D.A000001[3], O.A000001),
    requirement(REQ1, D.A000001[3], O.A000001, { rqmntTypeSubCategoryId: sub }),
    requirement(REQ2, D.A000002[1], O.A000002, { rqmntTypeSubCategoryId: sub }),
    requirement(REQ3, D.A000001[3], O.A000001),
    requirement(T.requirement, D.A000003[1], O.A000003, { startDate: day('2025-01-01') }),
    requirement(T.alreadyTerminatedRequirement, D.A000003[1], O.A000003, {
      startDate: day('2025-01-01'),
      terminationDate: day('2030-01-01'),
      rqmntTerminationReasonId: R.requirementTerminationReason51,
    }),
    requirement(T.beforeStartRequirement, D.A000003[1], O.A000003, { startDate: day('2030-01-01') }),
    requirement(T.transferRequirement, D.A000003[1], O.A000003, {
      startDate: day('2025-01-01'),
      pendingTransfer: 1,
    }),
    requirement(AP.rm38Requirement, D.A000002[1], O.A000002, {
      rqmntTypeMainCategoryId: S.requirementMainCategories.RM38,
    }),
    requirement(AP.nonApRequirement, D.A000002[1], O.A000002, {
      rqmntTypeMainCategoryId: S.requirementMainCategories.H,
    }),
    requirement(AP.requirement, D.A000004[1], O.A000004),
    requirement(AP.ftcRequirement, D.A000005[1], O.A000005),
    requirement(AP.ftcLimitRequirement, D.A000006[1], O.A000006),
    requirement(H.inactiveRequirement, D.A000001[3], O.A000001, { activeFlag: 0 }),
    requirement(H.deletedRequirement, D.A000001[3], O.A000001, DELETED),
  ]
  await db.insertInto('rqmnt').values(requirements).execute()
  await db
    .insertInto('rqmntManager')
    .values(requirements.map((r) => requirementManager(r.rqmntId)))
    .execute()
  await db
    .insertInto('rqmntTransfer')
    .values({
      rqmntTransferId: T.requirementTransfer,
      rqmntId: T.transferRequirement,
      transferStatusId: R.transferStatusPending,
      acceptedDecisionId: null,
      allocationReasonId: null,
      rejectionReasonId: null,
      requestDate: day('2025-05-01'),
      transferStatusDate: day('2025-05-01'),
      notes: null,
      originTeamId: S.teams.TEAM01,
      originStaffId: S.staff.STAFF01,
      receivingTeamId: S.teams.TEAM01,
      receivingStaffId: S.staff.STAFF01,
      masterTransferId: null,
      ...LIVE,
      ...AUDIT,
    })
    .execute()

  const [LC0, LC1, LC2] = S.licenceConditions
  const licenceConditions = [
    licenceCondition(LC0, D.A000001[1], O.A000001),
    licenceCondition(LC1, D.A000001[1], O.A000001, { licCondTypeSubCatId: R.licenceConditionSubTest }),
    licenceCondition(LC2, D.A000001[1], O.A000001),
    licenceCondition(T.licenceCondition, D.A000003[1], O.A000003, { startDate: day('2025-01-01') }),
    licenceCondition(AP.nonLapLicenceCondition, D.A000003[1], O.A000003, {
      licCondTypeMainCatId: S.licenceConditionMainCategories.NLC8,
    }),
    licenceCondition(H.deletedLicenceCondition, D.A000001[1], O.A000001, DELETED),
    licenceCondition(H.inactiveLicenceCondition, D.A000001[1], O.A000001, { activeFlag: 0 }),
  ]
  await db.insertInto('licCondition').values(licenceConditions).execute()
  await db
    .insertInto('licConditionManager')
    .values(licenceConditions.map((lc) => licenceConditionManager(lc.licConditionId)))
    .execute()

  await db
    .insertInto('pssRqmnt')
    .values(
      [
        { pssRqmntId: 4301, pssRqmntTypeSubCatId: null },
        { pssRqmntId: 4302, pssRqmntTypeSubCatId: S.pssSubCategories.TEST },
      ].map((pss) => ({
        ...pss,
        custodyId: S.custodies.A000001,
        pssRqmntTypeMainCatId: S.pssMainCategories.S09,
        activeFlag: 1,
        ...LIVE,
        ...AUDIT,
      })),
    )
    .execute()
}

async function seedContacts(db: Kysely<Database>) {
  const O = S.offenders
  const E = S.events
  const [REQ0, REQ1] = S.requirements
  const [LC0, LC1] = S.licenceConditions
  const [ref0, ref1, ref2, ref3] = S.appointments.references
  const [appt0, appt1, appt2, appt3] = S.appointments.contacts
  const T = S.termination
  const appointment = (
    id: number,
    eventId: number,
    component: { rqmntId: number } | { licConditionId: number },
    date: string,
    start: string,
    end: string,
    reference: string,
  ) =>
    contact(id, O.A000001, 'CAPY', date, {
      eventId,
      ...component,
      contactStartTime: `${date} ${start}`,
      contactEndTime: `${date} ${end}`,
      externalReference: appointmentUrn(reference),
      notes: 'Some appointment notes',
      enforcement: 1,
    })
  // Future appointments on the components terminated on 2025-06-01: created by a real (non-system)
  // user, so termination soft-deletes them.
  const futureAppointment = (id: number, component: { rqmntId: number } | { licConditionId: number }) =>
    contact(id, O.A000003, 'CAPY', '2025-06-08', {
      eventId: E.A000003[1],
      ...component,
      contactStartTime: '2025-06-08 10:00:00',
      contactEndTime: '2025-06-08 11:00:00',
      enforcement: 1,
      createdByUserId: S.users.testUser,
      lastUpdatedUserId: S.users.testUser,
    })
  await db
    .insertInto('contact')
    .values([
      contact(S.contacts.twoThirds, O.A000001, 'PRST02', '2067-01-01', { eventId: E.A000001[1] }),
      contact(S.contacts.other, O.A000001, 'OTHER', '2000-01-01', { eventId: E.A000001[1] }),
      contact(S.hidden.deletedTwoThirdsContact, O.A000001, 'PRST02', '2070-01-01', {
        eventId: E.A000001[1],
        ...DELETED,
      }),
      // Search order (crn, date, start time): appt0, appt2, appt1, appt3.
      appointment(appt0, E.A000001[3], { rqmntId: REQ0 }, '2030-01-01', '10:00:00', '11:00:00', ref0),
      appointment(appt1, E.A000001[3], { rqmntId: REQ1 }, '2030-01-02', '10:00:00', '11:00:00', ref1),
      appointment(appt2, E.A000001[1], { licConditionId: LC0 }, '2030-01-01', '12:00:00', '13:00:00', ref2),
      appointment(appt3, E.A000001[1], { licConditionId: LC1 }, '2030-01-02', '12:00:00', '13:00:00', ref3),
      futureAppointment(T.futureAppointments.requirement, { rqmntId: T.requirement }),
      futureAppointment(T.futureAppointments.licenceCondition, { licConditionId: T.licenceCondition }),
      contact(T.alreadyTerminatedEterContact, O.A000003, 'ETER', '2030-01-01', {
        eventId: E.A000003[1],
        rqmntId: T.alreadyTerminatedRequirement,
        contactStartTime: day('2030-01-01'),
        notes: 'Requirement terminated on 01/01/2030',
      }),
    ])
    .execute()
}
