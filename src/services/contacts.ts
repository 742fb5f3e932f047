import type { Insertable } from 'kysely'
import { clob } from '../db/dialect.ts'
import type { ContactTable, DeliusDateTime } from '../db/schema.ts'

/**
 * One CONTACT row as Delius expects it (events.md §C, appointments.md §2.1). Both the appointment
 * API and the event listener build their rows here, so the defaults live in one place.
 */
export interface ContactFields {
  contactId: number
  offenderId: number
  eventId: number | null
  rqmntId?: number | null
  licConditionId?: number | null
  contactTypeId: number
  contactDate: DeliusDateTime
  contactStartTime?: DeliusDateTime | null
  contactEndTime?: DeliusDateTime | null
  staffId: number
  teamId: number
  /** The team's provider (PROBATION_AREA_ID). */
  probationAreaId: number
  officeLocationId?: number | null
  contactOutcomeTypeId?: number | null
  attended?: 'Y' | 'N' | null
  complied?: 'Y' | 'N' | null
  enforcement?: 0 | 1 | null
  latestEnforcementActionId?: number | null
  linkedContactId?: number | null
  notes?: string | null
  description?: string | null
  externalReference?: string | null
  sensitive?: boolean
}

export interface AuditStamp {
  userId: number
  /** London wall clock. */
  now: DeliusDateTime
}

export function newContact(fields: ContactFields, audit: AuditStamp): Insertable<ContactTable> {
  return {
    contactId: fields.contactId,
    rowVersion: 0,
    offenderId: fields.offenderId,
    eventId: fields.eventId,
    rqmntId: fields.rqmntId ?? null,
    licConditionId: fields.licConditionId ?? null,
    nsiId: null,
    pssRqmntId: null,
    contactDate: `${fields.contactDate.slice(0, 10)} 00:00:00`,
    contactStartTime: fields.contactStartTime ?? null,
    contactEndTime: fields.contactEndTime ?? null,
    contactTypeId: fields.contactTypeId,
    contactOutcomeTypeId: fields.contactOutcomeTypeId ?? null,
    staffId: fields.staffId,
    teamId: fields.teamId,
    probationAreaId: fields.probationAreaId,
    officeLocationId: fields.officeLocationId ?? null,
    attended: fields.attended ?? null,
    complied: fields.complied ?? null,
    enforcement: fields.enforcement ?? null,
    latestEnforcementActionId: fields.latestEnforcementActionId ?? null,
    linkedContactId: fields.linkedContactId ?? null,
    // A CLOB in Delius: bound as one (src/db/dialect.ts), so long notes and CASEs over them work.
    notes: clob(fields.notes ?? null),
    description: fields.description ?? null,
    externalReference: fields.externalReference ?? null,
    sensitive: fields.sensitive ? 'Y' : 'N',
    alertActive: null,
    rarActivity: null,
    visorContact: 'N',
    visorExported: null,
    softDeleted: 0,
    partitionAreaId: 0,
    trustProviderTeamId: fields.teamId,
    trustProviderFlag: 0,
    createdByUserId: audit.userId,
    createdDatetime: audit.now,
    lastUpdatedUserId: audit.userId,
    lastUpdatedDatetime: audit.now,
  }
}
