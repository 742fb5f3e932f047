import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectFor } from '../../src/db/dialect.ts'
import { lockComponent } from '../../src/db/queries/events/component.ts'
import {
  moveContactQuery,
  moveTerminationDateQuery,
  rejectTransfersQuery,
  softDeleteFutureContactsQuery,
  terminateComponentQuery,
} from '../../src/db/queries/events/termination.ts'
import type { Database } from '../../src/db/schema.ts'
import { SEED } from '../../src/db/seed.ts'
import { BadRequestError, InvariantError, NotFoundError } from '../../src/errors.ts'
import { memoryLogger } from '../../src/logger.ts'
import { type ReferralCompletion, ReferralCompletionSchema } from '../../src/services/events/types.ts'
import { createServices } from '../../src/services/index.ts'
import { fixedClock } from '../../src/time.ts'
import { TEST_NOW } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { createOracleCompiler } from '../helpers/oracle-kysely.ts'
import { assertOracleSql } from '../helpers/oracle-rules.ts'
import { FIXTURES as F, insertTerminationFixtures } from './fixtures.ts'
import { contactById, countRows, eventServices } from './support.ts'

let db: TestDb
let services: ReturnType<typeof eventServices>

const T = SEED.termination
const R = SEED.referenceData
const NOW = '2026-05-01 12:00:00'
const EN_DASH = '\u2013'
const FOLLOWING = `following notification from the Accredited Programmes ${EN_DASH} Intervention Service`

const completion = (
  id: number,
  completedAt = '2025-06-01T14:30:00.000Z',
  type: 'REQUIREMENT' | 'LICENCE_CONDITION' = 'REQUIREMENT',
): ReferralCompletion =>
  ReferralCompletionSchema.parse({
    licReqId: String(id),
    licReqCompletedAt: completedAt,
    sourcedFromEntityType: type,
  })

const terminate = (c: ReferralCompletion, crn = 'A000003') =>
  services.componentTermination.terminate({ crn, completion: c })

const requirement = (id: number) =>
  db.kysely.selectFrom('rqmnt').selectAll().where('rqmntId', '=', id).executeTakeFirstOrThrow()
const licenceCondition = (id: number) =>
  db.kysely.selectFrom('licCondition').selectAll().where('licConditionId', '=', id).executeTakeFirstOrThrow()
const requirementTransfer = (id: number) =>
  db.kysely
    .selectFrom('rqmntTransfer')
    .selectAll()
    .where('rqmntTransferId', '=', id)
    .executeTakeFirstOrThrow()

/** Live contacts of a component with their type code, oldest first. */
const componentContacts = (component: { rqmntId: number } | { licConditionId: number }, code?: string) =>
  db.kysely
    .selectFrom('contact as c')
    .innerJoin('rContactType as ct', 'ct.contactTypeId', 'c.contactTypeId')
    .selectAll('c')
    .select('ct.code as typeCode')
    .where('rqmntId' in component ? 'c.rqmntId' : 'c.licConditionId', '=', Object.values(component)[0]!)
    .where('c.softDeleted', '=', 0)
    .$if(code !== undefined, (q) => q.where('ct.code', '=', code!))
    .orderBy('c.contactId')
    .execute()

const domainEvents = () => db.kysely.selectFrom('domainEvent').selectAll().orderBy('domainEventId').execute()

beforeAll(async () => {
  db = await createTestDb()
  services = eventServices(db)
  await insertTerminationFixtures(db)
})

afterAll(async () => {
  await db?.close()
})

