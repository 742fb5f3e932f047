import type { Insertable, Kysely } from 'kysely'
import type {
  AdditionalOffenceTable,
  ContactTable,
  Database,
  MainOffenceTable,
  OffenderTable,
  RContactTypeTable,
  RStandardReferenceListTable,
  StaffTable,
} from './schema.ts'

export { SEED } from './seed-ids.ts'

import { dialectFor, insertMany, type SqlDialect } from './dialect.ts'
import { SEED } from './seed-ids.ts'
import {
  AUDIT,
  contactRow,
  day,
  disposalRow,
  eventRow,
  LIVE,
  licenceConditionManagerRow,
  licenceConditionRow,
  offenderRow,
  personManagerRow,
  requirementManagerRow,
  requirementRow,
} from './seed-rows.ts'

const S = SEED
const DELETED = { softDeleted: 1, partitionAreaId: 0 } as const
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
  offenderRow(S.offenders[crn], crn, { secondName: 'MiddleName', ethnicityId: R.asianOther, ...extra })

const event = (id: number, offenderId: number, eventNumber: string) => eventRow(id, offenderId, eventNumber)

const disposal = (id: number, eventId: number, offenderId: number, type: 'adultCustody' | 'communityOrder') =>
  disposalRow(id, eventId, offenderId, {
    disposalTypeId: S.disposalTypes[type],
    entryLength: type === 'adultCustody' ? 24 : 6,
  })

const MAIN_7 = S.requirementMainCategories['7']
const LAP = S.licenceConditionMainCategories.LAP

/** A requirement of main category 7, active, started 2000-01-01, created 2025-01-01 12:00. */
const requirement = requirementRow

/** Its active manager, STAFF01/TEAM01; the manager id is the requirement id + 100. */
const requirementManager = (rqmntId: number) => requirementManagerRow(rqmntId + 100, rqmntId)

/** A LAP licence condition, active, started 2010-01-01 (release), created 2025-01-01 12:00. */
const licenceCondition = licenceConditionRow

/** Its active manager, STAFF01/TEAM01; the manager id is the licence condition id + 100. */
const licenceConditionManager = (licConditionId: number) =>
  licenceConditionManagerRow(licConditionId + 100, licConditionId)

/** A contact assigned to STAFF01/TEAM01 (provider PA1). */
const contact = (
  id: number,
  offenderId: number,
  typeCode: keyof typeof CT,
  date: string,
  extra: Partial<Insertable<ContactTable>> = {},
) => contactRow(id, offenderId, CT[typeCode], date, extra)

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

/** A transaction and the dialect whose inserts it uses. */
interface Seeding {
  trx: Kysely<Database>
  dialect: SqlDialect
}

/** Rows through the dialect's insertMany: on Oracle (TEST_DB=oracle, a real one) as INSERT ALL. */
function insert<T extends keyof Database & string>(
  db: Seeding,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  return insertMany(db.trx, db.dialect, table, rows)
}

/**
 * Inserts the whole seed into an empty database created from the DDL (ddl/oracle.sql), in one
 * transaction. `dialect` is the database's (default PostgreSQL; the Oracle test mode seeds through
 * the production Oracle configuration).
 */
export async function seed(
  db: Kysely<Database>,
  dialect: SqlDialect = dialectFor('postgres'),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const seeding = { trx, dialect }
    await seedReferenceData(seeding)
    await seedOrganisation(seeding)
    await seedPeople(seeding)
    await seedSentences(seeding)
    await seedComponents(seeding)
    await seedContacts(seeding)
  })
}

