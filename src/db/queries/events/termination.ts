import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely'
import { clob, inList } from '../../dialect.ts'
import type { Database, DeliusDateTime, TransferColumns } from '../../schema.ts'
import type { ComponentTable } from './component.ts'
import { nullableNumber } from './numbers.ts'

/** Everything termination needs about a component (events.md §A.8), read in one round trip. */
export interface TerminationContext {
  componentId: number
  startDate: DeliusDateTime
  commencementDate: DeliusDateTime | null
  terminationDate: DeliusDateTime | null
  /** Description of the component's current termination reason (rule 3 keeps it). */
  terminationReasonDescription: string | null
  mainCategoryDescription: string | null
  subCategoryDescription: string | null
  eventId: number
  eventNumber: string
  offenderId: number
  crn: string
  /** The component manager (active, not deleted) and its team's provider; null without one. */
  managerStaffId: number | null
  managerTeamId: number | null
  managerProviderId: number | null
  eterContactTypeId: number | null
  etcxContactTypeId: number | null
  /** The component's live ETER contact, if any (rule 3 moves it). */
  eterContactId: number | null
}

export const TERMINATED_CONTACT_TYPE = 'ETER'
export const TRANSFER_REJECTED_CONTACT_TYPE = 'ETCX'

/** An active, not soft-deleted component with its event, person, manager and related codes. */
export async function findTerminationContext(
  db: Kysely<Database>,
  table: ComponentTable,
  id: number,
): Promise<TerminationContext | undefined> {
  const row = table === 'rqmnt' ? await requirementContext(db, id) : await licenceConditionContext(db, id)
  if (!row) return undefined
  return {
    componentId: Number(row.componentId),
    startDate: row.startDate,
    commencementDate: row.commencementDate,
    terminationDate: row.terminationDate,
    terminationReasonDescription: row.terminationReasonDescription,
    mainCategoryDescription: row.mainCategoryDescription,
    subCategoryDescription: row.subCategoryDescription,
    eventId: Number(row.eventId),
    eventNumber: row.eventNumber,
    offenderId: Number(row.offenderId),
    crn: row.crn,
    managerStaffId: nullableNumber(row.managerStaffId),
    managerTeamId: nullableNumber(row.managerTeamId),
    managerProviderId: nullableNumber(row.managerProviderId),
    eterContactTypeId: nullableNumber(row.eterContactTypeId),
    etcxContactTypeId: nullableNumber(row.etcxContactTypeId),
    eterContactId: nullableNumber(row.eterContactId),
  }
}

/**
 * A scalar subquery: the id of the contact type with that code (null when missing). Built from the
 * outer query's `eb`: a builder from `db` would carry its plugins' output into the outer query, which
 * runs them again (on Oracle the upper-case casing then names R__CONTACT__TYPE).
 */
// biome-ignore lint/suspicious/noExplicitAny: any outer scope; the subquery names only its own tables
const contactTypeId = (eb: ExpressionBuilder<Database, any>, code: string) =>
  eb
    .selectFrom('rContactType as ct')
    .select((sub) => sub.fn.max('ct.contactTypeId').as('id'))
    .where('ct.code', '=', code)

