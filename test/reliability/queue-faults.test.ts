import type { Message } from '@aws-sdk/client-sqs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { eventually, startTestQueueServer, type TestQueueServer } from '../helpers/queue.ts'
import { startTestUpstream, type TestUpstream } from '../helpers/upstream.ts'
import { checksum } from './support/checksum.ts'
import { databaseName, KillAfterWrite, type ProxiedDb, proxiedDb } from './support/faults.ts'
import {
  contactsByNotification,
  goodMessage,
  poisonMessage,
  type RunningListener,
  sendAll,
  startListener,
} from './support/listener.ts'

/**
 * Issue 7 item 4 (and the listener part of item 3): the real listener against a real SQS-compatible
 * server. RELIABILITY_MESSAGES (default 1000) sets the size of the poison run.
 */
const MESSAGES = Number(process.env.RELIABILITY_MESSAGES ?? 1000)

let db: TestDb
let sqs: TestQueueServer
let upstream: TestUpstream
let auth: LocalAuth
let queueCounter = 0
const running: RunningListener[] = []

beforeAll(async () => {
  ;[db, sqs, upstream, auth] = await Promise.all([
    createTestDb(),
    startTestQueueServer(),
    startTestUpstream(),
    startLocalAuth(),
  ])
})
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()))
  sqs.cancelPolls()
})
afterAll(async () => {
  await sqs?.close()
  await upstream?.stop()
  await auth?.stop()
  await db?.close()
})

const newQueue = (options?: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number }) =>
  sqs.createQueue(`reliability-${++queueCounter}`, options)

function listen(
  queue: Awaited<ReturnType<typeof newQueue>>,
  options: { db?: TestDb; concurrency?: number } = {},
) {
  const r = startListener({
    db: options.db ?? db,
    sqs,
    queue,
    upstream,
    auth,
    concurrency: options.concurrency,
  })
  running.push(r)
  return r
}

/** Everything in a queue now, received once (bodies), without deleting it. */
async function drain(queueUrl: string): Promise<Message[]> {
  const all: Message[] = []
  for (;;) {
    const batch = await sqs.receive(queueUrl, { max: 10, visibilityTimeout: 60 })
    if (batch.length === 0) return all
    all.push(...batch)
  }
}

describe('queue faults', () => {
  it(`${MESSAGES} messages with 5 % poison: every good one processed exactly once, every poison one dead-lettered`, async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 2, maxReceiveCount: 2 })
    const poisonCount = Math.round(MESSAGES * 0.05)
    const good = Array.from({ length: MESSAGES - poisonCount }, () => goodMessage(upstream))
    const poison = Array.from({ length: poisonCount }, (_, i) => poisonMessage(upstream, i))
    // 2 % of the good ones delivered twice (SNS delivers at least once): still one contact each.
    const duplicates = good.filter((_, i) => i % 50 === 0)
    const bodies = [...good, ...poison, ...duplicates].map((m) => m.body).sort(() => Math.random() - 0.5)
    const before = JSON.parse((await checksum(db)).contact as string).rows

    const started = Date.now()
    await sendAll(sqs, queue.url, bodies)
    const r = listen(queue)
    await eventually(
      () => {
        const main = sqs.counts(queue.name)
        const dlq = sqs.counts(queue.dlqName)
        return main.visible === 0 && main.inFlight === 0 && dlq.visible === poisonCount
      },
      { timeoutMs: 240_000, intervalMs: 250, what: 'the queue to empty and the poison to reach the DLQ' },
    )
    const elapsedMs = Date.now() - started

    const counts = await contactsByNotification(
      db,
      good.map((m) => m.messageId),
    )
    const processed = [...counts.values()]
    expect(processed.filter((n) => n === 1).length).toBe(good.length)
    expect(processed.filter((n) => n !== 1)).toEqual([])
    const after = JSON.parse((await checksum(db)).contact as string).rows
    expect(after - before).toBe(good.length)

    const dead = await drain(queue.dlqUrl)
    expect(dead.map((m) => m.Body).sort()).toEqual(poison.map((m) => m.body).sort())
    const failures = r.logger.lines.filter((line) => line.message === 'Message processing failed').length
    console.log(
      `queue-faults on ${db.kind}: ${bodies.length} messages (${good.length} good, ${duplicates.length} duplicate deliveries, ${poisonCount} poison) in ${elapsedMs} ms; ` +
        `${good.length} contacts written once each, ${dead.length} in the DLQ, ${failures} failed attempts logged`,
    )
  }, 300_000)

  it('a handler failure mid-batch leaves the other messages of the batch unaffected', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 2, maxReceiveCount: 2 })
    const good = Array.from({ length: 8 }, () => goodMessage(upstream))
    // One whose detail fetch fails with 500 every time, one whose service call throws (CRN mismatch).
    const failing = goodMessage(upstream, SEED.requirements[3])
    const crash = poisonMessage(upstream, 6)
    const path = failing.detailPath
    upstream.always(path, { status: 500 })
    try {
      await sendAll(
        sqs,
        queue.url,
        [good[0], good[1], good[2], good[3], failing, crash, good[4], good[5], good[6], good[7]].map(
          (m) => (m as { body: string }).body,
        ),
      )
      listen(queue, { concurrency: 10 })
      await eventually(
        () => sqs.counts(queue.dlqName).visible === 2 && sqs.counts(queue.name).visible === 0,
        {
          timeoutMs: 30_000,
          what: 'the two failures to be dead-lettered',
        },
      )
    } finally {
      upstream.always(path, {})
    }
    const counts = await contactsByNotification(
      db,
      good.map((m) => m.messageId),
    )
    expect([...counts.values()]).toEqual(Array(8).fill(1))
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
  }, 60_000)

  it('SQS unreachable: the listener backs off (no tight loop) and resumes when it is back', async () => {
    const queue = await newQueue()
    await sqs.goDown()
    const r = listen(queue)
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    const failures = r.logger.lines.filter((line) => line.message === 'SQS receive failed; backing off')
    // 100, 200, 400, 800, 800 … ms: a handful of attempts in 2.5 s, not hundreds.
    expect(failures.length).toBeGreaterThanOrEqual(2)
    expect(failures.length).toBeLessThanOrEqual(8)
    const delays = failures.map((line) => line.delayMs as number)
    expect(delays.slice(0, 4)).toEqual([100, 200, 400, 800])

    await sqs.comeBack()
    const message = goodMessage(upstream)
    await sqs.send(queue.url, message.body)
    await eventually(
      async () => (await contactsByNotification(db, [message.messageId])).get(message.messageId) === 1,
      {
        timeoutMs: 10_000,
        what: 'the message sent after the outage to be processed',
      },
    )
    expect(r.logger.lines.some((line) => line.message === 'SQS reachable again')).toBe(true)
    await eventually(() => sqs.counts(queue.name).inFlight === 0, { what: 'the message to be deleted' })
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
  }, 30_000)
})