async function seedReferenceData(db: Seeding) {
  await insert(
    db,
    'rReferenceDataMaster',
    DATASETS.map(([id, name]) => ({ referenceDataMasterId: id, codeSetName: name, description: name })),
  )
  await insert(db, 'rStandardReferenceList', referenceData)
  await insert(db, 'rContactType', contactTypes)
  const O = S.outcomes
  await insert(db, 'rContactOutcomeType', [
    outcome(O.ATTC, 'ATTC', 'Attended - Complied', 'Y', 'Y', 'N'),
    outcome(O.FTC, 'FTC', 'Failed to comply', 'N', 'N', 'Y'),
    outcome(O.AA, 'AA', 'Acceptable Absence', 'N', 'Y', 'N'),
    outcome(O.AFTC, 'AFTC', 'Attended - Failed to Comply', 'Y', 'N', 'Y'),
    outcome(O.UAAB, 'UAAB', 'Unacceptable Absence', 'N', 'N', 'Y'),
  ])
  await insert(db, 'rEnforcementAction', [
    {
      enforcementActionId: S.enforcementActions.ROM,
      code: 'ROM',
      description: 'Refer to manager',
      responseByPeriod: 7,
      outstandingContactAction: 'Y',
      contactTypeId: CT.ROM,
    },
  ])
  await insert(db, 'rDisposalType', [
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
  await insert(db, 'rRqmntTypeMainCategory', [
    { rqmntTypeMainCategoryId: MAIN_7, code: '7', description: 'Court - Accredited Programmes' },
    {
      rqmntTypeMainCategoryId: S.requirementMainCategories.RM38,
      code: 'RM38',
      description: 'Rehabilitation Activity Requirement - Accredited Programmes',
    },
    { rqmntTypeMainCategoryId: S.requirementMainCategories.H, code: 'H', description: 'Alcohol Treatment' },
  ])
  await insert(db, 'rLicCondTypeMainCat', [
    { licCondTypeMainCatId: LAP, code: 'LAP', description: 'Licence - Accredited Programmes' },
    {
      licCondTypeMainCatId: S.licenceConditionMainCategories.NLC8,
      code: 'NLC8',
      description: 'Freedom of movement',
    },
  ])
  await insert(db, 'rPssRqmntTypeMainCategory', [
    { pssRqmntTypeMainCatId: S.pssMainCategories.S09, code: 'S09', description: 'Drug Testing' },
  ])
  await insert(db, 'rPssRqmntTypeSubCategory', [
    { pssRqmntTypeSubCatId: S.pssSubCategories.TEST, code: 'TEST', description: 'Pass drug tests' },
  ])
  await insert(
    db,
    'rOffence',
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
  await insert(db, 'rRegisterType', [
    { registerTypeId: S.registerTypes.RVHR, code: 'RVHR', description: 'Very High RoSH' },
  ])
  const BI = S.businessInteractions
  await insert(db, 'businessInteraction', [
    interaction(BI.CLBI003, 'CLBI003', 'Add Contact'),
    interaction(BI.CLBI007, 'CLBI007', 'Update Contact'),
    interaction(BI.CLBI009, 'CLBI009', 'Delete Contact'),
  ])
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

async function seedOrganisation(db: Seeding) {
  const P = S.providers
  await insert(db, 'probationArea', [
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
  const B = S.pdus
  await insert(
    db,
    'borough',
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
  const L = S.laus
  await insert(
    db,
    'district',
    [
      { districtId: L.LAU1, code: 'LAU1', description: 'Test LAU', boroughId: B.PDU1 },
      { districtId: L.LAU2, code: 'LAU2', description: 'A Second LAU', boroughId: B.PDU2 },
      { districtId: L.N07ACPR, code: 'N07ACPR', description: 'Accredited Programmes', boroughId: B.N07PDU },
      { districtId: L.LAU3, code: 'LAU3', description: 'LAU in an Inactive Provider', boroughId: B.PDU3 },
    ].map((lau) => ({ ...lau, selectable: 'Y' })),
  )
  const OL = S.officeLocations
  await insert(db, 'officeLocation', [
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
  const T = S.teams
  await insert(
    db,
    'team',
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
  await insert(db, 'teamOfficeLocation', [
    { teamId: T.TEAM01, officeLocationId: OL.OFFICE1 },
    { teamId: T.TEAM01, officeLocationId: OL.OFFICE9 },
  ])
  await insert(db, 'staff', [
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
  const ST = S.staff
  await insert(db, 'staffTeam', [
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
  const U = S.users
  await insert(db, 'user_', [
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
}

async function seedPeople(db: Seeding) {
  const O = S.offenders
  await insert(db, 'offender', [
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
  const M = S.offenderManagers
  await insert(db, 'offenderManager', [
    personManagerRow(M.A000001, O.A000001),
    // A previous manager: inactive, so never A000001's manager.
    personManagerRow(S.hidden.inactiveOffenderManager, O.A000001, {
      allocationStaffId: S.staff.STAFF02,
      teamId: S.teams.TEAM02,
      allocationDate: day('1999-01-01'),
      endDate: day('2000-01-01'),
      activeFlag: 0,
    }),
    personManagerRow(M.A000003, O.A000003),
    personManagerRow(M.A000004, O.A000004),
    personManagerRow(M.A000005, O.A000005),
    personManagerRow(M.A000006, O.A000006),
  ])
  // TestUser is on A000001's allow-list; TestUserWithLimitedAccess is excluded from it.
  await insert(db, 'restriction', [
    {
      restrictionId: 9201,
      offenderId: O.A000001,
      userId: S.users.testUser,
      restrictionTime: day('2000-01-01'),
      restrictionEndTime: null,
    },
  ])
  await insert(db, 'exclusion', [
    {
      exclusionId: 9101,
      offenderId: O.A000001,
      userId: S.users.limitedAccessUser,
      exclusionDate: day('2000-01-01'),
      exclusionEndTime: null,
    },
  ])
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
  await insert(db, 'registration', [
    { ...registration, registrationId: S.registrations.A000001 },
    {
      ...registration,
      registrationId: S.hidden.deregisteredRegistration,
      registrationDate: day('1999-01-01'),
      deregistered: 1,
    },
    { ...registration, registrationId: S.hidden.deletedRegistration, ...DELETED },
  ])
}

async function seedSentences(db: Seeding) {
  const O = S.offenders
  const E = S.events
  const D = S.disposals
  await insert(db, 'event', [
    event(E.A000001[1], O.A000001, '1'),
    event(E.A000001[2], O.A000001, '2'),
    event(E.A000001[3], O.A000001, '3'),
    event(E.A000002[1], O.A000002, '1'),
    event(E.A000003[1], O.A000003, '1'),
    event(E.A000004[1], O.A000004, '1'),
    event(E.A000005[1], O.A000005, '1'),
    event(E.A000006[1], O.A000006, '1'),
  ])
  await insert(db, 'disposal', [
    disposal(D.A000001[1], E.A000001[1], O.A000001, 'adultCustody'),
    disposal(D.A000001[3], E.A000001[3], O.A000001, 'communityOrder'),
    disposal(D.A000002[1], E.A000002[1], O.A000002, 'communityOrder'),
    { ...disposal(D.A000003[1], E.A000003[1], O.A000003, 'adultCustody'), disposalDate: day('2020-01-01') },
    disposal(D.A000004[1], E.A000004[1], O.A000004, 'communityOrder'),
    disposal(D.A000005[1], E.A000005[1], O.A000005, 'communityOrder'),
    disposal(D.A000006[1], E.A000006[1], O.A000006, 'communityOrder'),
  ])
  const C = S.custodies
  await insert(db, 'custody', [
    { custodyId: C.A000001, disposalId: D.A000001[1], ...LIVE, ...AUDIT },
    { custodyId: C.A000003, disposalId: D.A000003[1], ...LIVE, ...AUDIT },
  ])
  await insert(db, 'release', [
    {
      releaseId: 2401,
      custodyId: C.A000001,
      releaseTypeId: R.adultLicence,
      actualReleaseDate: day('2010-01-01'),
      ...LIVE,
      ...AUDIT,
      createdDatetime: '2010-01-01 12:00:00',
    },
  ])
  // No PR1 key date: the two-thirds date falls back to the PRST02 contact (2067-01-01).
  await insert(
    db,
    'keyDate',
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
  const OF = S.offences
  await insert(db, 'mainOffence', [
    mainOffence(5001, E.A000001[1], O.A000001, OF['036/02']),
    mainOffence(5002, E.A000001[2], O.A000001, OF['036/01']),
    mainOffence(5003, E.A000001[3], O.A000001, OF['036/01']),
    mainOffence(5011, E.A000002[1], O.A000002, OF['036/01']),
    mainOffence(5021, E.A000003[1], O.A000003, OF['036/01']),
    mainOffence(5031, E.A000004[1], O.A000004, OF['036/01']),
    mainOffence(5041, E.A000005[1], O.A000005, OF['036/01']),
    mainOffence(5051, E.A000006[1], O.A000006, OF['036/01']),
  ])
  await insert(db, 'additionalOffence', [
    additionalOffence(5101, E.A000001[1], OF['036/03'], '2000-01-01'),
    additionalOffence(5102, E.A000001[1], OF['036/01'], null),
    additionalOffence(S.hidden.deletedAdditionalOffence, E.A000001[1], OF['036/02'], '2000-01-01', true),
  ])
}

async function seedComponents(db: Seeding) {
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
  await insert(db, 'rqmnt', requirements)
  await insert(
    db,
    'rqmntManager',
    requirements.map((r) => requirementManager(r.rqmntId)),
  )
  await insert(db, 'rqmntTransfer', [
    {
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
    },
  ])

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
  await insert(db, 'licCondition', licenceConditions)
  await insert(
    db,
    'licConditionManager',
    licenceConditions.map((lc) => licenceConditionManager(lc.licConditionId)),
  )

  await insert(
    db,
    'pssRqmnt',
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
}

async function seedContacts(db: Seeding) {
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
  await insert(db, 'contact', [
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
}