function requirementContext(db: Kysely<Database>, id: number) {
  return (
    db
      .selectFrom('rqmnt as c')
      .innerJoin('disposal as d', 'd.disposalId', 'c.disposalId')
      .innerJoin('event as e', 'e.eventId', 'd.eventId')
      .innerJoin('offender as o', 'o.offenderId', 'e.offenderId')
      .leftJoin('rqmntManager as m', (join) =>
        join.onRef('m.rqmntId', '=', 'c.rqmntId').on('m.activeFlag', '=', 1).on('m.softDeleted', '=', 0),
      )
      .leftJoin('team as mt', 'mt.teamId', 'm.allocatedTeamId')
      .leftJoin(
        'rStandardReferenceList as reason',
        'reason.standardReferenceListId',
        'c.rqmntTerminationReasonId',
      )
      .leftJoin('rRqmntTypeMainCategory as main', 'main.rqmntTypeMainCategoryId', 'c.rqmntTypeMainCategoryId')
      .leftJoin('rStandardReferenceList as sub', 'sub.standardReferenceListId', 'c.rqmntTypeSubCategoryId')
      .select((eb) => [
        'c.rqmntId as componentId',
        'c.startDate',
        'c.commencementDate',
        'c.terminationDate',
        'reason.codeDescription as terminationReasonDescription',
        'main.description as mainCategoryDescription',
        'sub.codeDescription as subCategoryDescription',
        'e.eventId',
        'e.eventNumber',
        'o.offenderId',
        'o.crn',
        'm.allocatedStaffId as managerStaffId',
        'm.allocatedTeamId as managerTeamId',
        'mt.probationAreaId as managerProviderId',
        contactTypeId(eb, TERMINATED_CONTACT_TYPE).as('eterContactTypeId'),
        contactTypeId(eb, TRANSFER_REJECTED_CONTACT_TYPE).as('etcxContactTypeId'),
        eb
          .selectFrom('contact as x')
          .innerJoin('rContactType as xt', 'xt.contactTypeId', 'x.contactTypeId')
          .select((sub) => sub.fn.max('x.contactId').as('id'))
          .whereRef('x.rqmntId', '=', 'c.rqmntId')
          .where('xt.code', '=', TERMINATED_CONTACT_TYPE)
          .where('x.softDeleted', '=', 0)
          .as('eterContactId'),
      ])
      .where('c.rqmntId', '=', id)
      .where('c.softDeleted', '=', 0)
      .where('c.activeFlag', '=', 1)
      // One active manager per component in Delius; the order only makes a broken case deterministic.
      .orderBy('m.rqmntManagerId')
      .offset(0)
      .fetch(1)
      .executeTakeFirst()
  )
}

function licenceConditionContext(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('licCondition as c')
    .innerJoin('disposal as d', 'd.disposalId', 'c.disposalId')
    .innerJoin('event as e', 'e.eventId', 'd.eventId')
    .innerJoin('offender as o', 'o.offenderId', 'e.offenderId')
    .leftJoin('licConditionManager as m', (join) =>
      join
        .onRef('m.licConditionId', '=', 'c.licConditionId')
        .on('m.activeFlag', '=', 1)
        .on('m.softDeleted', '=', 0),
    )
    .leftJoin('team as mt', 'mt.teamId', 'm.teamId')
    .leftJoin(
      'rStandardReferenceList as reason',
      'reason.standardReferenceListId',
      'c.licTerminationReasonId',
    )
    .leftJoin('rLicCondTypeMainCat as main', 'main.licCondTypeMainCatId', 'c.licCondTypeMainCatId')
    .leftJoin('rStandardReferenceList as sub', 'sub.standardReferenceListId', 'c.licCondTypeSubCatId')
    .select((eb) => [
      'c.licConditionId as componentId',
      'c.startDate',
      'c.commencementDate',
      'c.terminationDate',
      'reason.codeDescription as terminationReasonDescription',
      'main.description as mainCategoryDescription',
      'sub.codeDescription as subCategoryDescription',
      'e.eventId',
      'e.eventNumber',
      'o.offenderId',
      'o.crn',
      'm.staffId as managerStaffId',
      'm.teamId as managerTeamId',
      'mt.probationAreaId as managerProviderId',
      contactTypeId(eb, TERMINATED_CONTACT_TYPE).as('eterContactTypeId'),
      contactTypeId(eb, TRANSFER_REJECTED_CONTACT_TYPE).as('etcxContactTypeId'),
      eb
        .selectFrom('contact as x')
        .innerJoin('rContactType as xt', 'xt.contactTypeId', 'x.contactTypeId')
        .select((sub) => sub.fn.max('x.contactId').as('id'))
        .whereRef('x.licConditionId', '=', 'c.licConditionId')
        .where('xt.code', '=', TERMINATED_CONTACT_TYPE)
        .where('x.softDeleted', '=', 0)
        .as('eterContactId'),
    ])
    .where('c.licConditionId', '=', id)
    .where('c.softDeleted', '=', 0)
    .where('c.activeFlag', '=', 1)
    .orderBy('m.licConditionManagerId')
    .offset(0)
    .fetch(1)
    .executeTakeFirst()
}

