import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildService } from '../../src/bootstrap.ts'
import { loadConfig } from '../../src/config.ts'
import { LOCAL_AUTH_CLIENTS } from '../../src/dev/local-auth.ts'
import { EXAMPLES } from '../../src/dev/messages.ts'
import { memoryLogger } from '../../src/logger.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { eventually, type TestQueue } from '../helpers/queue.ts'
import { contactsOf, createRig, type Rig } from './support.ts'

/**
 * The listener as the production entry point builds it (bootstrap.ts): on only with
 * MESSAGING_CONSUMER_QUEUE, an SQS client from the standard AWS configuration, and a stop on
 * shutdown that lets running messages finish before the pool closes.
 */
let db: TestDb
let rig: Rig

beforeAll(async () => {
  db = await createTestDb()
  rig = await createRig(db)
})
afterAll(async () => {
  await rig?.close()
  await db?.close()
})

const ownClient = LOCAL_AUTH_CLIENTS[0]!
const environment = (queue?: TestQueue) => ({
  DATABASE_URL: 'pglite://memory',
  HMPPS_AUTH_URL: rig.auth.url,
  SHUTDOWN_GRACE_MS: '10000',
  ...(queue
    ? {
        MESSAGING_CONSUMER_QUEUE: queue.name,
        MESSAGING_CONSUMER_DETAIL_URLS: rig.upstream.base,
        AWS_ENDPOINT_URL_SQS: rig.sqs.endpoint,
        CLIENT_ID: ownClient.id,
        CLIENT_SECRET: ownClient.secret,
      }
    : {}),
})
/** The test database, which the service must not close. */
const borrowed = () => ({ ...db, close: async () => {} })

describe('the listener in the service', () => {
  test('is off without MESSAGING_CONSUMER_QUEUE', async () => {
    const service = await buildService(loadConfig(environment()), { logger: memoryLogger(), db: borrowed() })
    expect(service.listener).toBeUndefined()
    await service.close()
  })

  test('finds the queue by name through an SQS client built from the AWS configuration', async () => {
    const queue = await rig.queue()
    // The standard AWS SDK credentials chain (environment variables here).
    process.env.AWS_ACCESS_KEY_ID = 'test'
    process.env.AWS_SECRET_ACCESS_KEY = 'test'
    const logger = memoryLogger()
    const service = await buildService(loadConfig(environment(queue)), { logger, db: borrowed() })
    try {
      expect(service.listener).toBeDefined()
      service.listener?.start()
      const notificationId = await rig.publish(queue, 'status-changed-on-programme')
      await rig.drained(queue)
      expect(await contactsOf(db, notificationId)).toHaveLength(1)
      expect(logger.lines.some((line) => line.event === 'StatusChanged')).toBe(true)
    } finally {
      await service.close()
      delete process.env.AWS_ACCESS_KEY_ID
      delete process.env.AWS_SECRET_ACCESS_KEY
    }
  })

  test('shutdown while a handler runs: it finishes, its message is deleted, no new message is taken', async () => {
    const queue = await rig.queue({ visibilityTimeoutSeconds: 30 })
    const logger = memoryLogger()
    // One at a time, so no long poll is pending while the handler runs (an aborted poll could, on
    // fauxqs as on SQS, still take a message sent afterwards).
    const config = loadConfig({ ...environment(queue), MESSAGING_CONSUMER_CONCURRENCY: '1' })
    const service = await buildService(config, { logger, db: borrowed(), sqs: rig.sqs.newClient() })
    const example = EXAMPLES['status-changed-on-programme']
    const path = `/accredited-programmes-api/${example.document}/${example.componentId}`
    rig.upstream.script(path, { delayMs: 1_000 })
    const asked = rig.upstream.requests.filter((request) => request.path === path).length
    service.listener?.start()
    const running = await rig.publish(queue, example)
    await eventually(() => rig.upstream.requests.filter((request) => request.path === path).length > asked)
    const waiting = await rig.publish(queue, example)
    // The handler is waiting for its detail document: now the SIGTERM path.
    await service.close()
    expect(await contactsOf(db, running)).toHaveLength(1)
    expect(await contactsOf(db, waiting)).toEqual([])
    // The finished message is gone; the later one was never taken.
    expect(rig.sqs.counts(queue.name)).toEqual({ visible: 1, inFlight: 0 })
    expect(logger.lines.map((line) => line.message)).toContain('Waiting for messages in progress')
  })
})
