import { z } from 'zod'
import { type Clock, type DeliusDateTime, londonNow, parseToLondon } from '../time.ts'

/**
 * The two layers of a queue message (events.md §A.2): the SQS body is an SNS notification whose
 * `Message` is a string holding the HMPPS domain event, so it is parsed twice.
 */
const MessageAttributeSchema = z.object({ Type: z.string(), Value: z.string() }).loose()

export const SnsNotificationSchema = z
  .object({
    Type: z.string().optional(),
    /** The SNS message id: the notification id of the Delius contact (decision 3). */
    MessageId: z.string().trim().min(1).max(200),
    /** The domain event, as a JSON string. */
    Message: z.string(),
    Timestamp: z.string().optional(),
    TopicArn: z.string().optional(),
    /** Routing is on `eventType` here, not on the event's own `eventType`. */
    MessageAttributes: z.record(z.string(), MessageAttributeSchema).optional(),
  })
  .loose()
  .meta({ title: 'SnsNotification', description: 'SNS notification JSON, the SQS message body' })

const PersonIdentifierSchema = z.object({ type: z.string(), value: z.string() }).loose()

export const HmppsDomainEventSchema = z
  .object({
    eventType: z.string(),
    version: z.number().int(),
    detailUrl: z.string().nullish(),
    /** ISO date-time; with an offset it is converted to London, without one read as London. */
    occurredAt: z.string().nullish(),
    description: z.string().nullish(),
    additionalInformation: z.record(z.string(), z.unknown()).nullish(),
    personReference: z
      .object({ identifiers: z.array(PersonIdentifierSchema).nullish() })
      .loose()
      .nullish(),
  })
  .loose()
  .meta({ title: 'HmppsDomainEvent', description: 'HMPPS domain event, the SNS `Message` string' })

export type SnsNotification = z.infer<typeof SnsNotificationSchema>
export type HmppsDomainEvent = z.infer<typeof HmppsDomainEventSchema>

/** A message that can never be processed as it stands; it is left for the dead-letter queue. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError'
}

export interface Notification {
  /** SNS `MessageId`. */
  notificationId: string
  /** From `MessageAttributes.eventType`; undefined when the attribute is missing. */
  eventType: string | undefined
  event: HmppsDomainEvent
  /** Person identifiers by type, e.g. `{ CRN: 'A000001' }`. */
  identifiers: Record<string, string>
  crn: string | undefined
  /** `occurredAt` as London wall clock; now when absent. */
  occurredAt: DeliusDateTime
}

/** Parses the SQS body down to the domain event. Throws MalformedMessageError. */
export function parseNotification(body: string | undefined, clock: Clock): Notification {
  const notification = parseLayer(
    SnsNotificationSchema,
    parseJson(body ?? '', 'Message body is not JSON'),
    'SNS notification',
  )
  const event = parseLayer(
    HmppsDomainEventSchema,
    parseJson(notification.Message, 'SNS Message is not JSON'),
    'Domain event',
  )
  const identifiers: Record<string, string> = {}
  for (const { type, value } of event.personReference?.identifiers ?? []) identifiers[type] ??= value
  let occurredAt: DeliusDateTime
  try {
    occurredAt = event.occurredAt ? parseToLondon(event.occurredAt) : londonNow(clock)
  } catch {
    throw new MalformedMessageError(`Domain event occurredAt is not an ISO date-time: ${event.occurredAt}`)
  }
  return {
    notificationId: notification.MessageId,
    eventType: notification.MessageAttributes?.eventType?.Value,
    event,
    identifiers,
    crn: identifiers.CRN,
    occurredAt,
  }
}

function parseJson(text: string, problem: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new MalformedMessageError(problem)
  }
}

function parseLayer<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value)
  if (!result.success) throw new MalformedMessageError(`${what} is invalid: ${describeIssues(result.error)}`)
  return result.data
}

/** `path: message` per issue; zod's messages name the expectation, never the rejected value. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ')
}