describe('events.md §A.11 ComponentTerminationIntegrationTest', () => {
  it('8. requirement terminated: reason 51, future appointment deleted, ETER contact, outbox row, telemetry', async () => {
    const eventsBefore = (await domainEvents()).length
    const result = await terminate(completion(T.requirement))
    expect(result).toStrictEqual({ outcome: 'terminated' })

    expect(await requirement(T.requirement)).toMatchObject({
      terminationDate: '2025-06-01 14:30:00',
      rqmntTerminationReasonId: R.requirementTerminationReason51,
      pendingTransfer: 0,
      rowVersion: 1,
      lastUpdatedDatetime: NOW,
      lastUpdatedUserId: SEED.users.auditUser,
    })

    // The future appointment by a real user is gone; the others stay (rule 2 step 2).
    const stored = await db.kysely
      .selectFrom('contact')
      .select(['contactId', 'softDeleted', 'rowVersion', 'lastUpdatedDatetime'])
      .where('contactId', 'in', [T.futureAppointments.requirement, ...Object.values(F.scenario8Contacts)])
      .orderBy('contactId')
      .execute()
    const C = F.scenario8Contacts
    expect(Object.fromEntries(stored.map((c) => [c.contactId, c.softDeleted]))).toStrictEqual({
      [T.futureAppointments.requirement]: 1,
      [C.systemUserFuture]: 0,
      [C.withOutcomeFuture]: 0,
      [C.sameDay]: 0,
      [C.unknownCreatorFuture]: 0,
      [C.otherRealUserFuture]: 1,
    })
    // The bulk delete leaves row version and last-updated as they were.
    const deleted = stored.find((c) => c.contactId === T.futureAppointments.requirement)!
    expect(deleted).toMatchObject({ rowVersion: 0, lastUpdatedDatetime: '2025-01-01 12:00:00' })

    const eter = await componentContacts({ rqmntId: T.requirement }, 'ETER')
    expect(eter).toHaveLength(1)
    expect(eter[0]).toMatchObject({
      offenderId: SEED.offenders.A000003,
      eventId: SEED.events.A000003[1],
      rqmntId: T.requirement,
      licConditionId: null,
      contactDate: '2025-06-01 00:00:00',
      contactStartTime: '2025-06-01 14:30:00',
      contactEndTime: null,
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      externalReference: null,
      description: null,
      contactOutcomeTypeId: null,
      sensitive: 'N',
      createdByUserId: SEED.users.auditUser,
      createdDatetime: NOW,
      notes: `Requirement terminated on 01/06/2025 with termination reason of "Description of 51" ${FOLLOWING}`,
    })
    expect(await componentContacts({ rqmntId: T.requirement }, 'ETCX')).toHaveLength(0)

    const events = await domainEvents()
    expect(events).toHaveLength(eventsBefore + 1)
    const event = events.at(-1)!
    expect(event).toMatchObject({ domainEventTypeId: R.requirementTerminatedEvent, createdDatetime: NOW })
    expect(JSON.parse(event.messageBody)).toStrictEqual({
      eventType: 'probation-case.requirement.terminated',
      version: 1,
      occurredAt: '2026-05-01T12:00:00+01:00',
      description: 'A requirement has been terminated',
      additionalInformation: {
        eventNumber: '1',
        requirementID: String(T.requirement),
        requirementMainType: 'Court - Accredited Programmes',
      },
      personReference: { identifiers: [{ type: 'CRN', value: 'A000003' }] },
    })
    expect(JSON.parse(event.messageAttributes)).toStrictEqual({
      eventType: { Type: 'String', Value: 'probation-case.requirement.terminated' },
    })

    expect(services.telemetry('ComponentTerminated').at(-1)!.properties).toStrictEqual({
      type: 'Requirement',
      id: String(T.requirement),
      crn: 'A000003',
      startDate: '2025-01-01T00:00Z[Europe/London]',
      commencementDate: null,
      terminationDate: '2025-06-01T14:30+01:00[Europe/London]',
    })
  })

  it('9. licence condition terminated: the same with "Licence Condition" and type LicenceCondition', async () => {
    const result = await terminate(completion(T.licenceCondition, '2025-06-01T14:30:00', 'LICENCE_CONDITION'))
    expect(result.outcome).toBe('terminated')
    expect(await licenceCondition(T.licenceCondition)).toMatchObject({
      terminationDate: '2025-06-01 14:30:00',
      licTerminationReasonId: R.licenceConditionTerminationReason51,
      pendingTransfer: 0,
      rowVersion: 1,
    })
    const future = await contactById(db, T.futureAppointments.licenceCondition)
    expect(future.softDeleted).toBe(1)
    const eter = await componentContacts({ licConditionId: T.licenceCondition }, 'ETER')
    expect(eter).toHaveLength(1)
    expect(eter[0]).toMatchObject({
      rqmntId: null,
      licConditionId: T.licenceCondition,
      contactDate: '2025-06-01 00:00:00',
      contactStartTime: '2025-06-01 14:30:00',
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
      notes: `Licence Condition terminated on 01/06/2025 with termination reason of "Description of 51" ${FOLLOWING}`,
    })
    const event = (await domainEvents()).at(-1)!
    expect(event.domainEventTypeId).toBe(R.licenceConditionTerminatedEvent)
    expect(JSON.parse(event.messageBody)).toStrictEqual({
      eventType: 'probation-case.licence-condition.terminated',
      version: 1,
      occurredAt: '2026-05-01T12:00:00+01:00',
      description: 'A licence condition has been terminated',
      additionalInformation: {
        eventNumber: '1',
        licconditionId: String(T.licenceCondition),
        licconditionMainType: 'Licence - Accredited Programmes',
      },
      personReference: { identifiers: [{ type: 'CRN', value: 'A000003' }] },
    })
    expect(services.telemetry('ComponentTerminated').at(-1)!.properties).toStrictEqual({
      type: 'LicenceCondition',
      id: String(T.licenceCondition),
      crn: 'A000003',
      startDate: '2025-01-01T00:00Z[Europe/London]',
      commencementDate: null,
      terminationDate: '2025-06-01T14:30+01:00[Europe/London]',
    })
  })

  it('10. already terminated: only the termination date and the ETER contact move', async () => {
    const eventsBefore = (await domainEvents()).length
    const { result, count } = await db.countQueries(() =>
      terminate(completion(T.alreadyTerminatedRequirement, '2026-01-01T12:00:00.000Z')),
    )
    expect(result.outcome).toBe('updated')
    // begin, lock, lookup, component update, contact update, commit
    expect(count).toBe(6)
    expect(await requirement(T.alreadyTerminatedRequirement)).toMatchObject({
      terminationDate: '2026-01-01 12:00:00',
      rqmntTerminationReasonId: R.requirementTerminationReason51,
      pendingTransfer: 0,
    })
    const eter = await componentContacts({ rqmntId: T.alreadyTerminatedRequirement }, 'ETER')
    expect(eter).toHaveLength(1)
    expect(eter[0]).toMatchObject({
      contactId: T.alreadyTerminatedEterContact,
      contactDate: '2026-01-01 00:00:00',
      contactStartTime: '2026-01-01 12:00:00',
      notes: 'Requirement terminated on 01/01/2030',
      rowVersion: 1,
      lastUpdatedDatetime: NOW,
    })
    expect(await domainEvents()).toHaveLength(eventsBefore)
    expect(services.telemetry('ComponentTerminationUpdated').at(-1)!.properties).toStrictEqual({
      type: 'Requirement',
      id: String(T.alreadyTerminatedRequirement),
      crn: 'A000003',
      startDate: '2025-01-01T00:00Z[Europe/London]',
      commencementDate: null,
      terminationDate: '2026-01-01T12:00Z[Europe/London]',
    })
  })

  it('11. completion before the start: rejected, nothing changed, telemetry with reason and completedDate', async () => {
    const before = await requirement(T.beforeStartRequirement)
    const contactsBefore = await countRows(db, 'contact')
    const eventsBefore = await countRows(db, 'domainEvent')
    const { result, count } = await db.countQueries(() =>
      terminate(completion(T.beforeStartRequirement, '2024-01-01T14:30:00.000Z')),
    )
    expect(result.outcome).toBe('rejected')
    expect(count).toBe(4)
    expect(await requirement(T.beforeStartRequirement)).toStrictEqual(before)
    expect(await countRows(db, 'contact')).toBe(contactsBefore)
    expect(await countRows(db, 'domainEvent')).toBe(eventsBefore)
    expect(services.telemetry('ComponentTerminationRejected').at(-1)!.properties).toStrictEqual({
      type: 'Requirement',
      id: String(T.beforeStartRequirement),
      crn: 'A000003',
      startDate: '2030-01-01T00:00Z[Europe/London]',
      commencementDate: null,
      terminationDate: null,
      reason: 'Programme completion occurred earlier than the start date',
      completedDate: '2024-01-01T14:30Z[Europe/London]',
    })
  })

  it('12. pending transfer: rejected (TR, R, TE), diary row, ETCX contact with the exact notes', async () => {
    const result = await terminate(completion(T.transferRequirement))
    expect(result.outcome).toBe('terminated')
    expect(await requirement(T.transferRequirement)).toMatchObject({
      terminationDate: '2025-06-01 14:30:00',
      pendingTransfer: 0,
    })
    expect(await requirementTransfer(T.requirementTransfer)).toMatchObject({
      transferStatusId: R.transferStatusRejected,
      acceptedDecisionId: R.decisionRejected,
      rejectionReasonId: R.requirementTransferRejectionTE,
      transferStatusDate: '2025-06-01 14:30:00',
      notes: 'Transfer automatically rejected due to termination of requirement.',
      rowVersion: 1,
      lastUpdatedDatetime: NOW,
      lastUpdatedUserId: SEED.users.auditUser,
    })
    const diary = await db.kysely
      .selectFrom('rejectedTransferDiary')
      .selectAll()
      .where('rqmntId', '=', T.transferRequirement)
      .execute()
    expect(diary).toHaveLength(1)
    expect(diary[0]).toMatchObject({
      offenderId: SEED.offenders.A000003,
      eventId: SEED.events.A000003[1],
      rqmntId: T.transferRequirement,
      rqmntTransferId: T.requirementTransfer,
      licConditionId: null,
      licConditionTransferId: null,
      transferRequestDate: '2025-05-01 00:00:00',
      transferStatusDate: '2025-06-01 14:30:00',
      masterTransferId: null,
      rejectionReasonId: R.requirementTransferRejectionTE,
      targetProviderId: SEED.providers.PA1,
      targetTeamId: SEED.teams.TEAM01,
      targetStaffId: SEED.staff.STAFF01,
      originProviderId: SEED.providers.PA1,
      originTeamId: SEED.teams.TEAM01,
      originStaffId: SEED.staff.STAFF01,
    })
    expect(diary[0]!.rejectedTransferDiaryId).toBeGreaterThanOrEqual(1_000_000)
    const etcx = await componentContacts({ rqmntId: T.transferRequirement }, 'ETCX')
    expect(etcx).toHaveLength(1)
    expect(etcx[0]).toMatchObject({
      contactDate: '2025-06-01 00:00:00',
      contactStartTime: '2025-06-01 14:30:00',
      eventId: SEED.events.A000003[1],
      rqmntId: T.transferRequirement,
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      notes: [
        'Transfer Status: Description of TR',
        'Transfer Reason: null',
        'Rejection Reason: Description of TE',
        'Owning Provider: Test Provider',
        'Receiving Provider: Test Provider',
        'Notes: ',
        'Transfer automatically rejected due to termination of requirement.',
        '',
      ].join('\n'),
    })
    expect(await componentContacts({ rqmntId: T.transferRequirement }, 'ETER')).toHaveLength(1)
  })
})

