import type { Insertable } from 'kysely'
import { insertMany, nextIds } from '../../db/dialect.ts'
import {
  findProgrammeLicenceConditions,
  findProgrammeRequirements,
  type ProgrammeComponentRow,
} from '../../db/queries/appointments/components.ts'
import { findLiveReferences } from '../../db/queries/appointments/contacts.ts'
import type { ContactTable } from '../../db/schema.ts'
import { BadRequestError, ConflictError } from '../../errors.ts'
import { BusinessInteraction, recordInteractions } from '../audit.ts'
import { newContact } from '../contacts.ts'
import {
  type CommencementPlan,
  type CommencingMeeting,
  type ComponentKind,
  lockCommencements,
  planCommencements,
  writeCommencements,
} from './commencement.ts'
import { idSupply, type TelemetryEvent, type WriteContext } from './context.ts'
import {
  actionContacts,
  appendParagraph,
  type EnforcedAppointment,
  type EnforcementPlan,
  isEnforceable,
  planEnforcement,
  recountFailures,
  reviewsAtLimit,
  writeEnforcementRows,
} from './enforcement.ts'
import {
  distinct,
  loadAssignments,
  loadContactTypes,
  loadEnforcementAction,
  requireContactType,
  requireIds,
} from './lookups.ts'
import {
  APPOINTMENT_TYPES,
  CONTACT_TYPE,
  fromExternalReference,
  listText,
  type NewAppointment,
  REFER_TO_MANAGER,
  toExternalReference,
} from './model.ts'
import { requireStartBeforeEnd, scheduleOf } from './schedule.ts'

/**
 * POST /appointments (appointments.md §1.2, §2.1, decision 6): validates the whole batch, then
 * writes every CONTACT (appointments, ECOM, enforcement actions) in one insert. A fixed number of
 * round trips whatever the batch size.
 */