// ------------------------------------------------------------------------------------------------
// Reference data
// ------------------------------------------------------------------------------------------------

export interface ReferenceDataKey {
  /** R_REFERENCE_DATA_MASTER.CODE_SET_NAME */
  dataset: string
  /** R_STANDARD_REFERENCE_LIST.CODE_VALUE */
  code: string
}

export interface ReferenceDataValue extends ReferenceDataKey {
  id: number
  description: string
}

/** Several reference data values, each by dataset and code, in one round trip. */
export async function findReferenceData(
  db: Kysely<Database>,
  keys: readonly ReferenceDataKey[],
): Promise<ReferenceDataValue[]> {
  if (keys.length === 0) return []
  const rows = await db
    .selectFrom('rStandardReferenceList as srl')
    .innerJoin('rReferenceDataMaster as rdm', 'rdm.referenceDataMasterId', 'srl.referenceDataMasterId')
    .select([
      'srl.standardReferenceListId as id',
      'srl.codeValue as code',
      'srl.codeDescription as description',
      'rdm.codeSetName as dataset',
    ])
    .where((eb) =>
      eb.or(
        keys.map((key) =>
          eb.and([eb('rdm.codeSetName', '=', key.dataset), eb('srl.codeValue', '=', key.code)]),
        ),
      ),
    )
    .execute()
  return rows.map((row) => ({ ...row, id: Number(row.id) }))
}

// ------------------------------------------------------------------------------------------------
// Transfers
// ------------------------------------------------------------------------------------------------

/** The database as a query sees it once a transfer table is selected under the alias `tr`. */
type TransferScope = Database & { tr: TransferColumns }

/**
 * `select <transfer id> as transferId from rqmnt_transfer tr where tr.rqmnt_id = :id` (or the
 * licence condition table), typed by the columns both transfer tables share.
 */
function selectTransfers(
  db: Kysely<Database>,
  table: ComponentTable,
  componentId: number,
): SelectQueryBuilder<TransferScope, 'tr', { transferId: number }> {
  const query =
    table === 'rqmnt'
      ? db
          .selectFrom('rqmntTransfer as tr')
          .select('tr.rqmntTransferId as transferId')
          .where('tr.rqmntId', '=', componentId)
      : db
          .selectFrom('licConditionTransfer as tr')
          .select('tr.licConditionTransferId as transferId')
          .where('tr.licConditionId', '=', componentId)
  return query as unknown as SelectQueryBuilder<TransferScope, 'tr', { transferId: number }>
}

export const PENDING_TRANSFER_STATUS = { dataset: 'TRANSFER STATUS', code: 'PN' } as const

export interface PendingTransfer {
  transferId: number
  notes: string | null
  requestDate: DeliusDateTime
  masterTransferId: number | null
  allocationReasonDescription: string | null
  originTeamId: number
  originStaffId: number
  originProviderId: number
  originProviderDescription: string
  receivingTeamId: number
  receivingStaffId: number
  receivingProviderId: number
  receivingProviderDescription: string
}

/**
 * The component's live transfers with status PN (pending) and what rejecting them needs: the
 * allocation reason and both sides' teams, staff and providers. Only pending transfers are
 * rejected (spec decision 5).
 */
