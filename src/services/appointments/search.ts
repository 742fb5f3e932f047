import type { Kysely } from 'kysely'
import { type AppointmentRow, findAppointments } from '../../db/queries/appointments/search.ts'
import type { Database } from '../../db/schema.ts'
import { BadRequestError } from '../../errors.ts'
import { addDays, datePart, toDeliusDateTime, toOffsetDateTime } from '../../time.ts'
import {
  APPOINTMENT_TYPES,
  type Appointment,
  fromExternalReference,
  SEARCHABLE_CONTACT_TYPES,
  type SearchCriteria,
} from './model.ts'

/**
 * POST /appointments/search (appointments.md §1.1, §2.2, decision 7): one query, grouped by CRN in
 * the query's order (CRN, date, start time).
 */
export async function searchAppointments(
  db: Kysely<Database>,
  criteria: SearchCriteria,
): Promise<Record<string, Appointment[]>> {
  const { fromDate, toDate } = criteria
  if (fromDate && toDate && toDate < fromDate) throw new BadRequestError('toDate cannot be before fromDate')
  if (criteria.requirementIds.length === 0 && criteria.licenceConditionIds.length === 0) {
    throw new BadRequestError('at least one requirementId or licenceConditionId must be provided')
  }
  const types = criteria.types?.length
    ? criteria.types.map((type) => APPOINTMENT_TYPES[type])
    : SEARCHABLE_CONTACT_TYPES
  const rows = await findAppointments(db, {
    requirementIds: criteria.requirementIds,
    licenceConditionIds: criteria.licenceConditionIds,
    from: fromDate ? toDeliusDateTime(fromDate) : undefined,
    before: toDate ? toDeliusDateTime(addDays(toDate, 1)) : undefined,
    contactTypeCodes: [...new Set(types)],
  })
  const content: Record<string, Appointment[]> = {}
  for (const row of rows) {
    const items = content[row.crn] ?? []
    items.push(toAppointment(row))
    content[row.crn] = items
  }
  return content
}

const yesNo = (value: string | null) => (value === null ? undefined : value === 'Y')

function toAppointment(row: AppointmentRow): Appointment {
  const appointment: Appointment = {
    id: row.contactId,
    crn: row.crn,
    date: datePart(row.contactDate),
    createdAt: toOffsetDateTime(row.createdDatetime),
    updatedAt: toOffsetDateTime(row.lastUpdatedDatetime),
    type: { code: row.typeCode, description: row.typeDescription },
    staff: {
      code: row.staffCode,
      name: {
        forename: row.staffForename,
        ...(row.staffMiddleName ? { middleNames: row.staffMiddleName } : {}),
        surname: row.staffSurname,
      },
    },
    team: { code: row.teamCode, description: row.teamDescription },
    sensitive: row.sensitive === 'Y',
  }
  const reference = fromExternalReference(row.externalReference)
  if (reference !== undefined) appointment.reference = reference
  if (row.rqmntId !== null) appointment.requirementId = row.rqmntId
  if (row.licConditionId !== null) appointment.licenceConditionId = row.licConditionId
  if (row.contactStartTime !== null) appointment.startTime = toOffsetDateTime(row.contactStartTime)
  if (row.contactEndTime !== null) appointment.endTime = toOffsetDateTime(row.contactEndTime)
  if (row.outcomeCode !== null && row.outcomeDescription !== null) {
    const attended = yesNo(row.outcomeAttendance)
    const complied = yesNo(row.outcomeCompliantAcceptable)
    appointment.outcome = {
      code: row.outcomeCode,
      description: row.outcomeDescription,
      ...(attended === undefined ? {} : { attended }),
      ...(complied === undefined ? {} : { complied }),
    }
  }
  if (row.locationCode !== null && row.locationDescription !== null) {
    appointment.location = { code: row.locationCode, description: row.locationDescription }
  }
  if (row.notes !== null) appointment.notes = row.notes
  if (row.description !== null) appointment.description = row.description
  return appointment
}
