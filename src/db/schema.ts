import type { Insertable, Selectable, Updateable } from 'kysely'

/**
 * The Delius tables this service uses, as Kysely sees them.
 *
 * Names are the camelCase form of the Delius snake_case names; Kysely's CamelCasePlugin maps them
 * back (`rqmntTypeMainCategoryId` ↔ `rqmnt_type_main_category_id`, `rDisposalType` ↔
 * `r_disposal_type`; `user_` stays `user_`). On Oracle the plugin runs with `upperCase: true`.
 * `COLUMNS` below lists every column at run time; the type checks at the end of this file keep it
 * equal to these interfaces, and test/db/schema.test.ts keeps both equal to the DDL (ddl/oracle.sql).
 *
 * No `Generated<>` columns: Delius's own defaults are not guaranteed, so every insert states
 * row_version, soft_deleted, partition_area_id and friends explicitly, as the reference does.
 */

/**
 * A Delius DATE value: Europe/London wall-clock time as `YYYY-MM-DD HH:mm:ss` (date-only columns
 * carry `00:00:00`). Drivers are configured to hand these over as text, never as a JS Date, so the
 * host's time zone can't shift them.
 */
export type DeliusDateTime = string

/** NUMBER(1) flags such as SOFT_DELETED, ACTIVE_FLAG: 0 or 1. */
export type NumericFlag = number

/** CHAR(1) 'Y'/'N' columns. */
export type YesNo = string

/** Audit columns of the Delius business tables, set on every insert and update. */
export interface AuditColumns {
  rowVersion: number
  createdByUserId: number
  createdDatetime: DeliusDateTime
  lastUpdatedUserId: number
  lastUpdatedDatetime: DeliusDateTime
}

/** Partition and soft-delete columns of the Delius business tables. */
export interface SoftDeletable {
  softDeleted: NumericFlag
  partitionAreaId: number
}

// ------------------------------------------------------------------------------------------------
// Reference data
// ------------------------------------------------------------------------------------------------

export interface RReferenceDataMasterTable {
  referenceDataMasterId: number
  /** The dataset name, e.g. `GENDER`, `TRANSFER STATUS`. */
  codeSetName: string
  description: string | null
}

/** SRL: generic reference data, grouped into datasets by R_REFERENCE_DATA_MASTER. */
export interface RStandardReferenceListTable {
  standardReferenceListId: number
  codeValue: string
  codeDescription: string
  referenceDataMasterId: number
  selectable: YesNo
}

export interface RDisposalTypeTable {
  disposalTypeId: number
  disposalTypeCode: string
  description: string
  /** SC/NC custodial; SP community and others. */
  sentenceType: string | null
  /** Failures to comply allowed before a breach review (ARWS contact). */
  ftcLimit: number | null
  selectable: YesNo
}

export interface RRqmntTypeMainCategoryTable {
  rqmntTypeMainCategoryId: number
  code: string
  description: string
}

export interface RLicCondTypeMainCatTable {
  licCondTypeMainCatId: number
  code: string
  description: string
}

export interface RPssRqmntTypeMainCategoryTable {
  pssRqmntTypeMainCatId: number
  code: string
  description: string
}

export interface RPssRqmntTypeSubCategoryTable {
  pssRqmntTypeSubCatId: number
  code: string
  description: string
}

export interface ROffenceTable {
  offenceId: number
  code: string
  description: string
  mainCategoryCode: string
  mainCategoryDescription: string
  subCategoryCode: string
  subCategoryDescription: string
  selectable: YesNo
}

export interface RRegisterTypeTable {
  registerTypeId: number
  code: string
  description: string
}

export interface RContactTypeTable {
  contactTypeId: number
  code: string
  description: string
  attendanceContact: YesNo
  nationalStandardsContact: YesNo
  /** 'Y', 'N' or 'B' (both). */
  contactOutcomeFlag: string
}

