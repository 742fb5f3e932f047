import type { ComponentKind } from './components.ts'

/** The HMPPS domain events Delius publishes from its DOMAIN_EVENT outbox on termination. */
export const TERMINATION_EVENT_TYPES = {
  REQUIREMENT: 'probation-case.requirement.terminated',
  LICENCE_CONDITION: 'probation-case.licence-condition.terminated',
} as const

export interface TerminatedComponent {
  crn: string
  componentId: number
  eventNumber: string
  mainCategoryDescription: string | null
  subCategoryDescription: string | null
}

/**
 * The outbox row's message body and attributes (events.md §A.8 rule 2 step 5), as JSON text.
 * Ids travel as strings; absent values are left out (non-null serialisation, §B.4).
 */
export function terminationDomainEvent(
  kind: ComponentKind,
  component: TerminatedComponent,
  occurredAt: string,
) {
  const eventType = TERMINATION_EVENT_TYPES[kind.type]
  const additionalInformation =
    kind.type === 'REQUIREMENT'
      ? {
          eventNumber: component.eventNumber,
          requirementID: String(component.componentId),
          requirementMainType: component.mainCategoryDescription ?? undefined,
          requirementSubType: component.subCategoryDescription ?? undefined,
        }
      : {
          eventNumber: component.eventNumber,
          licconditionId: String(component.componentId),
          licconditionMainType: component.mainCategoryDescription ?? undefined,
          licconditionSubType: component.subCategoryDescription ?? undefined,
        }
  const body = {
    eventType,
    version: 1,
    occurredAt,
    description:
      kind.type === 'REQUIREMENT'
        ? 'A requirement has been terminated'
        : 'A licence condition has been terminated',
    additionalInformation,
    personReference: { identifiers: [{ type: 'CRN', value: component.crn }] },
  }
  return {
    eventType,
    messageBody: JSON.stringify(body),
    messageAttributes: JSON.stringify({ eventType: { Type: 'String', Value: eventType } }),
  }
}
