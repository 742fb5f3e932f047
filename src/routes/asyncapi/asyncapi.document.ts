import { z } from 'zod'
import { HmppsDomainEventSchema, SnsNotificationSchema } from '../../listeners/domain-event.ts'
import { EVENT_TYPES } from '../../listeners/event-types.ts'
import { ReferralCompletionSchema, StatusInfoSchema } from '../../services/events/types.ts'

/**
 * The AsyncAPI 3.0 document of the queue this service consumes (spec README decision 11): one
 * channel, the two messages, each with its SNS envelope, domain event and detail document. The
 * schemas are generated from the zod schemas the listener parses with, so they cannot drift.
 */
const SCHEMA_FORMAT = 'application/schema+json;version=draft-2020-12'
const QUEUE = 'probation-integration-{environment}-accredited-programmes-and-delius-queue'
const DLQ = 'probation-integration-{environment}-accredited-programmes-and-delius-dlq'
const MANAGE_AND_DELIVER = 'https://accredited-programmes-manage-and-deliver-api.hmpps.service.justice.gov.uk'

/** The accepted input (before transforms); `$schema` is given by the schemaFormat instead. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  return rest
}

/** The envelope of one event type: its attribute, and the domain event inside `Message`. */
function envelopeOf(eventType: string, detailSchema: string) {
  const event = jsonSchema(HmppsDomainEventSchema)
  return {
    allOf: [
      jsonSchema(SnsNotificationSchema),
      {
        type: 'object',
        required: ['MessageAttributes'],
        properties: {
          Message: {
            description: `The domain event as a JSON string. Its \`detailUrl\` answers a GET (client-credentials bearer token) with ${detailSchema}.`,
            contentMediaType: 'application/json',
            contentSchema: {
              allOf: [event, { type: 'object', properties: { eventType: { const: eventType } } }],
            },
          },
          MessageAttributes: {
            type: 'object',
            required: ['eventType'],
            properties: {
              eventType: {
                type: 'object',
                description: 'The listener routes on this attribute.',
                properties: { Type: { const: 'String' }, Value: { const: eventType } },
              },
            },
          },
        },
      },
    ],
  }
}

function example(eventType: string, detailUrl: string, occurredAt: string) {
  return {
    Type: 'Notification',
    MessageId: 'aa2c2828-167f-529b-8e19-73735a2fb85c',
    TopicArn: 'arn:aws:sns:eu-west-2:000000000000:hmpps-domain-events',
    Message: JSON.stringify({
      eventType,
      version: 1,
      description: eventType === EVENT_TYPES.statusUpdated ? 'Status changed' : 'Programme complete',
      detailUrl,
      occurredAt,
      additionalInformation: {},
      personReference: { identifiers: [{ type: 'CRN', value: 'A000001' }] },
    }),
    Timestamp: '2025-09-09T08:15:30.000Z',
    MessageAttributes: { eventType: { Type: 'String', Value: eventType } },
  }
}