export interface RContactOutcomeTypeTable {
  contactOutcomeTypeId: number
  code: string
  description: string
  outcomeAttendance: YesNo | null
  outcomeCompliantAcceptable: YesNo | null
  enforceable: YesNo | null
}

export interface REnforcementActionTable {
  enforcementActionId: number
  code: string
  description: string
  /** Days until a response is due. */
  responseByPeriod: number | null
  outstandingContactAction: YesNo | null
  /** The type of the contact recorded when the action is taken. */
  contactTypeId: number
}

// ------------------------------------------------------------------------------------------------
// Organisation
// ------------------------------------------------------------------------------------------------

/** A provider (region). */
export interface ProbationAreaTable {
  probationAreaId: number
  code: string
  description: string
  selectable: YesNo
  endDate: DeliusDateTime | null
}

/** A probation delivery unit (PDU). */
export interface BoroughTable {
  boroughId: number
  code: string
  description: string
  probationAreaId: number
  selectable: YesNo
  functional: YesNo
}

/** A local admin unit (LAU). */
export interface DistrictTable {
  districtId: number
  code: string
  description: string
  boroughId: number
  selectable: YesNo
}

export interface OfficeLocationTable {
  officeLocationId: number
  code: string
  description: string
  districtId: number
  probationAreaId: number
  startDate: DeliusDateTime | null
  endDate: DeliusDateTime | null
}

export interface TeamTable {
  teamId: number
  code: string
  description: string
  districtId: number
  probationAreaId: number
  startDate: DeliusDateTime | null
  endDate: DeliusDateTime | null
}

export interface TeamOfficeLocationTable {
  teamId: number
  officeLocationId: number
}

export interface StaffTable {
  staffId: number
  officerCode: string
  forename: string
  /** The middle name. */
  forename2: string | null
  surname: string
  probationAreaId: number | null
  startDate: DeliusDateTime | null
  endDate: DeliusDateTime | null
}

export interface StaffTeamTable {
  staffId: number
  teamId: number
}

/** A Delius user; DISTINGUISHED_NAME is the username (compared case-insensitively). */
export interface UserTable {
  userId: number
  distinguishedName: string
  staffId: number | null
  forename: string
  surname: string
  systemUser: NumericFlag
}

// ------------------------------------------------------------------------------------------------
// Person, limited access, registrations
// ------------------------------------------------------------------------------------------------

export interface OffenderTable extends AuditColumns, SoftDeletable {
  offenderId: number
  crn: string
  firstName: string
  secondName: string | null
  thirdName: string | null
  surname: string
  dateOfBirthDate: DeliusDateTime
  genderId: number | null
  ethnicityId: number | null
  exclusionMessage: string | null
  restrictionMessage: string | null
  currentExclusion: NumericFlag
  currentRestriction: NumericFlag
}

export interface OffenderManagerTable extends AuditColumns, SoftDeletable {
  offenderManagerId: number
  offenderId: number
  allocationStaffId: number
  teamId: number
  probationAreaId: number
  allocationDate: DeliusDateTime
  endDate: DeliusDateTime | null
  activeFlag: NumericFlag
}

export interface ExclusionTable {
  exclusionId: number
  offenderId: number
  userId: number
  exclusionDate: DeliusDateTime
  exclusionEndTime: DeliusDateTime | null
}

export interface RestrictionTable {
  restrictionId: number
  offenderId: number
  userId: number
  restrictionTime: DeliusDateTime
  restrictionEndTime: DeliusDateTime | null
}

export interface RegistrationTable extends AuditColumns, SoftDeletable {
  registrationId: number
  offenderId: number
  registerTypeId: number
  registerCategoryId: number | null
  registrationDate: DeliusDateTime
  nextReviewDate: DeliusDateTime | null
  deregistered: NumericFlag
}

// ------------------------------------------------------------------------------------------------
// Event, sentence, custody
// ------------------------------------------------------------------------------------------------

