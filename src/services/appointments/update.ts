import type { Insertable } from 'kysely'
import { insertMany, nextIds } from '../../db/dialect.ts'
import {
  type AppointmentValues,
  type LockedAppointment,
  lockAppointments,
  updateAppointments as writeAppointments,
} from '../../db/queries/appointments/contacts.ts'
import { findLiveEnforcements } from '../../db/queries/appointments/enforcement.ts'
import type { EnforcementActionRow, OutcomeRow } from '../../db/queries/appointments/reference-data.ts'
import type { ContactTable } from '../../db/schema.ts'
import { BadRequestError, ConflictError } from '../../errors.ts'
import { BusinessInteraction, recordInteractions } from '../audit.ts'
import { idSupply, type TelemetryEvent, type WriteContext } from './context.ts'
import {
  actionContacts,
  appendParagraph,
  contactIdsNeeded,
  type EnforcedAppointment,
  type EnforcementPlan,
  isEnforceable,
  planEnforcement,
  recountFailures,
  removeEnforcements,
  reviewsAtLimit,
  writeEnforcementRows,
} from './enforcement.ts'
import {
  type Assignments,
  distinct,
  loadAssignments,
  loadContactTypes,
  loadEnforcementAction,
  requireContactType,
} from './lookups.ts'
import {
  type AppointmentChange,
  CONTACT_TYPE,
  fromExternalReference,
  listText,
  REFER_TO_MANAGER,
  toExternalReference,
} from './model.ts'
import { isAfter, requireStartBeforeEnd, scheduleOf } from './schedule.ts'

/** One appointment through steps 2–9 of the update pipeline, before enforcement is written. */
interface Draft {
  current: LockedAppointment
  change: AppointmentChange
  values: AppointmentValues
  /** The outcome changed to a non-compliant, enforceable one: enforcement applies (§2.4). */
  enforce: boolean
  /** The outcome changed to one that is not: enforcement is removed. */
  removeEnforcement: boolean
  outcomeCode?: string
}

/**
 * PUT /appointments (appointments.md §1.3, §2.3; decisions 8, 15, 16, 17): the appointments are
 * row-locked, every change is worked out in memory, then written with one UPDATE. Enforcement adds
 * a fixed number of statements; nothing runs once per appointment.
 */
export async function updateAppointments(
  ctx: WriteContext,
  items: readonly AppointmentChange[],
): Promise<TelemetryEvent[]> {
  const { db, dialect, stamp } = ctx
  // A repeated reference: only its first item applies (§2.3 step 1).
  const changes = new Map<string, AppointmentChange>()
  for (const item of items) {
    const reference = toExternalReference(item.reference)
    if (!changes.has(reference)) changes.set(reference, item)
  }
  const locked = await lockAppointments(db, [...changes.keys()])
  const byReference = new Map(locked.map((contact) => [contact.externalReference!, contact]))
  const missing = [...changes.keys()].filter((reference) => !byReference.has(reference))
  if (missing.length > 0)
    throw new BadRequestError(`Could not find appointments with references: ${listText(missing)}`)
  for (const change of changes.values()) requireStartBeforeEnd(change.startTime, change.endTime)

  const assignments = await loadAssignments(
    db,
    {
      outcomeCodes: distinct([...changes.values()].map((change) => change.outcome?.code)),
      outcomeIds: distinct(locked.map((contact) => contact.contactOutcomeTypeId)),
      locationCodes: distinct([...changes.values()].map((change) => change.location?.code)),
      teamCodes: distinct([...changes.values()].map((change) => change.team.code)),
      staffCodes: distinct([...changes.values()].map((change) => change.staff.code)),
    },
    stamp.today,
  )
  const drafts = [...changes].map(([reference, change]) =>
    draft(byReference.get(reference)!, change, assignments, ctx.instant),
  )

  const enforcing = drafts.filter((d) => d.enforce)
  let action: EnforcementActionRow | undefined
  let reviewTypeId: number | undefined
  let plan: EnforcementPlan | undefined
  const enforced = enforcing.map(enforcedAppointment)
  if (enforcing.length > 0) {
    action = await loadEnforcementAction(db, REFER_TO_MANAGER)
    const types = await loadContactTypes(db, [], [CONTACT_TYPE.reviewEnforcementStatus])
    reviewTypeId = requireContactType(types, CONTACT_TYPE.reviewEnforcementStatus).contactTypeId
    const existing = await findLiveEnforcements(
      db,
      enforcing.map((d) => d.values.contactId),
    )
    plan = planEnforcement(enforced, existing, action, stamp)
  }
  for (const d of drafts) finishNotes(d, plan)

  const updated = await writeAppointments(
    db,
    drafts.map((d) => d.values),
    { userId: stamp.userId, now: stamp.now },
  )
  // The rows are locked, so this only fails if something bypassed the lock.
  if (updated !== drafts.length)
    throw new ConflictError('Appointments were changed by another request; try again')

  const removed = drafts.filter((d) => d.removeEnforcement)
  if (removed.length > 0)
    await removeEnforcements(
      db,
      removed.map((d) => d.values.contactId),
      stamp,
    )
  if (plan && action) await writeEnforcementRows(db, dialect, plan, action, stamp)
  await recountFailures(db, distinct([...enforcing, ...removed].map((d) => d.current.eventId)), stamp)
  if (plan && action && reviewTypeId !== undefined) {
    const nextId = idSupply(await nextIds(db, dialect, 'contact_id_seq', contactIdsNeeded(plan, enforced)))
    const contacts: Insertable<ContactTable>[] = actionContacts(plan, action, nextId, stamp)
    contacts.push(...(await reviewsAtLimit(db, enforced, reviewTypeId, nextId, stamp)))
    if (contacts.length > 0) await insertMany(db, dialect, 'contact', contacts)
  }

  await recordInteractions(
    db,
    dialect,
    BusinessInteraction.updateContact,
    drafts.map((d) => ({
      parameters: {
        offenderId: d.current.offenderId,
        contactId: d.current.contactId,
        externalReference: d.current.externalReference!,
      },
    })),
    { userId: stamp.userId, now: stamp.now },
  )
  return drafts.map((d) => ({
    name: 'AppointmentUpdated',
    properties: {
      crn: d.current.crn ?? undefined,
      contactId: d.current.contactId,
      reference: fromExternalReference(d.current.externalReference),
      outcomeCode: d.outcomeCode,
    },
  }))
}

