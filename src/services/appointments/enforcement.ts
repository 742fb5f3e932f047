import type { Insertable, Kysely } from 'kysely'
import { insertMany, nextIds, type SqlDialect } from '../../db/dialect.ts'
import type { EnforcementRow } from '../../db/queries/appointments/enforcement.ts'
import {
  findEnforcementReviewState,
  lockEvents,
  recountFailuresToComply,
  softDeleteEnforcements,
  updateEnforcementActions,
} from '../../db/queries/appointments/enforcement.ts'
import type { EnforcementActionRow, OutcomeRow } from '../../db/queries/appointments/reference-data.ts'
import type { ContactTable, Database, DeliusDateTime, EnforcementTable } from '../../db/schema.ts'
import { addDays, formatDdMmYyyyHhMm, type LocalDate, timePart, toDeliusDateTime } from '../../time.ts'
import { newContact } from '../contacts.ts'

/**
 * Failure-to-comply enforcement (appointments.md §2.4), for a whole batch at once: a fixed number of
 * statements whatever the number of appointments.
 */

/** A non-compliant, enforceable outcome triggers enforcement (ATTC/AA do not; FTC, AFTC, UAAB do). */
export function isEnforceable(
  outcome: Pick<OutcomeRow, 'outcomeCompliantAcceptable' | 'enforceable'>,
): boolean {
  return outcome.outcomeCompliantAcceptable === 'N' && outcome.enforceable === 'Y'
}

/** The appointment as it stands after this request's changes: enforcement contacts copy its relations. */
export interface EnforcedAppointment {
  contactId: number
  offenderId: number
  eventId: number | null
  rqmntId: number | null
  licConditionId: number | null
  staffId: number
  teamId: number
  probationAreaId: number
  officeLocationId: number | null
}

export interface EnforcementStamp {
  userId: number
  /** London wall clock. */
  now: DeliusDateTime
  today: LocalDate
}

/** What applying enforcement does to one appointment's own columns. */
export interface AppliedEnforcement {
  latestEnforcementActionId: number
  enforcement: 1 | null
  /** `dd/MM/yyyy HH:mm\nEnforcement Action: <action>`, when a new enforcement was recorded. */
  notesLine?: string
}

export interface EnforcementPlan {
  applied: Map<number, AppliedEnforcement>
  /** Appointments whose enforcement is recorded now: an action contact and a notes line each. */
  recorded: EnforcedAppointment[]
  /** Appointments that get a new ENFORCEMENT row and an enforcement-action contact. */
  newEnforcements: EnforcedAppointment[]
  /** Existing ENFORCEMENT rows of another action, moved to this one (with a new action contact too). */
  movedEnforcementIds: number[]
}

/**
 * Step 1–2 of §2.4 for every appointment that gets an enforceable outcome. An appointment whose live
 * ENFORCEMENT row already has this action gets nothing new.
 */
export function planEnforcement(
  appointments: readonly EnforcedAppointment[],
  existing: readonly EnforcementRow[],
  action: EnforcementActionRow,
  stamp: EnforcementStamp,
): EnforcementPlan {
  const existingByContact = new Map(existing.map((e) => [e.contactId, e]))
  const plan: EnforcementPlan = {
    applied: new Map(),
    recorded: [],
    newEnforcements: [],
    movedEnforcementIds: [],
  }
  const notesLine = `${formatDdMmYyyyHhMm(stamp.now)}\nEnforcement Action: ${action.description}`
  for (const appointment of appointments) {
    const current = existingByContact.get(appointment.contactId)
    const recorded = current === undefined || current.enforcementActionId !== action.enforcementActionId
    if (recorded) plan.recorded.push(appointment)
    if (current === undefined) plan.newEnforcements.push(appointment)
    else if (recorded) plan.movedEnforcementIds.push(current.enforcementId)
    plan.applied.set(appointment.contactId, {
      latestEnforcementActionId: action.enforcementActionId,
      enforcement: action.outstandingContactAction === 'Y' ? 1 : null,
      ...(recorded ? { notesLine } : {}),
    })
  }
  return plan
}

/** Appends a paragraph to notes, with a blank line between (Delius's notes convention). */
export function appendParagraph(notes: string | null, paragraph: string): string {
  return notes === null || notes === '' ? paragraph : `${notes}\n\n${paragraph}`
}

/** A contact recorded against the appointment (action taken, review): today, now, same relations. */
export function linkedContact(
  appointment: EnforcedAppointment,
  contactId: number,
  contactTypeId: number,
  stamp: EnforcementStamp,
): Insertable<ContactTable> {
  return newContact(
    {
      contactId,
      offenderId: appointment.offenderId,
      eventId: appointment.eventId,
      rqmntId: appointment.rqmntId,
      licConditionId: appointment.licConditionId,
      contactTypeId,
      contactDate: toDeliusDateTime(stamp.today),
      contactStartTime: stamp.now,
      staffId: appointment.staffId,
      teamId: appointment.teamId,
      probationAreaId: appointment.probationAreaId,
      officeLocationId: appointment.officeLocationId,
      linkedContactId: appointment.contactId,
    },
    { userId: stamp.userId, now: stamp.now },
  )
}