export async function findPendingTransfers(
  db: Kysely<Database>,
  table: ComponentTable,
  componentId: number,
): Promise<PendingTransfer[]> {
  const rows = await selectTransfers(db, table, componentId)
    .innerJoin('rStandardReferenceList as status', 'status.standardReferenceListId', 'tr.transferStatusId')
    .innerJoin(
      'rReferenceDataMaster as statusSet',
      'statusSet.referenceDataMasterId',
      'status.referenceDataMasterId',
    )
    .leftJoin('rStandardReferenceList as reason', 'reason.standardReferenceListId', 'tr.allocationReasonId')
    .innerJoin('team as originTeam', 'originTeam.teamId', 'tr.originTeamId')
    .innerJoin(
      'probationArea as originProvider',
      'originProvider.probationAreaId',
      'originTeam.probationAreaId',
    )
    .innerJoin('team as receivingTeam', 'receivingTeam.teamId', 'tr.receivingTeamId')
    .innerJoin(
      'probationArea as receivingProvider',
      'receivingProvider.probationAreaId',
      'receivingTeam.probationAreaId',
    )
    .select([
      'tr.notes',
      'tr.requestDate',
      'tr.masterTransferId',
      'reason.codeDescription as allocationReasonDescription',
      'tr.originTeamId',
      'tr.originStaffId',
      'originProvider.probationAreaId as originProviderId',
      'originProvider.description as originProviderDescription',
      'tr.receivingTeamId',
      'tr.receivingStaffId',
      'receivingProvider.probationAreaId as receivingProviderId',
      'receivingProvider.description as receivingProviderDescription',
    ])
    .where('tr.softDeleted', '=', 0)
    .where('status.codeValue', '=', PENDING_TRANSFER_STATUS.code)
    .where('statusSet.codeSetName', '=', PENDING_TRANSFER_STATUS.dataset)
    .orderBy('transferId')
    .execute()
  return rows.map((row) => ({
    ...row,
    transferId: Number(row.transferId),
    masterTransferId: nullableNumber(row.masterTransferId),
    originTeamId: Number(row.originTeamId),
    originStaffId: Number(row.originStaffId),
    originProviderId: Number(row.originProviderId),
    receivingTeamId: Number(row.receivingTeamId),
    receivingStaffId: Number(row.receivingStaffId),
    receivingProviderId: Number(row.receivingProviderId),
  }))
}

// ------------------------------------------------------------------------------------------------
// Writes (builders, so tests can also compile them for Oracle)
// ------------------------------------------------------------------------------------------------

export interface AuditedWrite {
  userId: number
  /** London wall clock. */
  now: DeliusDateTime
}

/** Rule 2 step 1: termination date and reason, no longer pending transfer, audited. */
export function terminateComponentQuery(
  db: Kysely<Database>,
  table: ComponentTable,
  id: number,
  change: AuditedWrite & { terminationDate: DeliusDateTime; reasonId: number },
) {
  const audited = {
    terminationDate: change.terminationDate,
    pendingTransfer: 0,
    lastUpdatedDatetime: change.now,
    lastUpdatedUserId: change.userId,
  }
  return table === 'rqmnt'
    ? db
        .updateTable('rqmnt')
        .set((eb) => ({
          ...audited,
          rqmntTerminationReasonId: change.reasonId,
          rowVersion: eb('rowVersion', '+', 1),
        }))
        .where('rqmntId', '=', id)
    : db
        .updateTable('licCondition')
        .set((eb) => ({
          ...audited,
          licTerminationReasonId: change.reasonId,
          rowVersion: eb('rowVersion', '+', 1),
        }))
        .where('licConditionId', '=', id)
}

