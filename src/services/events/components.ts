import type { ComponentTable } from '../../db/queries/events/component.ts'
import { NotFoundError } from '../../errors.ts'
import type { ComponentType } from './types.ts'

/** How each component type is named in Delius's tables, in errors, notes and telemetry. */
export interface ComponentKind {
  type: ComponentType
  table: ComponentTable
  /** Entity name of NotFound messages and of telemetry's `type` (the Kotlin class name). */
  entity: 'Requirement' | 'LicenceCondition'
  /** As the contact notes and the "has no manager" message spell it. */
  label: 'Requirement' | 'Licence Condition'
}

export const COMPONENT_KINDS: Record<ComponentType, ComponentKind> = {
  REQUIREMENT: { type: 'REQUIREMENT', table: 'rqmnt', entity: 'Requirement', label: 'Requirement' },
  LICENCE_CONDITION: {
    type: 'LICENCE_CONDITION',
    table: 'licCondition',
    entity: 'LicenceCondition',
    label: 'Licence Condition',
  },
}

/** "Requirement with id of N not found" / "LicenceCondition with id of N not found". */
export function componentNotFound(kind: ComponentKind, id: number): NotFoundError {
  return NotFoundError.of(kind.entity, 'id', id)
}

/** The contact's component link: only the column of the component's own type is set. */
export function componentLink(kind: ComponentKind, id: number) {
  return kind.table === 'rqmnt'
    ? { rqmntId: id, licConditionId: null }
    : { rqmntId: null, licConditionId: id }
}