/** The enforcement-action contacts of a plan (ids supplied by the caller's single sequence call). */
export function actionContacts(
  plan: EnforcementPlan,
  action: EnforcementActionRow,
  ids: () => number,
  stamp: EnforcementStamp,
): Insertable<ContactTable>[] {
  return plan.recorded.map((appointment) => linkedContact(appointment, ids(), action.contactTypeId, stamp))
}

/** How many contact ids enforcement may need: one per recorded action, one review per event. */
export function contactIdsNeeded(
  plan: EnforcementPlan,
  appointments: readonly EnforcedAppointment[],
): number {
  const events = new Set(appointments.map((a) => a.eventId).filter((id) => id !== null))
  return plan.recorded.length + events.size
}

/** Writes the ENFORCEMENT rows of a plan: one sequence call and one insert, one update for moved rows. */
export async function writeEnforcementRows(
  db: Kysely<Database>,
  dialect: SqlDialect,
  plan: EnforcementPlan,
  action: EnforcementActionRow,
  stamp: EnforcementStamp,
): Promise<void> {
  const responseDate =
    action.responseByPeriod === null
      ? null
      : toDeliusDateTime(addDays(stamp.today, action.responseByPeriod), timePart(stamp.now))
  const audit = { userId: stamp.userId, now: stamp.now }
  await updateEnforcementActions(
    db,
    plan.movedEnforcementIds,
    {
      enforcementActionId: action.enforcementActionId,
      responseDate,
      actionTakenDate: stamp.now,
      actionTakenTime: stamp.now,
    },
    audit,
  )
  if (plan.newEnforcements.length === 0) return
  const ids = await nextIds(db, dialect, 'enforcement_id_seq', plan.newEnforcements.length)
  const rows: Insertable<EnforcementTable>[] = plan.newEnforcements.map((appointment, i) => ({
    enforcementId: ids[i]!,
    contactId: appointment.contactId,
    enforcementActionId: action.enforcementActionId,
    responseDate,
    actionTakenDate: stamp.now,
    actionTakenTime: stamp.now,
    softDeleted: 0,
    partitionAreaId: 0,
    rowVersion: 0,
    createdByUserId: stamp.userId,
    createdDatetime: stamp.now,
    lastUpdatedUserId: stamp.userId,
    lastUpdatedDatetime: stamp.now,
  }))
  await insertMany(db, dialect, 'enforcement', rows)
}

/** Enforcement removed (a non-enforceable outcome): the live ENFORCEMENT rows are soft-deleted. */
export async function removeEnforcements(
  db: Kysely<Database>,
  contactIds: readonly number[],
  stamp: EnforcementStamp,
) {
  await softDeleteEnforcements(db, contactIds, { userId: stamp.userId, now: stamp.now })
}

/** Step 3 of §2.4: recount FTC_COUNT of every event whose appointments' compliance changed. */
export async function recountFailures(
  db: Kysely<Database>,
  eventIds: readonly number[],
  stamp: EnforcementStamp,
) {
  await lockEvents(db, eventIds)
  await recountFailuresToComply(db, eventIds, { userId: stamp.userId, now: stamp.now })
}

/**
 * Step 4 of §2.4, after the recount: one review (ARWS) contact per enforced event that reached its
 * sentence's FTC limit and has no open review. It links to the batch's last enforced appointment
 * on that event. Returns the review contacts to insert.
 */
export async function reviewsAtLimit(
  db: Kysely<Database>,
  enforced: readonly EnforcedAppointment[],
  reviewContactTypeId: number,
  ids: () => number,
  stamp: EnforcementStamp,
): Promise<Insertable<ContactTable>[]> {
  const lastByEvent = new Map<number, EnforcedAppointment>()
  for (const appointment of enforced)
    if (appointment.eventId !== null) lastByEvent.set(appointment.eventId, appointment)
  if (lastByEvent.size === 0) return []
  const states = await findEnforcementReviewState(db, [...lastByEvent.keys()], reviewContactTypeId)
  return states
    .filter((s) => s.ftcLimit !== null && s.ftcCount !== null && Number(s.ftcCount) >= Number(s.ftcLimit))
    .filter((s) => Number(s.reviewExists) === 0)
    .map((s) => linkedContact(lastByEvent.get(s.eventId)!, ids(), reviewContactTypeId, stamp))
}