/** Rule 3: only the termination date moves (audited like any entity update). */
export function moveTerminationDateQuery(
  db: Kysely<Database>,
  table: ComponentTable,
  id: number,
  change: AuditedWrite & { terminationDate: DeliusDateTime },
) {
  const audited = {
    terminationDate: change.terminationDate,
    lastUpdatedDatetime: change.now,
    lastUpdatedUserId: change.userId,
  }
  return table === 'rqmnt'
    ? db
        .updateTable('rqmnt')
        .set((eb) => ({ ...audited, rowVersion: eb('rowVersion', '+', 1) }))
        .where('rqmntId', '=', id)
    : db
        .updateTable('licCondition')
        .set((eb) => ({ ...audited, rowVersion: eb('rowVersion', '+', 1) }))
        .where('licConditionId', '=', id)
}

/**
 * Rule 2 step 2, one bulk update: the component's contacts dated after the termination date, with
 * no outcome, created by a real (non-system) Delius user. A creator missing from USER_ keeps the
 * contact (the reference's inner join). Row version and last-updated columns stay as they are.
 */
export function softDeleteFutureContactsQuery(
  db: Kysely<Database>,
  table: ComponentTable,
  componentId: number,
  afterDate: DeliusDateTime,
) {
  return db
    .updateTable('contact')
    .set({ softDeleted: 1 })
    .where(table === 'rqmnt' ? 'rqmntId' : 'licConditionId', '=', componentId)
    .where('contactDate', '>', afterDate)
    .where('contactOutcomeTypeId', 'is', null)
    .where('softDeleted', '=', 0)
    .where('createdByUserId', 'in', (eb) =>
      eb.selectFrom('user_').select('userId').where('systemUser', '=', 0),
    )
}

/**
 * Rule 2 step 4, one update for every pending transfer: rejected status, decision and reason, the
 * status date, and the automatic-rejection sentence appended to the notes on a new line (or as the
 * notes when there were none).
 */
export function rejectTransfersQuery(
  db: Kysely<Database>,
  table: ComponentTable,
  transferIds: readonly number[],
  change: AuditedWrite & {
    statusId: number
    decisionId: number
    rejectionReasonId: number
    statusDate: DeliusDateTime
    sentence: string
  },
) {
  const values = (eb: ExpressionBuilder<TransferScope, 'tr'>) => ({
    transferStatusId: change.statusId,
    acceptedDecisionId: change.decisionId,
    rejectionReasonId: change.rejectionReasonId,
    transferStatusDate: change.statusDate,
    notes: eb
      .case()
      .when('tr.notes', 'is', null)
      .then(clob(change.sentence))
      // `||` is the concatenation both databases have (CONCAT is variadic only on PostgreSQL). NOTES
      // is a CLOB: both branches bind CLOBs, as Oracle wants one type across a CASE.
      .else(eb('tr.notes', '||', clob(`\n${change.sentence}`)))
      .end(),
    lastUpdatedDatetime: change.now,
    lastUpdatedUserId: change.userId,
    rowVersion: eb('tr.rowVersion', '+', 1),
  })
  return table === 'rqmnt'
    ? db
        .updateTable('rqmntTransfer as tr')
        .set((eb) => values(eb as unknown as ExpressionBuilder<TransferScope, 'tr'>))
        .where((eb) => inList(eb, 'tr.rqmntTransferId', transferIds))
    : db
        .updateTable('licConditionTransfer as tr')
        .set((eb) => values(eb as unknown as ExpressionBuilder<TransferScope, 'tr'>))
        .where((eb) => inList(eb, 'tr.licConditionTransferId', transferIds))
}

/** Rule 3: the ETER contact moves to the new termination date (audited). */
export function moveContactQuery(
  db: Kysely<Database>,
  contactId: number,
  change: AuditedWrite & { contactDate: DeliusDateTime; contactStartTime: DeliusDateTime },
) {
  return db
    .updateTable('contact')
    .set((eb) => ({
      contactDate: change.contactDate,
      contactStartTime: change.contactStartTime,
      lastUpdatedDatetime: change.now,
      lastUpdatedUserId: change.userId,
      rowVersion: eb('rowVersion', '+', 1),
    }))
    .where('contactId', '=', contactId)
}
