import type { Kysely } from 'kysely'
import {
  type Commencement,
  lockLicenceConditionCommencements,
  lockRequirementCommencements,
  updateLicenceConditionCommencements,
  updateRequirementCommencements,
} from '../../db/queries/appointments/components.ts'
import type { Database, DeliusDateTime } from '../../db/schema.ts'
import { formatDdMmYyyy, type LocalDate, toDeliusDateTime } from '../../time.ts'
import { appendParagraph } from './enforcement.ts'

/**
 * The commencement side effect of pre-group one-to-one meetings (appointments.md §2.1): the
 * component's COMMENCEMENT_DATE becomes the meeting date (always overwritten), its notes get a
 * line, and the first commencement of a component is recorded with an ECOM contact.
 */

export type ComponentKind = 'Requirement' | 'LicenceCondition'

export interface CommencingMeeting {
  /** Position in the request, so the ECOM contact can be matched back. */
  index: number
  kind: ComponentKind
  componentId: number
  date: LocalDate
}

export interface CommencementPlan {
  requirements: Commencement[]
  licenceConditions: Commencement[]
  /** Request positions of the meetings that commence their component for the first time. */
  firstCommencements: Set<number>
}

export const commencementNote = (date: LocalDate) =>
  `Actual Start Date set to ${formatDdMmYyyy(date)} following notification from the Accredited Programmes – Intervention Service`

/** Reads (and row-locks) the components' commencement state; at most one query per component kind. */
export async function lockCommencements(db: Kysely<Database>, meetings: readonly CommencingMeeting[]) {
  const ids = (kind: ComponentKind) => [
    ...new Set(meetings.filter((m) => m.kind === kind).map((m) => m.componentId)),
  ]
  const requirementIds = ids('Requirement')
  const licenceConditionIds = ids('LicenceCondition')
  return {
    Requirement: requirementIds.length > 0 ? await lockRequirementCommencements(db, requirementIds) : [],
    LicenceCondition:
      licenceConditionIds.length > 0 ? await lockLicenceConditionCommencements(db, licenceConditionIds) : [],
  }
}

type CommencementState = {
  componentId: number
  commencementDate: DeliusDateTime | null
  notes: string | null
}

/**
 * Applies the meetings in request order, as the reference does one by one: the last date wins,
 * every meeting appends its note, and only a component without a commencement date gets an ECOM.
 */
export function planCommencements(
  meetings: readonly CommencingMeeting[],
  current: Record<ComponentKind, readonly CommencementState[]>,
): CommencementPlan {
  const state = {
    Requirement: new Map(current.Requirement.map((c) => [c.componentId, { ...c }])),
    LicenceCondition: new Map(current.LicenceCondition.map((c) => [c.componentId, { ...c }])),
  }
  const firstCommencements = new Set<number>()
  const touched = { Requirement: new Set<number>(), LicenceCondition: new Set<number>() }
  for (const meeting of meetings) {
    const component = state[meeting.kind].get(meeting.componentId)
    if (!component) continue
    if (component.commencementDate === null) firstCommencements.add(meeting.index)
    component.commencementDate = toDeliusDateTime(meeting.date)
    component.notes = appendParagraph(component.notes, commencementNote(meeting.date))
    touched[meeting.kind].add(meeting.componentId)
  }
  const written = (kind: ComponentKind): Commencement[] =>
    [...touched[kind]].map((id) => {
      const c = state[kind].get(id)!
      return { componentId: id, commencementDate: c.commencementDate!, notes: c.notes! }
    })
  return {
    requirements: written('Requirement'),
    licenceConditions: written('LicenceCondition'),
    firstCommencements,
  }
}

export async function writeCommencements(
  db: Kysely<Database>,
  plan: CommencementPlan,
  audit: { userId: number; now: DeliusDateTime },
): Promise<void> {
  await updateRequirementCommencements(db, plan.requirements, audit)
  await updateLicenceConditionCommencements(db, plan.licenceConditions, audit)
}
