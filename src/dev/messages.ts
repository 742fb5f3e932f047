/**
 * The example messages of events.md §A.3, with ids from the dev/test seed: what `npm run publish`
 * sends to the dev stack's queue, and what the listener tests put on theirs.
 */
import { SEED } from '../db/seed.ts'
import { EVENT_TYPES } from '../listeners/event-types.ts'
import { UPSTREAM_PATH } from './upstream.ts'

export interface Example {
  eventType: string
  /** The local upstream's document (path segment) for the detail URL. */
  document: string
  componentId: number
  crn: string
  occurredAt: string
  /** Domain event description. */
  description: string
}

const status = (document: string, componentId: number): Example => ({
  eventType: EVENT_TYPES.statusUpdated,
  document,
  componentId,
  crn: 'A000001',
  occurredAt: '2025-09-09T09:15:30.000+01:00',
  description: 'Status changed',
})

const complete = (document: string, componentId: number, occurredAt: string): Example => ({
  eventType: EVENT_TYPES.programmeComplete,
  document,
  componentId,
  crn: 'A000003',
  occurredAt,
  description: 'Programme complete',
})

const T = SEED.termination

export const EXAMPLES = {
  'status-changed-breach': status('status-breach', SEED.licenceConditions[0]),
  'status-changed-on-programme': status('status-on-programme', SEED.requirements[0]),
  'status-changed-programme-complete-requirement': status(
    'status-programme-complete-requirement',
    SEED.requirements[1],
  ),
  'status-changed-programme-complete-licence-condition': status(
    'status-programme-complete-licence-condition',
    SEED.licenceConditions[1],
  ),
  'programme-complete-requirement': complete(
    'programme-complete-requirement',
    T.requirement,
    '2025-06-01T14:30:00.000+01:00',
  ),
  'programme-complete-licence-condition': complete(
    'programme-complete-licence-condition',
    T.licenceCondition,
    '2025-06-01T14:30:00.000+01:00',
  ),
  'programme-complete-requirement-updated': complete(
    'programme-complete-requirement-updated',
    T.alreadyTerminatedRequirement,
    '2026-01-01T12:00:00.000Z',
  ),
  'programme-complete-requirement-before-start': complete(
    'programme-complete-requirement-before-start',
    T.beforeStartRequirement,
    '2024-01-01T14:30:00.000Z',
  ),
  /** Not in the reference's set: the requirement with a pending transfer (§A.11 scenario 12). */
  'programme-complete-requirement-transfer': complete(
    'programme-complete-requirement',
    T.transferRequirement,
    '2025-06-01T14:30:00.000+01:00',
  ),
} satisfies Record<string, Example>

export type ExampleName = keyof typeof EXAMPLES

/** Short names for the two kinds. */
export const EXAMPLE_ALIASES: Record<string, ExampleName> = {
  'status-updated': 'status-changed-on-programme',
  'programme-complete': 'programme-complete-requirement',
}

export function findExample(name: string): Example | undefined {
  const key = (EXAMPLE_ALIASES[name] ?? name) as ExampleName
  return Object.hasOwn(EXAMPLES, key) ? EXAMPLES[key] : undefined
}

/** The domain event of an example, its detail URL on the given upstream base. */
export function domainEvent(example: Example, upstreamBase: string): Record<string, unknown> {
  return {
    eventType: example.eventType,
    version: 1,
    description: example.description,
    detailUrl: `${upstreamBase}${UPSTREAM_PATH}/${example.document}/${example.componentId}`,
    occurredAt: example.occurredAt,
    additionalInformation: {},
    personReference: { identifiers: [{ type: 'CRN', value: example.crn }] },
  }
}

/** The SQS body: an SNS notification carrying the event, routed by its eventType attribute. */
export function snsNotification(options: {
  messageId: string
  eventType: string
  event: Record<string, unknown>
  timestamp?: string
}): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: options.messageId,
    TopicArn: 'arn:aws:sns:eu-west-2:000000000000:hmpps-domain-events',
    Message: JSON.stringify(options.event),
    Timestamp: options.timestamp ?? new Date().toISOString(),
    MessageAttributes: { eventType: { Type: 'String', Value: options.eventType } },
  })
}

export function exampleNotification(
  example: Example,
  options: { upstreamBase: string; messageId: string },
): string {
  return snsNotification({
    messageId: options.messageId,
    eventType: example.eventType,
    event: domainEvent(example, options.upstreamBase),
  })
}