describe.skipIf(process.env.TEST_DB !== 'postgres')(
  'listener while the database is down (PostgreSQL only)',
  () => {
    let proxied: ProxiedDb
    let killer: KillAfterWrite
    beforeAll(async () => {
      killer = new KillAfterWrite(databaseName(db), 'contact')
      proxied = await proxiedDb(db, killer)
    })

    it('a connection killed in the middle of the status-change transaction: retried, written exactly once', async () => {
      const queue = await newQueue({ visibilityTimeoutSeconds: 2, maxReceiveCount: 2 })
      const message = goodMessage(upstream)
      killer.arm()
      const r = listen(queue, { db: proxied.db })
      await sqs.send(queue.url, message.body)
      await eventually(() => sqs.counts(queue.name).visible === 0 && sqs.counts(queue.name).inFlight === 0, {
        timeoutMs: 20_000,
        what: 'the message to be processed and deleted',
      })
      expect(killer.kills).toBe(1)
      expect((await contactsByNotification(db, [message.messageId])).get(message.messageId)).toBe(1)
      const held = 'Database unavailable; holding the message and retrying'
      expect(r.logger.lines.some((line) => line.message === held)).toBe(true)
      expect(sqs.counts(queue.dlqName).visible).toBe(0)
    }, 30_000)
    afterAll(async () => {
      await proxied?.close()
    })

    it('pauses (messages held, none dead-lettered, no more taken than it can handle) and catches up when it returns', async () => {
      const queue = await newQueue({ visibilityTimeoutSeconds: 2, maxReceiveCount: 2 })
      const messages = Array.from({ length: 15 }, () => goodMessage(upstream))
      await proxied.proxy.down()
      const r = listen(queue, { db: proxied.db, concurrency: 5 })
      await sendAll(
        sqs,
        queue.url,
        messages.map((m) => m.body),
      )
      // Longer than the visibility timeout and maxReceiveCount would allow if nothing were held.
      await new Promise((resolve) => setTimeout(resolve, 5_000))
      expect(sqs.counts(queue.dlqName).visible).toBe(0)
      expect(r.listener.inFlight).toBe(5)
      expect(sqs.counts(queue.name)).toEqual({ visible: 10, inFlight: 5 })
      expect(
        r.logger.lines.some(
          (line) => line.message === 'Database unavailable; holding the message and retrying',
        ),
      ).toBe(true)

      await proxied.proxy.up()
      await eventually(() => sqs.counts(queue.name).visible === 0 && sqs.counts(queue.name).inFlight === 0, {
        timeoutMs: 30_000,
        what: 'the queue to empty once the database is back',
      })
      const counts = await contactsByNotification(
        db,
        messages.map((m) => m.messageId),
      )
      expect([...counts.values()]).toEqual(Array(15).fill(1))
      expect(sqs.counts(queue.dlqName).visible).toBe(0)
    }, 60_000)
  },
)