export interface EventTable extends AuditColumns, SoftDeletable {
  eventId: number
  offenderId: number
  eventNumber: string
  referralDate: DeliusDateTime
  /** Failures to comply counted since the last breach (or the sentence date). */
  ftcCount: number
  breachEnd: DeliusDateTime | null
  activeFlag: NumericFlag
}

export interface DisposalTable extends AuditColumns, SoftDeletable {
  disposalId: number
  eventId: number
  offenderId: number
  disposalTypeId: number
  disposalDate: DeliusDateTime
  entryLength: number | null
  entryLengthUnitsId: number | null
  notionalEndDate: DeliusDateTime | null
  enteredNotionalEndDate: DeliusDateTime | null
  terminationDate: DeliusDateTime | null
  activeFlag: NumericFlag
}

export interface CustodyTable extends AuditColumns, SoftDeletable {
  custodyId: number
  disposalId: number
}

export interface KeyDateTable extends AuditColumns, SoftDeletable {
  keyDateId: number
  custodyId: number
  keyDateTypeId: number
  keyDate: DeliusDateTime
}

export interface ReleaseTable extends AuditColumns, SoftDeletable {
  releaseId: number
  custodyId: number
  releaseTypeId: number
  actualReleaseDate: DeliusDateTime
}

export interface MainOffenceTable extends AuditColumns, SoftDeletable {
  mainOffenceId: number
  eventId: number
  offenderId: number
  offenceId: number
  offenceDate: DeliusDateTime
}

export interface AdditionalOffenceTable extends AuditColumns, SoftDeletable {
  additionalOffenceId: number
  eventId: number
  offenceId: number
  offenceDate: DeliusDateTime | null
}

// ------------------------------------------------------------------------------------------------
// Sentence components
// ------------------------------------------------------------------------------------------------

export interface RqmntTable extends AuditColumns, SoftDeletable {
  rqmntId: number
  disposalId: number
  offenderId: number
  rqmntTypeMainCategoryId: number | null
  /** → SRL */
  rqmntTypeSubCategoryId: number | null
  startDate: DeliusDateTime
  commencementDate: DeliusDateTime | null
  terminationDate: DeliusDateTime | null
  /** → SRL, dataset REQUIREMENT TERMINATION REASON */
  rqmntTerminationReasonId: number | null
  rqmntNotes: string | null
  pendingTransfer: NumericFlag
  activeFlag: NumericFlag
}

export interface RqmntManagerTable extends AuditColumns, SoftDeletable {
  rqmntManagerId: number
  rqmntId: number
  allocatedStaffId: number
  allocatedTeamId: number
  probationAreaId: number
  allocationDate: DeliusDateTime
  endDate: DeliusDateTime | null
  activeFlag: NumericFlag
}

/** Columns shared by RQMNT_TRANSFER and LIC_CONDITION_TRANSFER. */
export interface TransferColumns extends AuditColumns, SoftDeletable {
  /** → SRL, dataset TRANSFER STATUS (PN pending, TR rejected, ...) */
  transferStatusId: number
  /** → SRL, dataset ACCEPTED DECISION */
  acceptedDecisionId: number | null
  allocationReasonId: number | null
  /** → SRL, dataset REQUIREMENT / LICENCE AREA TRANSFER REJECTION REASON */
  rejectionReasonId: number | null
  requestDate: DeliusDateTime
  transferStatusDate: DeliusDateTime | null
  notes: string | null
  originTeamId: number
  originStaffId: number
  receivingTeamId: number
  receivingStaffId: number
  masterTransferId: number | null
}

export interface RqmntTransferTable extends TransferColumns {
  rqmntTransferId: number
  rqmntId: number
}