/** Steps 3–9 of §2.3 for one appointment, in order. Notes are finished once enforcement is known. */
function draft(
  current: LockedAppointment,
  change: AppointmentChange,
  assignments: Assignments,
  now: Date,
): Draft {
  // 3. Schedule: rescheduling is allowed even with an outcome (§6.1).
  const schedule = scheduleOf(change.date, change.startTime, change.endTime)
  // 4. Reassign; the provider follows the team (decision 8).
  const team = assignments.teams.get(change.team.code)!
  // 5. Outcome: null keeps the recorded one (decision 15); a different code replaces it.
  const requested = change.outcome ? assignments.outcomes.get(change.outcome.code)! : undefined
  const outcomeChanged =
    requested !== undefined && requested.contactOutcomeTypeId !== current.contactOutcomeTypeId
  const outcome: Pick<OutcomeRow, 'code' | 'outcomeAttendance' | 'outcomeCompliantAcceptable'> | undefined =
    outcomeChanged
      ? requested
      : current.contactOutcomeTypeId === null
        ? undefined
        : (assignments.outcomesById.get(current.contactOutcomeTypeId) ?? {
            code: '',
            outcomeAttendance: current.attended,
            outcomeCompliantAcceptable: current.complied,
          })
  const enforce = outcomeChanged && isEnforceable(requested)
  const removeEnforcement = outcomeChanged && !enforce
  // 8. The sensitive flag can be set but never removed.
  if (current.sensitive === 'Y' && !change.sensitive)
    throw new BadRequestError('Sensitive flag cannot be removed')
  // 9. A future appointment may only record an acceptable absence.
  if (
    outcome !== undefined &&
    isAfter(schedule.contactStartTime, now) &&
    !(outcome.outcomeAttendance === 'N' && outcome.outcomeCompliantAcceptable === 'Y')
  ) {
    throw new BadRequestError('Only permissible absences can be recorded for a future attendance')
  }
  return {
    current,
    change,
    enforce,
    removeEnforcement,
    outcomeCode: outcome?.code || undefined,
    values: {
      contactId: current.contactId,
      ...schedule,
      staffId: assignments.staff.get(change.staff.code)!,
      teamId: team.teamId,
      probationAreaId: team.probationAreaId,
      trustProviderTeamId: team.teamId,
      // A null location clears it (§1.3).
      officeLocationId: change.location ? assignments.locations.get(change.location.code)! : null,
      contactOutcomeTypeId: outcomeChanged ? requested.contactOutcomeTypeId : current.contactOutcomeTypeId,
      attended: outcomeChanged ? requested.outcomeAttendance : current.attended,
      complied: outcomeChanged ? requested.outcomeCompliantAcceptable : current.complied,
      enforcement: removeEnforcement ? null : current.enforcement,
      latestEnforcementActionId: removeEnforcement ? null : current.latestEnforcementActionId,
      notes: current.notes,
      // 7. Description: left out keeps it, explicit null clears it.
      description: change.description === undefined ? current.description : change.description,
      sensitive: change.sensitive ? 'Y' : 'N',
    },
  }
}

/**
 * Step 5's enforcement columns and notes line, then step 6: the request's notes are appended unless
 * the notes already end with exactly that text (decision 16; the client re-sends current notes).
 */
function finishNotes(d: Draft, plan: EnforcementPlan | undefined): void {
  const applied = plan?.applied.get(d.values.contactId)
  let notes = d.current.notes
  if (applied) {
    d.values.latestEnforcementActionId = applied.latestEnforcementActionId
    d.values.enforcement = applied.enforcement
    if (applied.notesLine) notes = appendParagraph(notes, applied.notesLine)
  }
  const requested = d.change.notes
  if (requested && !(d.current.notes ?? '').endsWith(requested)) notes = appendParagraph(notes, requested)
  d.values.notes = notes
}

function enforcedAppointment(d: Draft): EnforcedAppointment {
  return {
    contactId: d.current.contactId,
    offenderId: d.current.offenderId,
    eventId: d.current.eventId,
    rqmntId: d.current.rqmntId,
    licConditionId: d.current.licConditionId,
    staffId: d.values.staffId,
    teamId: d.values.teamId,
    probationAreaId: d.values.probationAreaId,
    officeLocationId: d.values.officeLocationId,
  }
}