describe('pending transfers only (decision 5), in a constant number of queries', () => {
  it('two pending transfers and one already rejected: only the pending ones are rejected', async () => {
    const { result, count, statements } = await db.countQueries(() =>
      terminate(completion(F.transfersRequirement)),
    )
    expect(result.outcome).toBe('terminated')
    // begin, lock, lookup, reference data, transfers, component, future contacts, 3 × ids,
    // contacts, transfers, diary, outbox, commit: the same for one transfer or a thousand.
    expect(count).toBe(15)
    expect(statements.filter((sql) => /^update "rqmnt_transfer"/i.test(sql))).toHaveLength(1)
    expect(statements.filter((sql) => /^insert (all )?into "contact"/i.test(sql))).toHaveLength(1)
    expect(
      statements.filter((sql) => /^insert (all )?into "rejected_transfer_diary"/i.test(sql)),
    ).toHaveLength(1)

    const [first, second] = F.pendingTransfers
    expect(await requirementTransfer(first)).toMatchObject({
      transferStatusId: R.transferStatusRejected,
      acceptedDecisionId: R.decisionRejected,
      rejectionReasonId: R.requirementTransferRejectionTE,
      notes: 'Transfer automatically rejected due to termination of requirement.',
      rowVersion: 1,
    })
    expect(await requirementTransfer(second)).toMatchObject({
      transferStatusId: R.transferStatusRejected,
      notes: 'Existing transfer notes\nTransfer automatically rejected due to termination of requirement.',
      rowVersion: 1,
    })
    expect(await requirementTransfer(F.rejectedTransfer)).toMatchObject({
      transferStatusId: R.transferStatusRejected,
      acceptedDecisionId: null,
      notes: 'Rejected earlier',
      rowVersion: 0,
      transferStatusDate: '2025-05-01 00:00:00',
    })
    expect(await requirementTransfer(F.deletedPendingTransfer)).toMatchObject({
      transferStatusId: R.transferStatusPending,
      notes: 'Deleted',
      rowVersion: 0,
    })

    const diary = await db.kysely
      .selectFrom('rejectedTransferDiary')
      .selectAll()
      .where('rqmntId', '=', F.transfersRequirement)
      .orderBy('rqmntTransferId')
      .execute()
    expect(diary.map((d) => d.rqmntTransferId)).toStrictEqual([first, second])
    expect(diary[0]).toMatchObject({
      targetProviderId: SEED.providers.N07,
      targetTeamId: SEED.teams.N07AP1,
      targetStaffId: SEED.staff.N07AP01,
      originProviderId: SEED.providers.PA1,
      masterTransferId: 950_601,
      transferRequestDate: '2025-05-01 00:00:00',
    })
    expect(diary[1]).toMatchObject({
      targetTeamId: SEED.teams.TEAM02,
      transferRequestDate: '2025-05-02 00:00:00',
    })

    const etcx = await componentContacts({ rqmntId: F.transfersRequirement }, 'ETCX')
    expect(etcx.map((c) => [c.staffId, c.teamId, c.probationAreaId])).toStrictEqual([
      [SEED.staff.N07AP01, SEED.teams.N07AP1, SEED.providers.N07],
      [SEED.staff.STAFF02, SEED.teams.TEAM02, SEED.providers.PA1],
    ])
    expect(etcx[0]!.notes).toBe(
      [
        'Transfer Status: Description of TR',
        'Transfer Reason: null',
        'Rejection Reason: Description of TE',
        'Owning Provider: Test Provider',
        'Receiving Provider: London',
        'Notes: ',
        'Transfer automatically rejected due to termination of requirement.',
        '',
      ].join('\n'),
    )
    expect(etcx[1]!.notes).toBe(
      [
        'Transfer Status: Description of TR',
        `Transfer Reason: ${F.allocationReason.description}`,
        'Rejection Reason: Description of TE',
        'Owning Provider: Test Provider',
        'Receiving Provider: Test Provider',
        'Notes: ',
        'Existing transfer notes',
        'Transfer automatically rejected due to termination of requirement.',
        '',
      ].join('\n'),
    )
  })

  it('a licence condition transfer is rejected with TWR into LIC_CONDITION_TRANSFER columns', async () => {
    const result = await terminate(
      completion(F.transferLicenceCondition, '2025-06-01T14:30:00', 'LICENCE_CONDITION'),
    )
    expect(result.outcome).toBe('terminated')
    const transfer = await db.kysely
      .selectFrom('licConditionTransfer')
      .selectAll()
      .where('licConditionTransferId', '=', F.licenceConditionTransfer)
      .executeTakeFirstOrThrow()
    expect(transfer).toMatchObject({
      transferStatusId: R.transferStatusRejected,
      acceptedDecisionId: R.decisionRejected,
      rejectionReasonId: R.licenceTransferRejectionTWR,
      transferStatusDate: '2025-06-01 14:30:00',
      notes: 'Transfer automatically rejected due to termination of licence condition.',
    })
    const diary = await db.kysely
      .selectFrom('rejectedTransferDiary')
      .selectAll()
      .where('licConditionId', '=', F.transferLicenceCondition)
      .execute()
    expect(diary).toHaveLength(1)
    expect(diary[0]).toMatchObject({
      rqmntId: null,
      rqmntTransferId: null,
      licConditionTransferId: F.licenceConditionTransfer,
      rejectionReasonId: R.licenceTransferRejectionTWR,
    })
    const etcx = await componentContacts({ licConditionId: F.transferLicenceCondition }, 'ETCX')
    expect(etcx).toHaveLength(1)
    expect(etcx[0]!.notes).toContain('Rejection Reason: Description of TWR\n')
    expect(etcx[0]!.notes).toContain(
      'Notes: \nTransfer automatically rejected due to termination of licence condition.\n',
    )
    expect(await licenceCondition(F.transferLicenceCondition)).toMatchObject({ pendingTransfer: 0 })
  })

  it('no transfers and ten future contacts: still one bulk update and a constant count', async () => {
    const { result, count, statements } = await db.countQueries(() =>
      terminate(completion(F.busyRequirement)),
    )
    expect(result.outcome).toBe('terminated')
    // Without transfers there is nothing to reject: no diary ids, transfer update or diary insert.
    expect(count).toBe(12)
    expect(statements.filter((sql) => /^update "contact"/i.test(sql))).toHaveLength(1)
    const live = await componentContacts({ rqmntId: F.busyRequirement })
    expect(live.map((c) => c.typeCode)).toStrictEqual(['ETER'])
  })
})

