import type { Db } from '../../src/db/database.ts'
import { SEED } from '../../src/db/seed.ts'
import { LOCAL_AUTH_CLIENTS, type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { EXAMPLES, type Example, type ExampleName, exampleNotification } from '../../src/dev/messages.ts'
import { createEventListener, type EventListenerDeps, type EventServices } from '../../src/listeners/index.ts'
import type { SqsListener } from '../../src/listeners/sqs-listener.ts'
import { memoryLogger } from '../../src/logger.ts'
import { statusChangeReference } from '../../src/services/events/status-change.ts'
import { createServices } from '../../src/services/index.ts'
import { fixedClock } from '../../src/time.ts'
import { TEST_NOW } from '../helpers/app.ts'
import { eventually, startTestQueueServer, type TestQueue, type TestQueueServer } from '../helpers/queue.ts'
import { startTestUpstream, type TestUpstream } from '../helpers/upstream.ts'

/**
 * Everything the listener talks to, real and on loopback: fauxqs, a local HMPPS Auth, the local
 * Accredited Programmes API (with scripted faults) and a test database behind the real services.
 */
export interface Rig {
  auth: LocalAuth
  upstream: TestUpstream
  sqs: TestQueueServer
  logger: ReturnType<typeof memoryLogger>
  services: EventServices
  /** A fresh queue (1 s visibility timeout, DLQ after `maxReceiveCount` receives, default 2). */
  queue(options?: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number }): Promise<TestQueue>
  /** A started listener on the queue, with the waits shortened for tests. */
  listen(
    queue: TestQueue,
    options?: { concurrency?: number; services?: EventServices; tuning?: Partial<EventListenerDeps> },
  ): SqsListener
  /** Sends an example message (§A.3); returns its SNS MessageId. */
  publish(
    queue: TestQueue,
    example: ExampleName | Example,
    overrides?: Partial<Example> & { messageId?: string },
  ): Promise<string>
  /** Waits until the queue has nothing left, visible or in flight. */
  drained(queue: TestQueue, timeoutMs?: number): Promise<void>
  /** Waits until the message is in the dead-letter queue. */
  deadLettered(queue: TestQueue, count?: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

let queues = 0
let messages = 0

export function newMessageId(): string {
  return `00000000-0000-4000-9000-${String(process.pid % 10_000).padStart(4, '0')}${String(++messages).padStart(8, '0')}`
}

export function eventServicesOf(db: Db, logger = memoryLogger()): EventServices {
  return createServices({ db, clock: fixedClock(TEST_NOW), logger, auditUserId: SEED.users.auditUser })
}

export async function createRig(db: Db): Promise<Rig> {
  await warmUp(db)
  const auth = await startLocalAuth()
  const upstream = await startTestUpstream()
  const sqs = await startTestQueueServer()
  const logger = memoryLogger()
  const services = eventServicesOf(db, logger)
  const ownClient = LOCAL_AUTH_CLIENTS[0]!
  const listeners: SqsListener[] = []

  return {
    auth,
    upstream,
    sqs,
    logger,
    services,
    queue: (options) => sqs.createQueue(`events-${process.pid}-${++queues}`, options),
    listen(queue, options = {}) {
      const listener = createEventListener(
        {
          messaging: {
            queue: queue.url,
            detailUrls: [upstream.base],
            concurrency: options.concurrency ?? 10,
          },
          client: { id: ownClient.id, secret: ownClient.secret },
          auth: { baseUrl: auth.url, issuer: auth.issuer, jwksUrl: auth.jwksUrl, tokenUrl: auth.tokenUrl },
          aws: { region: 'eu-west-2', sqsEndpoint: sqs.endpoint },
        },
        {
          services: options.services ?? services,
          logger,
          clock: fixedClock(TEST_NOW),
          sqs: sqs.newClient(),
          listener: {
            waitTimeSeconds: 1,
            // Held 3 s at a time: a slow moment (the Oracle grammar check's warm-up, a fresh
            // PGlite) cannot let a running message reappear; a failed one is back after 1 s.
            visibility: { everyMs: 300, extendToSeconds: 3 },
            failureVisibilitySeconds: 1,
            stopDeadlineMs: 5_000,
          },
          details: { backoffMs: 10 },
          handler: { maxRetryDelayMs: 200 },
          ...options.tuning,
        },
      )
      listeners.push(listener)
      listener.start()
      return listener
    },
    async publish(queue, example, overrides = {}) {
      const { messageId = newMessageId(), ...changes } = overrides
      const base = typeof example === 'string' ? EXAMPLES[example] : example
      await sqs.send(
        queue.url,
        exampleNotification({ ...base, ...changes }, { upstreamBase: upstream.base, messageId }),
      )
      return messageId
    },
    // 20 s: a deadline, not a speed check; the first message of a file also warms up the token fetch,
    // the detail client and the database, which took over 10 s under Deno on a machine at load 13.
    async drained(queue, timeoutMs = 20_000) {
      await eventually(
        () => {
          const counts = sqs.counts(queue.name)
          return counts.visible === 0 && counts.inFlight === 0
        },
        { timeoutMs, what: `queue ${queue.name} to be drained` },
      )
    },
    async deadLettered(queue, count = 1, timeoutMs = 20_000) {
      await eventually(() => sqs.counts(queue.dlqName).visible >= count, {
        timeoutMs,
        what: `${count} message(s) in ${queue.dlqName}`,
      })
    },
    async close() {
      await Promise.all(listeners.map((listener) => listener.stop({ deadlineMs: 0 })))
      await sqs.close()
      await upstream.stop()
      await auth.stop()
    },
  }
}

/**
 * One query first: a database's first statement is slow and synchronous (a fresh PGlite instance,
 * the Oracle grammar check's warm-up) and would stall the event loop past a 1 s test visibility
 * timeout while a message is being handled.
 */
export async function warmUp(db: Db): Promise<void> {
  await db.kysely.selectFrom('offender').select('offenderId').where('crn', '=', 'A000001').execute()
}

/** The status contacts of a notification, with their type code. */
export async function contactsOf(db: Db, notificationId: string) {
  return db.kysely
    .selectFrom('contact as c')
    .innerJoin('rContactType as t', 't.contactTypeId', 'c.contactTypeId')
    .select([
      'c.contactId',
      't.code',
      'c.offenderId',
      'c.eventId',
      'c.rqmntId',
      'c.licConditionId',
      'c.contactDate',
      'c.contactStartTime',
      'c.notes',
      'c.description',
      'c.staffId',
      'c.teamId',
      'c.externalReference',
      'c.softDeleted',
    ])
    .where('c.externalReference', '=', statusChangeReference(notificationId))
    .execute()
}

/** Contacts created by the event flows since the seed (ids come from the sequence, above 1,000,000). */
export async function newContactCount(db: Db): Promise<number> {
  const row = await db.kysely
    .selectFrom('contact')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('contactId', '>=', 1_000_000)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Live contacts of a requirement or licence condition with their type code, oldest first. */
export async function componentContacts(
  db: Db,
  component: { rqmntId: number } | { licConditionId: number },
  code: string,
) {
  const [column, id] =
    'rqmntId' in component
      ? (['c.rqmntId', component.rqmntId] as const)
      : (['c.licConditionId', component.licConditionId] as const)
  return db.kysely
    .selectFrom('contact as c')
    .innerJoin('rContactType as t', 't.contactTypeId', 'c.contactTypeId')
    .selectAll('c')
    .select('t.code')
    .where(column, '=', id)
    .where('t.code', '=', code)
    .where('c.softDeleted', '=', 0)
    .orderBy('c.contactId')
    .execute()
}