export async function createAppointments(
  ctx: WriteContext,
  items: readonly NewAppointment[],
): Promise<TelemetryEvent[]> {
  const { db, dialect, stamp } = ctx
  for (const item of items) {
    if ((item.requirementId == null) === (item.licenceConditionId == null)) {
      throw new BadRequestError('Either licence condition or requirement id must be specified.')
    }
    requireStartBeforeEnd(item.startTime, item.endTime)
  }
  const references = items.map((item) => item.reference.toLowerCase())
  const repeated = distinct(references.filter((reference, i) => references.indexOf(reference) !== i))
  if (repeated.length > 0)
    throw new BadRequestError(`Duplicate appointment references: ${listText(repeated)}`)

  // The component lookups lock the requirement and licence-condition rows (in id order, requirements
  // first) until commit, so the duplicate check below cannot race another create on the same
  // components: it runs after the other create committed and sees its contacts (decision 6).
  const requirementIds = distinct(items.map((item) => item.requirementId))
  const requirements = byId(
    requirementIds.length > 0 ? await findProgrammeRequirements(db, requirementIds) : [],
  )
  requireIds('Requirement', requirementIds, requirements)
  const licenceConditionIds = distinct(items.map((item) => item.licenceConditionId))
  const licenceConditions = byId(
    licenceConditionIds.length > 0 ? await findProgrammeLicenceConditions(db, licenceConditionIds) : [],
  )
  requireIds('LicenceCondition', licenceConditionIds, licenceConditions)

  const types = await loadContactTypes(db, distinct(items.map((item) => APPOINTMENT_TYPES[item.type])), [
    CONTACT_TYPE.componentCommenced,
    CONTACT_TYPE.reviewEnforcementStatus,
  ])
  const commenced = requireContactType(types, CONTACT_TYPE.componentCommenced)
  const assignments = await loadAssignments(
    db,
    {
      outcomeCodes: distinct(items.map((item) => item.outcome?.code)),
      locationCodes: distinct(items.map((item) => item.location?.code)),
      teamCodes: distinct(items.map((item) => item.team.code)),
      staffCodes: distinct(items.map((item) => item.staff.code)),
    },
    stamp.today,
  )
  // After the component locks: see above.
  const existing = await findLiveReferences(db, references.map(toExternalReference))
  if (existing.length > 0) {
    throw new ConflictError(
      `Appointments already exist with references: ${listText(existing.map(fromExternalReference))}`,
    )
  }

  // Everything each appointment needs, resolved.
  const resolved = items.map((item, index) => {
    const kind: ComponentKind = item.requirementId != null ? 'Requirement' : 'LicenceCondition'
    const componentId = (item.requirementId ?? item.licenceConditionId)!
    const component = (kind === 'Requirement' ? requirements : licenceConditions).get(componentId)!
    const outcome = item.outcome ? assignments.outcomes.get(item.outcome.code)! : undefined
    return {
      item,
      index,
      kind,
      componentId,
      component,
      type: types.get(APPOINTMENT_TYPES[item.type])!,
      outcome,
      team: assignments.teams.get(item.team.code)!,
      staffId: assignments.staff.get(item.staff.code)!,
      officeLocationId: item.location ? assignments.locations.get(item.location.code)! : null,
      enforced: outcome !== undefined && isEnforceable(outcome),
    }
  })

  const enforcing = resolved.filter((r) => r.enforced)
  const action = enforcing.length > 0 ? await loadEnforcementAction(db, REFER_TO_MANAGER) : undefined
  const review =
    enforcing.length > 0 ? requireContactType(types, CONTACT_TYPE.reviewEnforcementStatus) : undefined

  const meetings: CommencingMeeting[] = resolved
    .filter((r) => r.item.type === 'PRE_GROUP_ONE_TO_ONE_MEETING')
    .map((r) => ({ index: r.index, kind: r.kind, componentId: r.componentId, date: r.item.date }))
  const commencements: CommencementPlan =
    meetings.length > 0
      ? planCommencements(meetings, await lockCommencements(db, meetings))
      : { requirements: [], licenceConditions: [], firstCommencements: new Set() }

  // One sequence call: per item its ECOM (first commencement) and itself, then enforcement contacts.
  const enforcedEvents = new Set(enforcing.map((r) => r.component.eventId))
  const idCount =
    items.length + commencements.firstCommencements.size + enforcing.length + enforcedEvents.size
  const nextId = idSupply(await nextIds(db, dialect, 'contact_id_seq', idCount))
  const audit = { userId: stamp.userId, now: stamp.now }

  const contacts: Insertable<ContactTable>[] = []
  const created: { contact: Insertable<ContactTable>; r: (typeof resolved)[number] }[] = []
  const ecoms: { contactId: number; r: (typeof resolved)[number] }[] = []
  for (const r of resolved) {
    const { item, component, team } = r
    if (commencements.firstCommencements.has(r.index)) {
      const contactId = nextId()
      ecoms.push({ contactId, r })
      contacts.push(
        newContact(
          {
            contactId,
            offenderId: component.offenderId,
            eventId: component.eventId,
            ...componentColumn(r.kind, r.componentId),
            contactTypeId: commenced.contactTypeId,
            contactDate: item.date,
            staffId: r.staffId,
            teamId: team.teamId,
            probationAreaId: team.probationAreaId,
          },
          audit,
        ),
      )
    }
    const contact = newContact(
      {
        contactId: nextId(),
        offenderId: component.offenderId,
        eventId: component.eventId,
        ...componentColumn(r.kind, r.componentId),
        contactTypeId: r.type.contactTypeId,
        ...scheduleOf(item.date, item.startTime, item.endTime),
        staffId: r.staffId,
        teamId: team.teamId,
        probationAreaId: team.probationAreaId,
        officeLocationId: r.officeLocationId,
        contactOutcomeTypeId: r.outcome?.contactOutcomeTypeId ?? null,
        attended: yesNo(r.outcome?.outcomeAttendance),
        complied: yesNo(r.outcome?.outcomeCompliantAcceptable),
        // The type's default, then §2.4: a non-enforceable outcome clears it.
        enforcement: r.outcome ? null : r.type.contactOutcomeFlag === 'Y' ? 1 : 0,
        notes: item.notes ?? null,
        description: item.description ?? null,
        externalReference: toExternalReference(item.reference),
        sensitive: item.sensitive,
      },
      audit,
    )
    contacts.push(contact)
    created.push({ contact, r })
  }

  let plan: EnforcementPlan | undefined
  const enforced: EnforcedAppointment[] = created
    .filter(({ r }) => r.enforced)
    .map(({ contact }) => enforcedAppointment(contact))
  if (action) {
    plan = planEnforcement(enforced, [], action, stamp)
    for (const { contact } of created) {
      const applied = plan.applied.get(contact.contactId)
      if (!applied) continue
      contact.latestEnforcementActionId = applied.latestEnforcementActionId
      contact.enforcement = applied.enforcement
      if (applied.notesLine) contact.notes = appendParagraph(contact.notes ?? null, applied.notesLine)
    }
    contacts.push(...actionContacts(plan, action, nextId, stamp))
  }

  await insertMany(db, dialect, 'contact', contacts)
  if (plan && action && review) {
    await writeEnforcementRows(db, dialect, plan, action, stamp)
    await recountFailures(db, [...enforcedEvents], stamp)
    const reviews = await reviewsAtLimit(db, enforced, review.contactTypeId, nextId, stamp)
    if (reviews.length > 0) await insertMany(db, dialect, 'contact', reviews)
  }
  await writeCommencements(db, commencements, audit)
  await recordInteractions(
    db,
    dialect,
    BusinessInteraction.addContact,
    created.map(({ contact }) => ({
      parameters: {
        offenderId: contact.offenderId,
        contactId: contact.contactId,
        externalReference: contact.externalReference!,
      },
    })),
    audit,
  )

  return [
    ...ecoms.map(
      ({ contactId, r }): TelemetryEvent => ({
        name: 'ComponentCommenced',
        properties: {
          crn: r.component.crn,
          type: r.kind,
          componentId: r.componentId,
          contactId,
          commencementDate: r.item.date,
        },
      }),
    ),
    ...created.map(
      ({ contact, r }): TelemetryEvent => ({
        name: 'AppointmentCreated',
        properties: {
          crn: r.component.crn,
          type: r.kind,
          contactId: contact.contactId,
          componentId: r.componentId,
          typeCode: r.type.code,
          outcomeCode: r.outcome?.code,
        },
      }),
    ),
  ]
}

const byId = (rows: readonly ProgrammeComponentRow[]) => new Map(rows.map((row) => [row.componentId, row]))

const componentColumn = (kind: ComponentKind, id: number) =>
  kind === 'Requirement' ? { rqmntId: id } : { licConditionId: id }

const yesNo = (value: string | null | undefined): 'Y' | 'N' | null =>
  value === 'Y' ? 'Y' : value === 'N' ? 'N' : null

function enforcedAppointment(contact: Insertable<ContactTable>): EnforcedAppointment {
  return {
    contactId: contact.contactId,
    offenderId: contact.offenderId,
    eventId: contact.eventId ?? null,
    rqmntId: contact.rqmntId ?? null,
    licConditionId: contact.licConditionId ?? null,
    staffId: contact.staffId,
    teamId: contact.teamId,
    probationAreaId: contact.probationAreaId,
    officeLocationId: contact.officeLocationId ?? null,
  }
}