describe('rules 1 and 3 beyond the scenarios', () => {
  it('the later of start and commencement date counts (commenced after completion → rejected)', async () => {
    const result = await terminate(completion(F.commencedLaterRequirement))
    expect(result.outcome).toBe('rejected')
    expect(services.telemetry('ComponentTerminationRejected').at(-1)!.properties).toMatchObject({
      startDate: '2025-01-01T00:00Z[Europe/London]',
      commencementDate: '2025-07-01T00:00+01:00[Europe/London]',
      completedDate: '2025-06-01T14:30+01:00[Europe/London]',
    })
    expect((await requirement(F.commencedLaterRequirement)).terminationDate).toBeNull()
  })

  it('a redelivered completion takes rule 3: one ETER contact, one outbox row', async () => {
    const eventsBefore = await countRows(db, 'domainEvent')
    const again = await terminate(completion(F.busyRequirement, '2025-06-02T09:00:00'))
    expect(again.outcome).toBe('updated')
    expect(await countRows(db, 'domainEvent')).toBe(eventsBefore)
    const eter = await componentContacts({ rqmntId: F.busyRequirement }, 'ETER')
    expect(eter).toHaveLength(1)
    expect(eter[0]).toMatchObject({
      contactDate: '2025-06-02 00:00:00',
      contactStartTime: '2025-06-02 09:00:00',
    })
  })

  it('re-termination without an ETER contact creates one, with the existing reason', async () => {
    const result = await terminate(completion(F.terminatedWithoutContact, '2026-02-03T10:15:00'))
    expect(result.outcome).toBe('updated')
    expect((await requirement(F.terminatedWithoutContact)).terminationDate).toBe('2026-02-03 10:15:00')
    const eter = await componentContacts({ rqmntId: F.terminatedWithoutContact }, 'ETER')
    expect(eter).toHaveLength(1)
    expect(eter[0]).toMatchObject({
      contactDate: '2026-02-03 00:00:00',
      contactStartTime: '2026-02-03 10:15:00',
      staffId: SEED.staff.STAFF01,
      notes: `Requirement terminated on 03/02/2026 with termination reason of "Description of 51" ${FOLLOWING}`,
    })
  })
})

