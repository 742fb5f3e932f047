import type { Insertable } from 'kysely'
import type { Db } from '../../src/db/database.ts'
import { insertMany } from '../../src/db/dialect.ts'
import type {
  ContactTable,
  LicConditionTransferTable,
  RqmntTable,
  RqmntTransferTable,
} from '../../src/db/schema.ts'
import { SEED } from '../../src/db/seed.ts'
import {
  AUDIT,
  contactRow,
  LIVE,
  licenceConditionManagerRow,
  licenceConditionRow,
  requirementManagerRow,
  requirementRow,
} from '../../src/db/seed-rows.ts'

/**
 * Termination fixtures beyond the seed's scenarios 8–12, inserted into this suite's own database
 * copy only. Ids sit in 950,000–959,999: below the sequences (1,000,000) and far from the seed.
 */
export const FIXTURES = {
  /** PA1 requirement on A000003: two pending transfers, one already rejected, one deleted pending. */
  transfersRequirement: 950_101,
  pendingTransfers: [950_301, 950_302],
  rejectedTransfer: 950_303,
  deletedPendingTransfer: 950_304,
  /** A licence condition on A000003 with one pending transfer (TWR rejection). */
  transferLicenceCondition: 950_111,
  licenceConditionTransfer: 950_311,
  /** A requirement with no manager. */
  unmanagedRequirement: 950_121,
  /** Terminated 2030-01-01 with reason 51 but no ETER contact. */
  terminatedWithoutContact: 950_131,
  /** Started 2025-01-01, commenced 2025-07-01: the later date counts. */
  commencedLaterRequirement: 950_141,
  /** A requirement for the round-trip and rollback checks, with ten future contacts. */
  busyRequirement: 950_151,
  /** An extra transfer-reason dataset value (the seed has none). */
  allocationReason: { datasetId: 950_402, id: 950_401, description: 'Allocation reason description' },
  /** Contacts on the seed's scenario-8 requirement that termination must keep, and one it deletes. */
  scenario8Contacts: {
    systemUserFuture: 950_501,
    withOutcomeFuture: 950_502,
    sameDay: 950_503,
    unknownCreatorFuture: 950_504,
    otherRealUserFuture: 950_505,
  },
} as const

const F = FIXTURES
const A000003 = { offenderId: SEED.offenders.A000003, disposalId: SEED.disposals.A000003[1] }
const STARTED = '2025-01-01 00:00:00'

const requirement = (id: number, extra: Partial<Insertable<RqmntTable>> = {}) =>
  requirementRow(id, A000003.disposalId, A000003.offenderId, {
    rqmntTypeSubCategoryId: SEED.referenceData.requirementSubTest,
    startDate: STARTED,
    ...extra,
  })

const requirementManager = (rqmntId: number) =>
  requirementManagerRow(rqmntId + 100, rqmntId, { allocationDate: STARTED })

const transferColumns = {
  acceptedDecisionId: null,
  rejectionReasonId: null,
  requestDate: '2025-05-01 00:00:00',
  transferStatusDate: '2025-05-01 00:00:00',
  originTeamId: SEED.teams.TEAM01,
  originStaffId: SEED.staff.STAFF01,
  ...LIVE,
  ...AUDIT,
}

const pending = SEED.referenceData.transferStatusPending
const rejected = SEED.referenceData.transferStatusRejected

/** A CAPY contact on the seed's scenario-8 requirement, 10:00–11:00, created by TestUser. */
const contact = (id: number, date: string, extra: Partial<Insertable<ContactTable>> = {}) =>
  contactRow(id, SEED.offenders.A000003, SEED.contactTypes.CAPY, date, {
    eventId: SEED.events.A000003[1],
    rqmntId: SEED.termination.requirement,
    contactStartTime: `${date} 10:00:00`,
    contactEndTime: `${date} 11:00:00`,
    createdByUserId: SEED.users.testUser,
    ...extra,
  })