export function asyncApiDocument() {
  const schema = (s: z.ZodType) => ({ schemaFormat: SCHEMA_FORMAT, schema: jsonSchema(s) })
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Accredited Programmes and Delius: domain events',
      version: '1.0',
      description:
        'HMPPS domain events this service consumes from its SQS queue (subscribed to the HMPPS domain events SNS topic). ' +
        'Each SQS message body is an SNS notification whose `Message` is the domain event JSON; the listener routes on ' +
        'the `eventType` message attribute, fetches the event’s `detailUrl` and writes the result to Delius. A message ' +
        'is deleted only once it is written; a failure leaves it for redelivery and, after 3 receives, the dead-letter queue.',
    },
    defaultContentType: 'application/json',
    servers: {
      sqs: {
        host: 'sqs.eu-west-2.amazonaws.com',
        protocol: 'sqs',
        description: 'Amazon SQS in the Cloud Platform account (eu-west-2).',
      },
    },
    channels: {
      domainEvents: {
        address: QUEUE,
        title: 'accredited-programmes-and-delius-queue',
        description: 'The service’s queue; MESSAGING_CONSUMER_QUEUE names it.',
        servers: [{ $ref: '#/servers/sqs' }],
        parameters: {
          environment: { enum: ['dev', 'preprod', 'prod'], description: 'Cloud Platform environment.' },
        },
        messages: {
          statusUpdated: { $ref: '#/components/messages/statusUpdated' },
          programmeComplete: { $ref: '#/components/messages/programmeComplete' },
        },
        bindings: {
          sqs: {
            queue: {
              name: QUEUE,
              fifoQueue: false,
              redrivePolicy: { deadLetterQueue: { name: DLQ }, maxReceiveCount: 3 },
            },
            deadLetterQueue: { name: DLQ, fifoQueue: false },
            bindingVersion: '0.2.0',
          },
        },
      },
    },
    operations: {
      receiveStatusUpdated: {
        action: 'receive',
        channel: { $ref: '#/channels/domainEvents' },
        messages: [{ $ref: '#/channels/domainEvents/messages/statusUpdated' }],
        summary: 'Record a referral status change as a Delius contact.',
        description:
          'Fetches StatusInfo from the detailUrl and inserts one contact (EIBA–EIBL by status) on the requirement or ' +
          'licence condition, dated the event’s occurredAt (Europe/London). Idempotent by SNS MessageId.',
      },
      receiveProgrammeComplete: {
        action: 'receive',
        channel: { $ref: '#/channels/domainEvents' },
        messages: [{ $ref: '#/channels/domainEvents/messages/programmeComplete' }],
        summary: 'Terminate the requirement or licence condition of a completed programme.',
        description:
          'Fetches ReferralCompletion from the detailUrl and terminates the component (reason 51), soft-deleting its ' +
          'future contacts, adding an ETER contact, rejecting pending transfers and publishing the Delius ' +
          '`probation-case.requirement.terminated` / `probation-case.licence-condition.terminated` event.',
      },
    },
    components: {
      messages: {
        statusUpdated: {
          name: EVENT_TYPES.statusUpdated,
          title: 'Referral status updated',
          summary: 'A referral’s status changed.',
          contentType: 'application/json',
          payload: {
            schemaFormat: SCHEMA_FORMAT,
            schema: envelopeOf(EVENT_TYPES.statusUpdated, 'StatusInfo'),
          },
          'x-detail': { $ref: '#/components/schemas/StatusInfo' },
          examples: [
            {
              name: 'onProgramme',
              payload: example(
                EVENT_TYPES.statusUpdated,
                `${MANAGE_AND_DELIVER}/referral/5d2f4a1e-7c1b-4d7e-9a55-0b8f3f2c1a77/status-change-details`,
                '2025-09-09T09:15:30.000+01:00',
              ),
            },
          ],
        },
        programmeComplete: {
          name: EVENT_TYPES.programmeComplete,
          title: 'Programme complete',
          summary: 'A person completed an accredited programme.',
          contentType: 'application/json',
          payload: {
            schemaFormat: SCHEMA_FORMAT,
            schema: envelopeOf(EVENT_TYPES.programmeComplete, 'ReferralCompletion'),
          },
          'x-detail': { $ref: '#/components/schemas/ReferralCompletion' },
          examples: [
            {
              name: 'requirement',
              payload: example(
                EVENT_TYPES.programmeComplete,
                `${MANAGE_AND_DELIVER}/referral/5d2f4a1e-7c1b-4d7e-9a55-0b8f3f2c1a77/completion-data`,
                '2025-06-01T14:30:00.000+01:00',
              ),
            },
          ],
        },
      },
      schemas: {
        SnsNotification: schema(SnsNotificationSchema),
        HmppsDomainEvent: schema(HmppsDomainEventSchema),
        StatusInfo: {
          schemaFormat: SCHEMA_FORMAT,
          schema: {
            ...jsonSchema(StatusInfoSchema),
            title: 'StatusInfo',
            description:
              'GET /referral/{id}/status-change-details. DEFERRED is read as ON_HOLD; username is optional (staff ' +
              'then comes from the person manager); notes may be null.',
          },
        },
        ReferralCompletion: {
          schemaFormat: SCHEMA_FORMAT,
          schema: {
            ...jsonSchema(ReferralCompletionSchema),
            title: 'ReferralCompletion',
            description:
              'GET /referral/{id}/completion-data. licReqCompletedAt is a local date-time read as Europe/London ' +
              '(a trailing Z is ignored).',
          },
        },
      },
    },
  }
}
