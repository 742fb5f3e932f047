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
