import { lockAppointments, softDeleteContacts } from '../../db/queries/appointments/contacts.ts'
import { BadRequestError } from '../../errors.ts'
import { BusinessInteraction, recordInteractions } from '../audit.ts'
import type { TelemetryEvent, WriteContext } from './context.ts'
import { distinct } from './lookups.ts'
import { type AppointmentReference, fromExternalReference, toExternalReference } from './model.ts'
import { hasEnded } from './schedule.ts'

/**
 * DELETE /appointments (appointments.md §1.4, §2.5): soft delete. Unknown references are ignored;
 * if any appointment found has ended or has an outcome, nothing is deleted. Four round trips at
 * most, whatever the batch size.
 */
export async function deleteAppointments(
  ctx: WriteContext,
  items: readonly AppointmentReference[],
): Promise<TelemetryEvent[]> {
  const { db, dialect, stamp } = ctx
  const found = await lockAppointments(db, distinct(items.map((item) => toExternalReference(item.reference))))
  if (found.some((contact) => contact.contactOutcomeTypeId !== null || hasEnded(contact, ctx.instant))) {
    throw new BadRequestError('Cannot delete appointments that ended in the past or have an outcome')
  }
  if (found.length === 0) return []
  const audit = { userId: stamp.userId, now: stamp.now }
  await softDeleteContacts(
    db,
    found.map((contact) => contact.contactId),
    audit,
  )
  await recordInteractions(
    db,
    dialect,
    BusinessInteraction.deleteContact,
    found.map((contact) => ({
      parameters: {
        offenderId: contact.offenderId,
        contactId: contact.contactId,
        externalReference: contact.externalReference!,
      },
    })),
    audit,
  )
  return found.map((contact) => ({
    name: 'AppointmentDeleted',
    properties: {
      crn: contact.crn ?? undefined,
      contactId: contact.contactId,
      reference: fromExternalReference(contact.externalReference),
    },
  }))
}