export interface LicConditionTable extends AuditColumns, SoftDeletable {
  licConditionId: number
  disposalId: number
  offenderId: number
  licCondTypeMainCatId: number
  /** → SRL */
  licCondTypeSubCatId: number | null
  startDate: DeliusDateTime
  commencementDate: DeliusDateTime | null
  terminationDate: DeliusDateTime | null
  /** → SRL, dataset LICENCE CONDITION TERMINATION REASON */
  licTerminationReasonId: number | null
  licConditionNotes: string | null
  pendingTransfer: NumericFlag
  activeFlag: NumericFlag
}

export interface LicConditionManagerTable extends AuditColumns, SoftDeletable {
  licConditionManagerId: number
  licConditionId: number
  staffId: number
  teamId: number
  probationAreaId: number
  allocationDate: DeliusDateTime
  endDate: DeliusDateTime | null
  activeFlag: NumericFlag
}

export interface LicConditionTransferTable extends TransferColumns {
  licConditionTransferId: number
  licConditionId: number
}

export interface PssRqmntTable extends AuditColumns, SoftDeletable {
  pssRqmntId: number
  custodyId: number
  pssRqmntTypeMainCatId: number
  pssRqmntTypeSubCatId: number | null
  activeFlag: NumericFlag
}

// ------------------------------------------------------------------------------------------------
// Contacts and enforcement
// ------------------------------------------------------------------------------------------------

export interface ContactTable extends AuditColumns, SoftDeletable {
  contactId: number
  offenderId: number
  eventId: number | null
  rqmntId: number | null
  licConditionId: number | null
  nsiId: number | null
  pssRqmntId: number | null
  /** The date, at 00:00:00. */
  contactDate: DeliusDateTime
  contactStartTime: DeliusDateTime | null
  contactEndTime: DeliusDateTime | null
  contactTypeId: number
  contactOutcomeTypeId: number | null
  staffId: number
  teamId: number
  probationAreaId: number
  officeLocationId: number | null
  attended: YesNo | null
  complied: YesNo | null
  /** 0/1, or null once a non-enforceable outcome removed enforcement. */
  enforcement: NumericFlag | null
  latestEnforcementActionId: number | null
  linkedContactId: number | null
  notes: string | null
  description: string | null
  externalReference: string | null
  sensitive: YesNo | null
  alertActive: YesNo | null
  rarActivity: YesNo | null
  visorContact: YesNo | null
  visorExported: YesNo | null
  trustProviderTeamId: number
  trustProviderFlag: NumericFlag
}

export interface ContactAlertTable {
  contactAlertId: number
  rowVersion: number
  offenderId: number
  contactId: number | null
  contactTypeId: number
  offenderManagerId: number
  trustProviderTeamId: number
  staffEmployeeId: number
}

export interface EnforcementTable extends AuditColumns, SoftDeletable {
  enforcementId: number
  contactId: number
  enforcementActionId: number | null
  responseDate: DeliusDateTime | null
  actionTakenDate: DeliusDateTime | null
  actionTakenTime: DeliusDateTime | null
}

// ------------------------------------------------------------------------------------------------
// Rejected transfers, domain-event outbox, user-action audit
// ------------------------------------------------------------------------------------------------

export interface RejectedTransferDiaryTable {
  rejectedTransferDiaryId: number
  offenderId: number
  eventId: number | null
  rqmntId: number | null
  rqmntTransferId: number | null
  licConditionId: number | null
  licConditionTransferId: number | null
  transferRequestDate: DeliusDateTime
  transferStatusDate: DeliusDateTime | null
  masterTransferId: number | null
  rejectionReasonId: number
  targetProviderId: number
  targetTeamId: number
  targetStaffId: number
  originProviderId: number
  originTeamId: number
  originStaffId: number
}

/** Delius's outbox: rows here are published as HMPPS domain events by Delius itself. */
export interface DomainEventTable {
  domainEventId: number
  /** → SRL, dataset DOMAIN EVENT TYPE (code = the event type) */
  domainEventTypeId: number
  messageBody: string
  messageAttributes: string
  createdDatetime: DeliusDateTime
}