export async function insertTerminationFixtures(db: Db): Promise<void> {
  const k = db.kysely
  // Several rows at once go through insertMany: the Oracle shadow check covers fixtures too.
  const { dialect } = db
  const requirements = [
    requirement(F.transfersRequirement, { pendingTransfer: 1 }),
    requirement(F.unmanagedRequirement),
    requirement(F.terminatedWithoutContact, {
      terminationDate: '2030-01-01 00:00:00',
      rqmntTerminationReasonId: SEED.referenceData.requirementTerminationReason51,
    }),
    requirement(F.commencedLaterRequirement, { commencementDate: '2025-07-01 00:00:00' }),
    requirement(F.busyRequirement),
  ]
  await insertMany(k, dialect, 'rqmnt', requirements)
  await insertMany(
    k,
    dialect,
    'rqmntManager',
    requirements
      .filter((r) => r.rqmntId !== F.unmanagedRequirement)
      .map((r) => requirementManager(r.rqmntId)),
  )

  await k
    .insertInto('rReferenceDataMaster')
    .values({
      referenceDataMasterId: F.allocationReason.datasetId,
      codeSetName: 'TRANSFER REASON',
      description: 'TRANSFER REASON',
    })
    .execute()
  await k
    .insertInto('rStandardReferenceList')
    .values({
      standardReferenceListId: F.allocationReason.id,
      codeValue: 'AR1',
      codeDescription: F.allocationReason.description,
      referenceDataMasterId: F.allocationReason.datasetId,
      selectable: 'Y',
    })
    .execute()

  const [first, second] = F.pendingTransfers
  const transfers: Insertable<RqmntTransferTable>[] = [
    // To a London team: the ETCX contact is the receiving side's, and names both providers.
    {
      rqmntTransferId: first,
      rqmntId: F.transfersRequirement,
      transferStatusId: pending,
      allocationReasonId: null,
      notes: null,
      receivingTeamId: SEED.teams.N07AP1,
      receivingStaffId: SEED.staff.N07AP01,
      masterTransferId: 950_601,
      ...transferColumns,
    },
    {
      rqmntTransferId: second,
      rqmntId: F.transfersRequirement,
      transferStatusId: pending,
      allocationReasonId: F.allocationReason.id,
      notes: 'Existing transfer notes',
      receivingTeamId: SEED.teams.TEAM02,
      receivingStaffId: SEED.staff.STAFF02,
      masterTransferId: null,
      ...transferColumns,
      requestDate: '2025-05-02 00:00:00',
    },
    {
      rqmntTransferId: F.rejectedTransfer,
      rqmntId: F.transfersRequirement,
      transferStatusId: rejected,
      allocationReasonId: null,
      notes: 'Rejected earlier',
      receivingTeamId: SEED.teams.TEAM02,
      receivingStaffId: SEED.staff.STAFF02,
      masterTransferId: null,
      ...transferColumns,
    },
    {
      rqmntTransferId: F.deletedPendingTransfer,
      rqmntId: F.transfersRequirement,
      transferStatusId: pending,
      allocationReasonId: null,
      notes: 'Deleted',
      receivingTeamId: SEED.teams.TEAM02,
      receivingStaffId: SEED.staff.STAFF02,
      masterTransferId: null,
      ...transferColumns,
      softDeleted: 1,
    },
  ]
  await insertMany(k, dialect, 'rqmntTransfer', transfers)

  const licenceCondition = licenceConditionRow(
    F.transferLicenceCondition,
    A000003.disposalId,
    A000003.offenderId,
    {
      licCondTypeSubCatId: SEED.referenceData.licenceConditionSubTest,
      startDate: STARTED,
      pendingTransfer: 1,
    },
  )
  await k.insertInto('licCondition').values(licenceCondition).execute()
  const licenceConditionManager = licenceConditionManagerRow(
    F.transferLicenceCondition + 100,
    F.transferLicenceCondition,
    { allocationDate: STARTED },
  )
  await k.insertInto('licConditionManager').values(licenceConditionManager).execute()
  const licenceConditionTransfer: Insertable<LicConditionTransferTable> = {
    licConditionTransferId: F.licenceConditionTransfer,
    licConditionId: F.transferLicenceCondition,
    transferStatusId: pending,
    allocationReasonId: null,
    notes: null,
    receivingTeamId: SEED.teams.TEAM02,
    receivingStaffId: SEED.staff.STAFF02,
    masterTransferId: null,
    ...transferColumns,
  }
  await k.insertInto('licConditionTransfer').values(licenceConditionTransfer).execute()

  const C = F.scenario8Contacts
  await insertMany(k, dialect, 'contact', [
    contact(C.systemUserFuture, '2025-06-09', { createdByUserId: SEED.users.auditUser }),
    contact(C.withOutcomeFuture, '2025-06-09', { contactOutcomeTypeId: SEED.outcomes.ATTC }),
    contact(C.sameDay, '2025-06-01'),
    contact(C.unknownCreatorFuture, '2025-06-09', { createdByUserId: 959_999 }),
    contact(C.otherRealUserFuture, '2025-06-10', { createdByUserId: SEED.users.limitedAccessUser }),
    // Ten future appointments on the busy requirement (ids 950511–950520).
    ...Array.from({ length: 10 }, (_, i) =>
      contact(950_511 + i, `2025-07-${String(i + 1).padStart(2, '0')}`, { rqmntId: F.busyRequirement }),
    ),
  ])
}