describe('failures: the exact error and nothing written', () => {
  const expectFailure = async (
    run: () => Promise<unknown>,
    type: abstract new (...args: never[]) => Error,
    message: string,
  ) => {
    const before = {
      contacts: await countRows(db, 'contact'),
      events: await countRows(db, 'domainEvent'),
      diary: await countRows(db, 'rejectedTransferDiary'),
      telemetry: services.telemetry().length,
    }
    const error = await run().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(type)
    expect((error as Error).message).toBe(message)
    expect({
      contacts: await countRows(db, 'contact'),
      events: await countRows(db, 'domainEvent'),
      diary: await countRows(db, 'rejectedTransferDiary'),
      telemetry: services.telemetry().length,
    }).toStrictEqual(before)
  }

  it('an unknown component → NotFound', async () => {
    await expectFailure(
      () => terminate(completion(999_999)),
      NotFoundError,
      'Requirement with id of 999999 not found',
    )
    await expectFailure(
      () => terminate(completion(999_999, '2025-06-01T14:30:00', 'LICENCE_CONDITION')),
      NotFoundError,
      'LicenceCondition with id of 999999 not found',
    )
  })

  it('a component that is not an accredited programme → NotFound, as the case endpoints treat it', async () => {
    const requirement = SEED.appointments.nonApRequirement
    const licenceCondition = SEED.appointments.nonLapLicenceCondition
    const untouched = async () => ({
      requirement: await db.kysely
        .selectFrom('rqmnt')
        .select(['terminationDate', 'rowVersion'])
        .where('rqmntId', '=', requirement)
        .executeTakeFirstOrThrow(),
      licenceCondition: await db.kysely
        .selectFrom('licCondition')
        .select(['terminationDate', 'rowVersion'])
        .where('licConditionId', '=', licenceCondition)
        .executeTakeFirstOrThrow(),
    })
    const before = await untouched()
    await expectFailure(
      () => terminate(completion(requirement)),
      NotFoundError,
      `Requirement with id of ${requirement} not found`,
    )
    await expectFailure(
      () => terminate(completion(licenceCondition, '2025-06-01T14:30:00', 'LICENCE_CONDITION')),
      NotFoundError,
      `LicenceCondition with id of ${licenceCondition} not found`,
    )
    expect(await untouched()).toStrictEqual(before)
  })

  it('a CRN mismatch → "CRN and component do not match"', async () => {
    await expectFailure(
      () => terminate(completion(F.unmanagedRequirement), 'A000001'),
      BadRequestError,
      'CRN and component do not match',
    )
  })

  it('no component manager → "Requirement with id=N has no manager", the requirement untouched', async () => {
    const before = await requirement(F.unmanagedRequirement)
    await expectFailure(
      () => terminate(completion(F.unmanagedRequirement)),
      InvariantError,
      `Requirement with id=${F.unmanagedRequirement} has no manager`,
    )
    expect(await requirement(F.unmanagedRequirement)).toStrictEqual(before)
  })

  it('missing reference data → NotFound before any write', async () => {
    const eventType = await db.kysely
      .selectFrom('rStandardReferenceList')
      .selectAll()
      .where('standardReferenceListId', '=', R.requirementTerminatedEvent)
      .executeTakeFirstOrThrow()
    // This suite's own database copy: the outbox event type is removed for this case only.
    await db.kysely
      .deleteFrom('rStandardReferenceList')
      .where('standardReferenceListId', '=', R.requirementTerminatedEvent)
      .execute()
    try {
      const before = await requirement(F.commencedLaterRequirement)
      await expectFailure(
        () => terminate(completion(F.commencedLaterRequirement, '2025-08-01T10:00:00')),
        NotFoundError,
        'ReferenceData with code of probation-case.requirement.terminated not found',
      )
      expect(await requirement(F.commencedLaterRequirement)).toStrictEqual(before)
    } finally {
      await db.kysely.insertInto('rStandardReferenceList').values(eventType).execute()
    }
  })
})