export interface BusinessInteractionTable {
  businessInteractionId: number
  /** e.g. CLBI003 add contact, CLBI007 update contact, CLBI009 delete contact */
  businessInteractionCode: string
  description: string
  enabledFlag: YesNo
  /** The reference library treats an interaction as enabled when this is null or not in the future. */
  enabledDate: DeliusDateTime | null
}

/** No id column and no key. */
export interface AuditedInteractionTable {
  dateTime: DeliusDateTime
  /** 'P' success, 'F' failure (src/services/audit.ts). */
  outcome: string
  /** `key='value'` pairs joined by `,` (Delius truncates at 4000 characters). */
  interactionParameters: string | null
  userId: number
  businessInteractionId: number
}

// ------------------------------------------------------------------------------------------------
// The database
// ------------------------------------------------------------------------------------------------

export interface Database {
  rReferenceDataMaster: RReferenceDataMasterTable
  rStandardReferenceList: RStandardReferenceListTable
  rDisposalType: RDisposalTypeTable
  rRqmntTypeMainCategory: RRqmntTypeMainCategoryTable
  rLicCondTypeMainCat: RLicCondTypeMainCatTable
  rPssRqmntTypeMainCategory: RPssRqmntTypeMainCategoryTable
  rPssRqmntTypeSubCategory: RPssRqmntTypeSubCategoryTable
  rOffence: ROffenceTable
  rRegisterType: RRegisterTypeTable
  rContactType: RContactTypeTable
  rContactOutcomeType: RContactOutcomeTypeTable
  rEnforcementAction: REnforcementActionTable
  probationArea: ProbationAreaTable
  borough: BoroughTable
  district: DistrictTable
  officeLocation: OfficeLocationTable
  team: TeamTable
  teamOfficeLocation: TeamOfficeLocationTable
  staff: StaffTable
  staffTeam: StaffTeamTable
  user_: UserTable
  offender: OffenderTable
  offenderManager: OffenderManagerTable
  exclusion: ExclusionTable
  restriction: RestrictionTable
  registration: RegistrationTable
  event: EventTable
  disposal: DisposalTable
  custody: CustodyTable
  keyDate: KeyDateTable
  release: ReleaseTable
  mainOffence: MainOffenceTable
  additionalOffence: AdditionalOffenceTable
  rqmnt: RqmntTable
  rqmntManager: RqmntManagerTable
  rqmntTransfer: RqmntTransferTable
  licCondition: LicConditionTable
  licConditionManager: LicConditionManagerTable
  licConditionTransfer: LicConditionTransferTable
  pssRqmnt: PssRqmntTable
  contact: ContactTable
  contactAlert: ContactAlertTable
  enforcement: EnforcementTable
  rejectedTransferDiary: RejectedTransferDiaryTable
  domainEvent: DomainEventTable
  businessInteraction: BusinessInteractionTable
  auditedInteraction: AuditedInteractionTable
}

export type TableName = keyof Database & string

/** Sequences of the tables the service inserts into (AUDITED_INTERACTION has no id). */
export type SequenceName =
  | 'contact_id_seq'
  | 'contact_alert_id_seq'
  | 'enforcement_id_seq'
  | 'rejected_transfer_diary_id_seq'
  | 'domain_event_id_seq'

export const SEQUENCES: readonly SequenceName[] = [
  'contact_id_seq',
  'contact_alert_id_seq',
  'enforcement_id_seq',
  'rejected_transfer_diary_id_seq',
  'domain_event_id_seq',
]

// ------------------------------------------------------------------------------------------------
// Row aliases for services
// ------------------------------------------------------------------------------------------------

