import type { Kysely } from 'kysely'
import type { Db } from '../../db/database.ts'
import { insertMany, nextId, nextIds } from '../../db/dialect.ts'
import { lockComponent } from '../../db/queries/events/component.ts'
import {
  findPendingTransfers,
  findReferenceData,
  findTerminationContext,
  moveContactQuery,
  moveTerminationDateQuery,
  type ReferenceDataKey,
  type ReferenceDataValue,
  rejectTransfersQuery,
  softDeleteFutureContactsQuery,
  TERMINATED_CONTACT_TYPE,
  type TerminationContext,
  TRANSFER_REJECTED_CONTACT_TYPE,
  terminateComponentQuery,
} from '../../db/queries/events/termination.ts'
import type { Database, DeliusDateTime, NewRejectedTransferDiary } from '../../db/schema.ts'
import { BadRequestError, InvariantError, NotFoundError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import { type Clock, datePart, instantToOffsetDateTime, toLondon } from '../../time.ts'
import { type AuditStamp, newContact } from '../contacts.ts'
import { COMPONENT_KINDS, type ComponentKind, componentLink, componentNotFound } from './components.ts'
import { TERMINATION_EVENT_TYPES, terminationDomainEvent } from './termination-domain-event.ts'
import {
  rejectedTransferNotes,
  terminationNotes,
  transferRejectedNotes,
  transferRejectionSentence,
} from './termination-notes.ts'
import type { ReferralCompletion } from './types.ts'
import { zonedDateTimeString } from './zoned-date-time.ts'

export interface ComponentTerminationInput {
  crn: string
  completion: ReferralCompletion
}

export type TerminationOutcome = 'rejected' | 'terminated' | 'updated'

export interface ComponentTerminationDeps {
  db: Db
  clock: Clock
  logger: Logger
  auditUserId: number
}

/** Telemetry event per outcome (events.md §A.8). */
const TELEMETRY_EVENTS: Record<TerminationOutcome, string> = {
  rejected: 'ComponentTerminationRejected',
  terminated: 'ComponentTerminated',
  updated: 'ComponentTerminationUpdated',
}

export const TOO_EARLY_REASON = 'Programme completion occurred earlier than the start date'

/** The reference data termination uses (events.md §A.8), by component type. */
const REFERENCE_DATA = {
  REQUIREMENT: {
    terminationReason: { dataset: 'REQUIREMENT TERMINATION REASON', code: '51' },
    transferRejectionReason: { dataset: 'REQUIREMENT AREA TRANSFER REJECTION REASON', code: 'TE' },
    domainEventType: { dataset: 'DOMAIN EVENT TYPE', code: TERMINATION_EVENT_TYPES.REQUIREMENT },
  },
  LICENCE_CONDITION: {
    terminationReason: { dataset: 'LICENCE CONDITION TERMINATION REASON', code: '51' },
    transferRejectionReason: { dataset: 'LICENCE AREA TRANSFER REJECTION REASON', code: 'TWR' },
    domainEventType: { dataset: 'DOMAIN EVENT TYPE', code: TERMINATION_EVENT_TYPES.LICENCE_CONDITION },
  },
} as const satisfies Record<string, Record<string, ReferenceDataKey>>
const REJECTED_TRANSFER_STATUS = { dataset: 'TRANSFER STATUS', code: 'TR' } as const
const REJECTED_DECISION = { dataset: 'ACCEPTED DECISION', code: 'R' } as const

interface Termination {
  trx: Kysely<Database>
  kind: ComponentKind
  context: TerminationContext
  completedDate: DeliusDateTime
  audit: AuditStamp
  /** The instant of this processing, for the domain event's `occurredAt`. */
  occurredAt: string
}

/**
 * `programme.complete` (events.md §A.8): terminates the requirement or licence condition in one
 * transaction. Rule 1 rejects a completion before the component started, rule 2 terminates (reason
 * 51, future contacts soft-deleted, ETER contact, pending transfers rejected, DOMAIN_EVENT outbox
 * row), rule 3 only moves the date of an earlier termination. A constant number of round trips
 * whatever the number of transfers or future contacts.
 */
export function componentTerminationService({ db, clock, logger, auditUserId }: ComponentTerminationDeps) {
  return {
    async terminate(input: ComponentTerminationInput): Promise<{ outcome: TerminationOutcome }> {
      const { crn, completion } = input
      const kind = COMPONENT_KINDS[completion.sourcedFromEntityType]
      const id = completion.licReqId
      const completedDate = completion.licReqCompletedAt
      const instant = clock.now()
      const audit = { userId: auditUserId, now: toLondon(instant).dateTime }

      const { outcome, properties } = await db.kysely.transaction().execute(async (trx) => {
        // Serialises concurrent deliveries: the second one then sees the termination (rule 3).
        const locked = await lockComponent(trx, kind.table, id).executeTakeFirst()
        if (!locked) throw componentNotFound(kind, id)
        const context = await findTerminationContext(trx, kind.table, id)
        if (!context) throw componentNotFound(kind, id)
        if (context.crn !== crn) throw new BadRequestError('CRN and component do not match')

        const started = [context.startDate, context.commencementDate]
          .filter((date): date is string => date !== null)
          .sort()
          .at(-1)
        if (started !== undefined && started > completedDate) {
          return {
            outcome: 'rejected' as const,
            properties: {
              ...telemetry(kind, context, context.terminationDate),
              reason: TOO_EARLY_REASON,
              completedDate: zonedDateTimeString(completedDate),
            },
          }
        }
        const termination: Termination = {
          trx,
          kind,
          context,
          completedDate,
          audit,
          occurredAt: instantToOffsetDateTime(instant),
        }
        if (context.terminationDate === null) {
          await terminate(db, termination)
          return { outcome: 'terminated' as const, properties: telemetry(kind, context, completedDate) }
        }
        await moveTermination(db, termination)
        return { outcome: 'updated' as const, properties: telemetry(kind, context, completedDate) }
      })

      logger.event(TELEMETRY_EVENTS[outcome], properties)
      return { outcome }
    },
  }
}

export type ComponentTerminationService = ReturnType<typeof componentTerminationService>

/** Telemetry properties of every outcome, as the reference's Map<String, String?>. */
function telemetry(kind: ComponentKind, context: TerminationContext, terminationDate: DeliusDateTime | null) {
  return {
    type: kind.entity,
    id: String(context.componentId),
    crn: context.crn,
    startDate: zonedDateTimeString(context.startDate),
    commencementDate: zonedDateTimeString(context.commencementDate),
    terminationDate: zonedDateTimeString(terminationDate),
  }
}

/** Rule 2: first termination. Everything is looked up and checked before the first write. */
async function terminate(db: Db, t: Termination): Promise<void> {
  const { trx, kind, context, completedDate, audit } = t
  const codes = REFERENCE_DATA[kind.type]
  const referenceData = await findReferenceData(trx, [
    codes.terminationReason,
    REJECTED_TRANSFER_STATUS,
    REJECTED_DECISION,
    codes.transferRejectionReason,
    codes.domainEventType,
  ])
  const transfers = await findPendingTransfers(trx, kind.table, context.componentId)

  const reason = referenceValue(referenceData, codes.terminationReason)
  const terminationContact = terminationContactFields(t, reason.description)
  const rejection =
    transfers.length === 0
      ? undefined
      : {
          status: referenceValue(referenceData, REJECTED_TRANSFER_STATUS),
          decision: referenceValue(referenceData, REJECTED_DECISION),
          reason: referenceValue(referenceData, codes.transferRejectionReason),
          contactTypeId: contactType(context.etcxContactTypeId, TRANSFER_REJECTED_CONTACT_TYPE),
          sentence: transferRejectionSentence(kind),
        }
  const eventType = referenceValue(referenceData, codes.domainEventType)

  await terminateComponentQuery(trx, kind.table, context.componentId, {
    ...audit,
    terminationDate: completedDate,
    reasonId: reason.id,
  }).execute()
  await softDeleteFutureContactsQuery(
    trx,
    kind.table,
    context.componentId,
    `${datePart(completedDate)} 00:00:00`,
  ).execute()

  const contactIds = await nextIds(trx, db.dialect, 'contact_id_seq', 1 + transfers.length)
  const diaryIds = await nextIds(trx, db.dialect, 'rejected_transfer_diary_id_seq', transfers.length)
  const domainEventId = await nextId(trx, db.dialect, 'domain_event_id_seq')

  const link = componentLink(kind, context.componentId)
  const contacts = [newContact({ ...terminationContact, contactId: contactIds[0]! }, audit)]
  const diary: NewRejectedTransferDiary[] = []
  if (rejection) {
    transfers.forEach((transfer, i) => {
      contacts.push(
        newContact(
          {
            contactId: contactIds[i + 1]!,
            offenderId: context.offenderId,
            eventId: context.eventId,
            ...link,
            contactTypeId: rejection.contactTypeId,
            contactDate: completedDate,
            contactStartTime: completedDate,
            staffId: transfer.receivingStaffId,
            teamId: transfer.receivingTeamId,
            probationAreaId: transfer.receivingProviderId,
            notes: transferRejectedNotes({
              statusDescription: rejection.status.description,
              allocationReasonDescription: transfer.allocationReasonDescription,
              rejectionReasonDescription: rejection.reason.description,
              owningProviderDescription: transfer.originProviderDescription,
              receivingProviderDescription: transfer.receivingProviderDescription,
              notes: rejectedTransferNotes(transfer.notes, rejection.sentence),
            }),
          },
          audit,
        ),
      )
      diary.push({
        rejectedTransferDiaryId: diaryIds[i]!,
        offenderId: context.offenderId,
        eventId: context.eventId,
        rqmntId: link.rqmntId,
        rqmntTransferId: kind.table === 'rqmnt' ? transfer.transferId : null,
        licConditionId: link.licConditionId,
        licConditionTransferId: kind.table === 'licCondition' ? transfer.transferId : null,
        transferRequestDate: transfer.requestDate,
        transferStatusDate: completedDate,
        masterTransferId: transfer.masterTransferId,
        rejectionReasonId: rejection.reason.id,
        targetProviderId: transfer.receivingProviderId,
        targetTeamId: transfer.receivingTeamId,
        targetStaffId: transfer.receivingStaffId,
        originProviderId: transfer.originProviderId,
        originTeamId: transfer.originTeamId,
        originStaffId: transfer.originStaffId,
      })
    })
  }
  await insertMany(trx, db.dialect, 'contact', contacts)

  if (rejection) {
    await rejectTransfersQuery(
      trx,
      kind.table,
      transfers.map((transfer) => transfer.transferId),
      {
        ...audit,
        statusId: rejection.status.id,
        decisionId: rejection.decision.id,
        rejectionReasonId: rejection.reason.id,
        statusDate: completedDate,
        sentence: rejection.sentence,
      },
    ).execute()
    await insertMany(trx, db.dialect, 'rejectedTransferDiary', diary)
  }

  const event = terminationDomainEvent(
    kind,
    {
      crn: context.crn,
      componentId: context.componentId,
      eventNumber: context.eventNumber,
      mainCategoryDescription: context.mainCategoryDescription,
      subCategoryDescription: context.subCategoryDescription,
    },
    t.occurredAt,
  )
  await trx
    .insertInto('domainEvent')
    .values({
      domainEventId,
      domainEventTypeId: eventType.id,
      messageBody: event.messageBody,
      messageAttributes: event.messageAttributes,
      createdDatetime: audit.now,
    })
    .execute()
}

/** Rule 3: an earlier termination only moves its date and its ETER contact (created if missing). */
async function moveTermination(db: Db, t: Termination): Promise<void> {
  const { trx, kind, context, completedDate, audit } = t
  await moveTerminationDateQuery(trx, kind.table, context.componentId, {
    ...audit,
    terminationDate: completedDate,
  }).execute()
  if (context.eterContactId !== null) {
    await moveContactQuery(trx, context.eterContactId, {
      ...audit,
      contactDate: `${datePart(completedDate)} 00:00:00`,
      contactStartTime: completedDate,
    }).execute()
    return
  }
  const fields = terminationContactFields(t, context.terminationReasonDescription)
  const contactId = await nextId(trx, db.dialect, 'contact_id_seq')
  await trx
    .insertInto('contact')
    .values(newContact({ ...fields, contactId }, audit))
    .execute()
}

/** The ETER contact (rule 2 step 3), for the component manager; fails when there is none. */
function terminationContactFields(t: Termination, reasonDescription: string | null) {
  const { kind, context, completedDate } = t
  if (
    context.managerStaffId === null ||
    context.managerTeamId === null ||
    context.managerProviderId === null
  ) {
    throw new InvariantError(`${kind.label} with id=${context.componentId} has no manager`)
  }
  return {
    offenderId: context.offenderId,
    eventId: context.eventId,
    ...componentLink(kind, context.componentId),
    contactTypeId: contactType(context.eterContactTypeId, TERMINATED_CONTACT_TYPE),
    contactDate: completedDate,
    contactStartTime: completedDate,
    staffId: context.managerStaffId,
    teamId: context.managerTeamId,
    probationAreaId: context.managerProviderId,
    notes: terminationNotes(kind, completedDate, reasonDescription),
  }
}

function referenceValue(values: readonly ReferenceDataValue[], key: ReferenceDataKey): ReferenceDataValue {
  const value = values.find((v) => v.dataset === key.dataset && v.code === key.code)
  if (!value) throw NotFoundError.of('ReferenceData', 'code', key.code)
  return value
}

function contactType(id: number | null, code: string): number {
  if (id === null) throw NotFoundError.of('ContactType', 'code', code)
  return id
}
