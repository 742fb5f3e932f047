import { randomUUID } from 'node:crypto'
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs'
import type { Db } from '../../../src/db/database.ts'
import { SEED } from '../../../src/db/seed.ts'
import type { LocalAuth } from '../../../src/dev/local-auth.ts'
import { domainEvent, EXAMPLES, snsNotification } from '../../../src/dev/messages.ts'
import { createEventListener, type EventServices, type SqsListener } from '../../../src/listeners/index.ts'
import { type Logger, memoryLogger } from '../../../src/logger.ts'
import { statusChangeReference } from '../../../src/services/events/status-change.ts'
import { createServices } from '../../../src/services/index.ts'
import { fixedClock } from '../../../src/time.ts'
import { TEST_NOW } from '../../helpers/app.ts'
import type { TestQueue, TestQueueServer } from '../../helpers/queue.ts'
import type { TestUpstream } from '../../helpers/upstream.ts'

/**
 * The real domain-event listener (createEventListener) over a test database, fauxqs and the local
 * upstream and auth, tuned for tests (short polls and back-offs).
 */
export interface RunningListener {
  listener: SqsListener
  logger: Logger & { lines: Record<string, unknown>[] }
  stop(): Promise<void>
}

export function startListener(options: {
  db: Db
  sqs: TestQueueServer
  queue: TestQueue
  upstream: TestUpstream
  auth: LocalAuth
  concurrency?: number
  holdWhileDatabaseDownMs?: number
}): RunningListener {
  const logger = memoryLogger('debug')
  const clock = fixedClock(TEST_NOW)
  const services = createServices({ db: options.db, clock, logger, auditUserId: SEED.users.auditUser })
  const eventServices: EventServices = {
    statusChange: services.statusChange,
    componentTermination: (services as Partial<EventServices>).componentTermination ?? {
      terminate: () => Promise.reject(new Error('component termination is not built yet')),
    },
  }
  const listener = createEventListener(
    {
      messaging: {
        queue: options.queue.url,
        detailUrls: [options.upstream.base],
        concurrency: options.concurrency ?? 10,
      },
      client: { id: 'accredited-programmes-and-delius', secret: 'local-client-secret' },
      auth: {
        baseUrl: options.auth.url,
        issuer: options.auth.issuer,
        jwksUrl: options.auth.jwksUrl,
        tokenUrl: options.auth.tokenUrl,
      },
      aws: { region: 'eu-west-2', sqsEndpoint: options.sqs.endpoint },
    },
    {
      services: eventServices,
      logger,
      clock,
      sqs: options.sqs.newClient(),
      listener: {
        waitTimeSeconds: 1,
        backoff: { initialMs: 100, maxMs: 800 },
        visibility: { everyMs: 500, extendToSeconds: 2 },
        stopDeadlineMs: 5_000,
      },
      details: { attempts: 2, backoffMs: 10, connectTimeoutMs: 1_000, readTimeoutMs: 2_000 },
      handler: { holdWhileDatabaseDownMs: options.holdWhileDatabaseDownMs ?? 60_000, maxRetryDelayMs: 200 },
    },
  )
  listener.start()
  return { listener, logger, stop: () => listener.stop({ deadlineMs: 2_000 }) }
}

/**
 * A status-updated notification (events.md §A.3 "on programme") for a requirement of A000001,
 * REQ[0] unless another is given; `detailPath` is the upstream path its detail is fetched from.
 */
export function goodMessage(upstream: TestUpstream, componentId: number = SEED.requirements[0]) {
  const messageId = randomUUID()
  const example = { ...EXAMPLES['status-changed-on-programme'], componentId }
  const event = domainEvent(example, upstream.base)
  return {
    messageId,
    detailPath: new URL(event.detailUrl as string).pathname,
    body: snsNotification({ messageId, eventType: example.eventType, event }),
  }
}

/** Messages that must end in the dead-letter queue, one of each kind in turn. */
export function poisonMessage(upstream: TestUpstream, i: number) {
  const messageId = randomUUID()
  const example = EXAMPLES['status-changed-on-programme']
  const event = domainEvent(example, upstream.base)
  const kinds: (() => string)[] = [
    () => '{not json',
    () => JSON.stringify({ Type: 'Notification', MessageId: messageId, Message: '{"eventType":' }),
    () =>
      snsNotification({
        messageId,
        eventType: 'some.unknown.event',
        event: { ...event, eventType: 'some.unknown.event' },
      }),
    () =>
      snsNotification({
        messageId,
        eventType: example.eventType,
        event: { ...event, personReference: { identifiers: [] } },
      }),
    () =>
      snsNotification({
        messageId,
        eventType: example.eventType,
        event: { ...event, detailUrl: 'https://evil.example/x/1' },
      }),
    () =>
      snsNotification({
        messageId,
        eventType: example.eventType,
        event: { ...event, detailUrl: `${upstream.base}/accredited-programmes-api/no-such-document/1` },
      }),
    // The component belongs to A000001, the event says A000003: "CRN and component do not match".
    () =>
      snsNotification({
        messageId,
        eventType: example.eventType,
        event: { ...event, personReference: { identifiers: [{ type: 'CRN', value: 'A000003' }] } },
      }),
  ]
  return { messageId, body: (kinds[i % kinds.length] as () => string)() }
}

/** Sends bodies in batches of 10 (SendMessageBatch), as a busy topic would deliver them. */
export async function sendAll(sqs: TestQueueServer, queueUrl: string, bodies: string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const batch = bodies.slice(i, i + 10)
    const result = await sqs.client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((body, j) => ({ Id: String(j), MessageBody: body })),
      }),
    )
    if (result.Failed?.length) throw new Error(`send failed: ${JSON.stringify(result.Failed)}`)
  }
}

/** How many status contacts each notification id has (0 when none). */
export async function contactsByNotification(db: Db, messageIds: string[]): Promise<Map<string, number>> {
  const references = messageIds.map(statusChangeReference)
  const counts = new Map(messageIds.map((id) => [id, 0]))
  for (let i = 0; i < references.length; i += 500) {
    const rows = await db.kysely
      .selectFrom('contact')
      .select(['externalReference'])
      .where('externalReference', 'in', references.slice(i, i + 500))
      .where('softDeleted', '=', 0)
      .execute()
    for (const row of rows) {
      const id = String(row.externalReference).split(':').pop() as string
      counts.set(id, (counts.get(id) ?? 0) + 1)
    }
  }
  return counts
}