export type Contact = Selectable<ContactTable>
export type NewContact = Insertable<ContactTable>
export type ContactUpdate = Updateable<ContactTable>
export type NewContactAlert = Insertable<ContactAlertTable>
export type Enforcement = Selectable<EnforcementTable>
export type NewEnforcement = Insertable<EnforcementTable>
export type EnforcementUpdate = Updateable<EnforcementTable>
export type Event = Selectable<EventTable>
export type EventUpdate = Updateable<EventTable>
export type Requirement = Selectable<RqmntTable>
export type RequirementUpdate = Updateable<RqmntTable>
export type LicenceCondition = Selectable<LicConditionTable>
export type LicenceConditionUpdate = Updateable<LicConditionTable>
export type RequirementTransfer = Selectable<RqmntTransferTable>
export type RequirementTransferUpdate = Updateable<RqmntTransferTable>
export type LicenceConditionTransfer = Selectable<LicConditionTransferTable>
export type LicenceConditionTransferUpdate = Updateable<LicConditionTransferTable>
export type NewRejectedTransferDiary = Insertable<RejectedTransferDiaryTable>
export type NewDomainEvent = Insertable<DomainEventTable>
export type NewAuditedInteraction = Insertable<AuditedInteractionTable>
export type ContactType = Selectable<RContactTypeTable>
export type ContactOutcomeType = Selectable<RContactOutcomeTypeTable>
export type EnforcementAction = Selectable<REnforcementActionTable>
export type Offender = Selectable<OffenderTable>
export type Staff = Selectable<StaffTable>
export type Team = Selectable<TeamTable>
export type User = Selectable<UserTable>

// ------------------------------------------------------------------------------------------------
// Run-time column list
// ------------------------------------------------------------------------------------------------

const AUDIT = [
  'rowVersion',
  'createdByUserId',
  'createdDatetime',
  'lastUpdatedUserId',
  'lastUpdatedDatetime',
] as const
const SOFT_DELETE = ['softDeleted', 'partitionAreaId'] as const
const TRANSFER = [
  'transferStatusId',
  'acceptedDecisionId',
  'allocationReasonId',
  'rejectionReasonId',
  'requestDate',
  'transferStatusDate',
  'notes',
  'originTeamId',
  'originStaffId',
  'receivingTeamId',
  'receivingStaffId',
  'masterTransferId',
  ...SOFT_DELETE,
  ...AUDIT,
] as const