describe('concurrency (PostgreSQL)', () => {
  it('two deliveries of one completion on two connections: one termination, one update', async (context) => {
    if (!db.concurrent) {
      // PGlite runs one transaction at a time on its single connection: nothing can race.
      context.skip()
      return
    }
    const second = await db.openAnother({ poolSize: 2 })
    try {
      const other = eventServices(second)
      const eventsBefore = await countRows(db, 'domainEvent')
      const input = {
        crn: 'A000003',
        completion: completion(F.commencedLaterRequirement, '2025-08-01T10:00:00'),
      }
      const results = await Promise.all([
        services.componentTermination.terminate(input),
        other.componentTermination.terminate(input),
      ])
      expect(results.map((r) => r.outcome).sort()).toStrictEqual(['terminated', 'updated'])
      expect(await componentContacts({ rqmntId: F.commencedLaterRequirement }, 'ETER')).toHaveLength(1)
      expect(await countRows(db, 'domainEvent')).toBe(eventsBefore + 1)
    } finally {
      await second.close()
    }
  })
})

describe('Oracle', () => {
  const oracle = createOracleCompiler<Database>()
  const audit = { userId: 1, now: NOW }

  it('the bulk and update statements compile for Oracle and pass the Oracle rules', () => {
    const compiled = [
      lockComponent(oracle, 'rqmnt', 1).compile(),
      lockComponent(oracle, 'licCondition', 1).compile(),
      softDeleteFutureContactsQuery(oracle, 'rqmnt', 1, '2025-06-01 00:00:00').compile(),
      softDeleteFutureContactsQuery(oracle, 'licCondition', 1, '2025-06-01 00:00:00').compile(),
      rejectTransfersQuery(
        oracle,
        'rqmnt',
        Array.from({ length: 1500 }, (_, i) => i + 1),
        {
          ...audit,
          statusId: 1,
          decisionId: 2,
          rejectionReasonId: 3,
          statusDate: NOW,
          sentence: 'Transfer automatically rejected due to termination of requirement.',
        },
      ).compile(),
      rejectTransfersQuery(oracle, 'licCondition', [1, 2], {
        ...audit,
        statusId: 1,
        decisionId: 2,
        rejectionReasonId: 3,
        statusDate: NOW,
        sentence: 'x',
      }).compile(),
      terminateComponentQuery(oracle, 'rqmnt', 1, { ...audit, terminationDate: NOW, reasonId: 1 }).compile(),
      terminateComponentQuery(oracle, 'licCondition', 1, {
        ...audit,
        terminationDate: NOW,
        reasonId: 1,
      }).compile(),
      moveTerminationDateQuery(oracle, 'rqmnt', 1, { ...audit, terminationDate: NOW }).compile(),
      moveTerminationDateQuery(oracle, 'licCondition', 1, { ...audit, terminationDate: NOW }).compile(),
      moveContactQuery(oracle, 1, { ...audit, contactDate: NOW, contactStartTime: NOW }).compile(),
    ]
    for (const query of compiled) assertOracleSql(query.sql)
    expect(compiled[0]!.sql).toBe(
      'select "C"."RQMNT_ID" "COMPONENT_ID" from "RQMNT" "C" where "C"."RQMNT_ID" = :1 and "C"."RQMNT_TYPE_MAIN_CATEGORY_ID" in (select "AP"."RQMNT_TYPE_MAIN_CATEGORY_ID" from "R_RQMNT_TYPE_MAIN_CATEGORY" "AP" where "AP"."CODE" in (:2, :3)) and "C"."SOFT_DELETED" = :4 and "C"."ACTIVE_FLAG" = :5 for update',
    )
    expect(compiled[2]!.sql).toBe(
      'update "CONTACT" set "SOFT_DELETED" = :1 where "RQMNT_ID" = :2 and "CONTACT_DATE" > :3 and "CONTACT_OUTCOME_TYPE_ID" is null and "SOFT_DELETED" = :4 and "CREATED_BY_USER_ID" in (select "USER_ID" from "USER_" where "SYSTEM_USER" = :5)',
    )
    // 1,500 transfers: two IN lists of at most 1,000 in one statement.
    expect(compiled[4]!.sql).toMatch(/else "TR"\."NOTES" \|\| :\d+ end/)
    expect(compiled[4]!.sql).toMatch(
      /\("TR"\."RQMNT_TRANSFER_ID" in \(.*\) or "TR"\."RQMNT_TRANSFER_ID" in \(.*\)\)/,
    )
  })

  it('the batched inserts compile to INSERT ALL for Oracle', () => {
    const dialect = dialectFor('oracle')
    const diary = Array.from({ length: 3 }, (_, i) => ({
      rejectedTransferDiaryId: i + 1,
      offenderId: 1,
      eventId: 1,
      rqmntId: 1,
      rqmntTransferId: i,
      licConditionId: null,
      licConditionTransferId: null,
      transferRequestDate: NOW,
      transferStatusDate: NOW,
      masterTransferId: null,
      rejectionReasonId: 1,
      targetProviderId: 1,
      targetTeamId: 1,
      targetStaffId: 1,
      originProviderId: 1,
      originTeamId: 1,
      originStaffId: 1,
    }))
    const statements = dialect
      .insertManyQueries('rejectedTransferDiary', diary)
      .map((q) => q.compile(oracle).sql)
    expect(statements).toHaveLength(1)
    expect(statements[0]).toMatch(/^insert all into/)
    for (const sql of statements) assertOracleSql(sql)
  })
})

describe('wiring', () => {
  it('createServices exposes services.componentTermination.terminate', async () => {
    const logger = memoryLogger()
    const all = createServices({ db, clock: fixedClock(TEST_NOW), logger, auditUserId: SEED.users.auditUser })
    const result = await all.componentTermination.terminate({
      crn: 'A000003',
      completion: completion(T.beforeStartRequirement, '2024-01-01T14:30:00'),
    })
    expect(result.outcome).toBe('rejected')
    expect(logger.lines.filter((line) => line.event === 'ComponentTerminationRejected')).toHaveLength(1)
  })
})
