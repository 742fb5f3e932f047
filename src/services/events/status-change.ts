import type { Db } from '../../db/database.ts'
import { nextIds } from '../../db/dialect.ts'
import { lockComponentById } from '../../db/queries/events/component.ts'
import { findStatusChangeContext, insertStatusContact } from '../../db/queries/events/status-change.ts'
import type { DeliusDateTime } from '../../db/schema.ts'
import { BadRequestError, NotFoundError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import { type Clock, datePart, londonNow } from '../../time.ts'
import { newContact } from '../contacts.ts'
import { COMPONENT_KINDS, componentLink, componentNotFound } from './components.ts'
import { idBlocks } from './id-blocks.ts'
import type { ProgrammeStatus, StatusInfo } from './types.ts'

/** events.md §A.6: every referral status has one contact type. */
export const STATUS_CONTACT_TYPES: Record<ProgrammeStatus, string> = {
  AWAITING_ASSESSMENT: 'EIBA',
  AWAITING_ALLOCATION: 'EIBB',
  SUITABLE_BUT_NOT_READY: 'EIBC',
  SCHEDULED: 'EIBD',
  ON_PROGRAMME: 'EIBE',
  PROGRAMME_COMPLETE: 'EIBF',
  DEPRIORITISED: 'EIBG',
  RETURN_TO_COURT: 'EIBH',
  BREACH: 'EIBI',
  RECALL: 'EIBJ',
  WITHDRAWN: 'EIBK',
  ON_HOLD: 'EIBL',
}

/** The contact's EXTERNAL_REFERENCE: the SNS MessageId makes redeliveries recognisable. */
export function statusChangeReference(notificationId: string): string {
  return `urn:uk:gov:hmpps:accredited-programmes-service:${notificationId}`
}

export interface StatusChangeInput {
  crn: string
  /** The SNS MessageId of the notification. */
  notificationId: string
  /** The domain event's `occurredAt` as a London wall-clock value. */
  occurredAt: DeliusDateTime
  detail: StatusInfo
}

export interface StatusChangeResult {
  /** False when the notification had already been recorded (a redelivery): nothing was written. */
  created: boolean
  contactId?: number
}

export interface StatusChangeDeps {
  db: Db
  clock: Clock
  logger: Logger
  auditUserId: number
  /** Contact ids fetched per sequence round trip. Default 20. */
  contactIdBlockSize?: number
}

/**
 * `referral.status-updated` (events.md §A.7): one status contact on the requirement or licence
 * condition, in one transaction, idempotent by notification id (decision 3).
 */
export function statusChangeService({
  db,
  clock,
  logger,
  auditUserId,
  contactIdBlockSize,
}: StatusChangeDeps) {
  const nextContactId = idBlocks(
    (count) => nextIds(db.kysely, db.dialect, 'contact_id_seq', count),
    contactIdBlockSize ?? 20,
  )
  return {
    async record(input: StatusChangeInput): Promise<StatusChangeResult> {
      const { crn, detail } = input
      const kind = COMPONENT_KINDS[detail.sourcedFromEntityType]
      const componentId = detail.sourcedFromEntityId
      const contactTypeCode = STATUS_CONTACT_TYPES[detail.newStatus]
      const externalReference = statusChangeReference(input.notificationId)
      const lookup = {
        table: kind.table,
        componentId,
        username: detail.username,
        contactTypeCode,
        externalReference,
      }
      // Taken before the transaction (see idBlocks); a redelivery leaves a gap, nothing more.
      const contactId = await nextContactId()

      const result = await db.kysely.transaction().execute(async (trx): Promise<StatusChangeResult> => {
        // The lock comes first: a concurrent consumer of the same message waits here, then sees
        // the contact this transaction wrote.
        const locked = await lockComponentById(trx, kind.table, componentId)
        if (!locked) throw componentNotFound(kind, componentId)
        // The usual case in one statement: everything looked up and the contact written, unless
        // something is missing or it was written before; then the full lookup below tells which.
        const contact = newContact(
          {
            contactId,
            // Looked up by insertStatusContact (STATUS_CONTACT_LOOKED_UP).
            offenderId: 0,
            eventId: 0,
            contactTypeId: 0,
            staffId: 0,
            teamId: 0,
            probationAreaId: 0,
            ...componentLink(kind, componentId),
            contactDate: datePart(input.occurredAt),
            contactStartTime: input.occurredAt,
            contactEndTime: null,
            notes: detail.notes ?? null,
            description: detail.description,
            externalReference,
            sensitive: false,
          },
          { userId: auditUserId, now: londonNow(clock) },
        )
        if (await insertStatusContact(trx, { ...lookup, crn, contact })) return { created: true, contactId }

        const context = await findStatusChangeContext(trx, lookup)
        if (!context) throw componentNotFound(kind, componentId)
        if (context.existingContactId !== null)
          return { created: false, contactId: context.existingContactId }
        if (context.crn !== crn) throw new BadRequestError('CRN and component do not match')
        if (
          context.managerStaffId === null ||
          context.managerTeamId === null ||
          context.managerProviderId === null
        ) {
          throw new BadRequestError('Person manager not found')
        }
        if (context.contactTypeId === null) throw NotFoundError.of('ContactType', 'code', contactTypeCode)
        throw new Error(`Status contact for ${kind.entity} ${componentId} was not written`)
      })

      if (result.created) {
        logger.event('StatusChanged', { crn, componentId: String(componentId), status: detail.newStatus })
      } else {
        logger.info('Status change already recorded', {
          crn,
          notificationId: input.notificationId,
          contactId: result.contactId,
        })
      }
      return result
    },
  }
}

export type StatusChangeService = ReturnType<typeof statusChangeService>