/** Every column of every table, camelCase, for schema tests and generic tooling. */
export const COLUMNS = {
  rReferenceDataMaster: ['referenceDataMasterId', 'codeSetName', 'description'],
  rStandardReferenceList: [
    'standardReferenceListId',
    'codeValue',
    'codeDescription',
    'referenceDataMasterId',
    'selectable',
  ],
  rDisposalType: [
    'disposalTypeId',
    'disposalTypeCode',
    'description',
    'sentenceType',
    'ftcLimit',
    'selectable',
  ],
  rRqmntTypeMainCategory: ['rqmntTypeMainCategoryId', 'code', 'description'],
  rLicCondTypeMainCat: ['licCondTypeMainCatId', 'code', 'description'],
  rPssRqmntTypeMainCategory: ['pssRqmntTypeMainCatId', 'code', 'description'],
  rPssRqmntTypeSubCategory: ['pssRqmntTypeSubCatId', 'code', 'description'],
  rOffence: [
    'offenceId',
    'code',
    'description',
    'mainCategoryCode',
    'mainCategoryDescription',
    'subCategoryCode',
    'subCategoryDescription',
    'selectable',
  ],
  rRegisterType: ['registerTypeId', 'code', 'description'],
  rContactType: [
    'contactTypeId',
    'code',
    'description',
    'attendanceContact',
    'nationalStandardsContact',
    'contactOutcomeFlag',
  ],
  rContactOutcomeType: [
    'contactOutcomeTypeId',
    'code',
    'description',
    'outcomeAttendance',
    'outcomeCompliantAcceptable',
    'enforceable',
  ],
  rEnforcementAction: [
    'enforcementActionId',
    'code',
    'description',
    'responseByPeriod',
    'outstandingContactAction',
    'contactTypeId',
  ],
  probationArea: ['probationAreaId', 'code', 'description', 'selectable', 'endDate'],
  borough: ['boroughId', 'code', 'description', 'probationAreaId', 'selectable', 'functional'],
  district: ['districtId', 'code', 'description', 'boroughId', 'selectable'],
  officeLocation: [
    'officeLocationId',
    'code',
    'description',
    'districtId',
    'probationAreaId',
    'startDate',
    'endDate',
  ],
  team: ['teamId', 'code', 'description', 'districtId', 'probationAreaId', 'startDate', 'endDate'],
  teamOfficeLocation: ['teamId', 'officeLocationId'],
  staff: [
    'staffId',
    'officerCode',
    'forename',
    'forename2',
    'surname',
    'probationAreaId',
    'startDate',
    'endDate',
  ],
  staffTeam: ['staffId', 'teamId'],
  user_: ['userId', 'distinguishedName', 'staffId', 'forename', 'surname', 'systemUser'],
  offender: [
    'offenderId',
    'crn',
    'firstName',
    'secondName',
    'thirdName',
    'surname',
    'dateOfBirthDate',
    'genderId',
    'ethnicityId',
    'exclusionMessage',
    'restrictionMessage',
    'currentExclusion',
    'currentRestriction',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  offenderManager: [
    'offenderManagerId',
    'offenderId',
    'allocationStaffId',
    'teamId',
    'probationAreaId',
    'allocationDate',
    'endDate',
    'activeFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  exclusion: ['exclusionId', 'offenderId', 'userId', 'exclusionDate', 'exclusionEndTime'],
  restriction: ['restrictionId', 'offenderId', 'userId', 'restrictionTime', 'restrictionEndTime'],
  registration: [
    'registrationId',
    'offenderId',
    'registerTypeId',
    'registerCategoryId',
    'registrationDate',
    'nextReviewDate',
    'deregistered',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  event: [
    'eventId',
    'offenderId',
    'eventNumber',
    'referralDate',
    'ftcCount',
    'breachEnd',
    'activeFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  disposal: [
    'disposalId',
    'eventId',
    'offenderId',
    'disposalTypeId',
    'disposalDate',
    'entryLength',
    'entryLengthUnitsId',
    'notionalEndDate',
    'enteredNotionalEndDate',
    'terminationDate',
    'activeFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  custody: ['custodyId', 'disposalId', ...SOFT_DELETE, ...AUDIT],
  keyDate: ['keyDateId', 'custodyId', 'keyDateTypeId', 'keyDate', ...SOFT_DELETE, ...AUDIT],
  release: ['releaseId', 'custodyId', 'releaseTypeId', 'actualReleaseDate', ...SOFT_DELETE, ...AUDIT],
  mainOffence: [
    'mainOffenceId',
    'eventId',
    'offenderId',
    'offenceId',
    'offenceDate',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  additionalOffence: ['additionalOffenceId', 'eventId', 'offenceId', 'offenceDate', ...SOFT_DELETE, ...AUDIT],
  rqmnt: [
    'rqmntId',
    'disposalId',
    'offenderId',
    'rqmntTypeMainCategoryId',
    'rqmntTypeSubCategoryId',
    'startDate',
    'commencementDate',
    'terminationDate',
    'rqmntTerminationReasonId',
    'rqmntNotes',
    'pendingTransfer',
    'activeFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  rqmntManager: [
    'rqmntManagerId',
    'rqmntId',
    'allocatedStaffId',
    'allocatedTeamId',
    'probationAreaId',
    'allocationDate',
    'endDate',
    'activeFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  rqmntTransfer: ['rqmntTransferId', 'rqmntId', ...TRANSFER],
  licCondition: [
    'licConditionId',
    'disposalId',
    'offenderId',
    'licCondTypeMainCatId',
    'licCondTypeSubCatId',
    'startDate',
    'commencementDate',
    'terminationDate',
    'licTerminationReasonId',
    'licConditionNotes',
    'pendingTransfer',
    'activeFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  licConditionManager: [
    'licConditionManagerId',
    'licConditionId',
    'staffId',
    'teamId',
    'probationAreaId',
    'allocationDate',
    'endDate',
    'activeFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  licConditionTransfer: ['licConditionTransferId', 'licConditionId', ...TRANSFER],
  pssRqmnt: [
    'pssRqmntId',
    'custodyId',
    'pssRqmntTypeMainCatId',
    'pssRqmntTypeSubCatId',
    'activeFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  contact: [
    'contactId',
    'offenderId',
    'eventId',
    'rqmntId',
    'licConditionId',
    'nsiId',
    'pssRqmntId',
    'contactDate',
    'contactStartTime',
    'contactEndTime',
    'contactTypeId',
    'contactOutcomeTypeId',
    'staffId',
    'teamId',
    'probationAreaId',
    'officeLocationId',
    'attended',
    'complied',
    'enforcement',
    'latestEnforcementActionId',
    'linkedContactId',
    'notes',
    'description',
    'externalReference',
    'sensitive',
    'alertActive',
    'rarActivity',
    'visorContact',
    'visorExported',
    'trustProviderTeamId',
    'trustProviderFlag',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  contactAlert: [
    'contactAlertId',
    'rowVersion',
    'offenderId',
    'contactId',
    'contactTypeId',
    'offenderManagerId',
    'trustProviderTeamId',
    'staffEmployeeId',
  ],
  enforcement: [
    'enforcementId',
    'contactId',
    'enforcementActionId',
    'responseDate',
    'actionTakenDate',
    'actionTakenTime',
    ...SOFT_DELETE,
    ...AUDIT,
  ],
  rejectedTransferDiary: [
    'rejectedTransferDiaryId',
    'offenderId',
    'eventId',
    'rqmntId',
    'rqmntTransferId',
    'licConditionId',
    'licConditionTransferId',
    'transferRequestDate',
    'transferStatusDate',
    'masterTransferId',
    'rejectionReasonId',
    'targetProviderId',
    'targetTeamId',
    'targetStaffId',
    'originProviderId',
    'originTeamId',
    'originStaffId',
  ],
  domainEvent: ['domainEventId', 'domainEventTypeId', 'messageBody', 'messageAttributes', 'createdDatetime'],
  businessInteraction: [
    'businessInteractionId',
    'businessInteractionCode',
    'description',
    'enabledFlag',
    'enabledDate',
  ],
  auditedInteraction: ['dateTime', 'outcome', 'interactionParameters', 'userId', 'businessInteractionId'],
} as const satisfies { readonly [T in TableName]: readonly (keyof Database[T] & string)[] }

/** Every table, in the order of the DDL. */
export const TABLES = Object.keys(COLUMNS) as TableName[]

// Compile-time proof that COLUMNS lists every column of every table (the `satisfies` above proves
// it lists nothing else). A missing column fails here, naming it.
type MissingColumns = {
  [T in TableName]: Exclude<keyof Database[T], (typeof COLUMNS)[T][number]>
}[TableName]
const columnsComplete: [MissingColumns] extends [never] ? true : MissingColumns = true
void columnsComplete

/**
 * The CLOB columns (Delius notes). Every value written to one is bound as a CLOB (src/db/dialect.ts
 * `clob`); the Oracle dialect's multi-row insert wraps these by itself. test/db/schema.test.ts keeps
 * the list equal to the DDL's CLOB columns.
 */
export const CLOB_COLUMNS: { readonly [T in TableName]?: readonly (keyof Database[T] & string)[] } = {
  rqmnt: ['rqmntNotes'],
  licCondition: ['licConditionNotes'],
  rqmntTransfer: ['notes'],
  licConditionTransfer: ['notes'],
  contact: ['notes'],
}

/** Widths (bytes) of Delius columns that request values are matched against. */
export const DELIUS_COLUMN_BYTES = { crn: 7, eventNumber: 10 } as const
