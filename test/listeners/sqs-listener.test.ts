import type { Message } from '@aws-sdk/client-sqs'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import {
  createSqsListener,
  type SqsListener,
  type SqsListenerOptions,
} from '../../src/listeners/sqs-listener.ts'
import { memoryLogger } from '../../src/logger.ts'
import { eventually, startTestQueueServer, type TestQueue, type TestQueueServer } from '../helpers/queue.ts'

/**
 * The polling loop against a real SQS-compatible server (fauxqs on loopback), with handlers
 * written here: what is deleted, redelivered, dead-lettered, extended, limited and stopped.
 */
let sqs: TestQueueServer
let queueCounter = 0
const listeners: SqsListener[] = []

beforeAll(async () => {
  sqs = await startTestQueueServer()
})
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.stop({ deadlineMs: 0 })))
  // A stopped listener's aborted long poll must not take the next test's messages.
  sqs.cancelPolls()
})
afterAll(async () => {
  await sqs.close()
})

const newQueue = (options?: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number }) =>
  sqs.createQueue(`listener-${++queueCounter}`, options)

function listen(
  queue: TestQueue | string,
  options: Partial<SqsListenerOptions> & Pick<SqsListenerOptions, 'handler'>,
) {
  const logger = memoryLogger()
  const listener = createSqsListener({
    client: sqs.newClient(),
    queue: typeof queue === 'string' ? queue : queue.url,
    logger,
    concurrency: 10,
    waitTimeSeconds: 1,
    // Received for 1 s at a time: a failed message is back within a second.
    visibility: { everyMs: 300, extendToSeconds: 1 },
    ...options,
  })
  listeners.push(listener)
  listener.start()
  return { listener, logger }
}

/** A promise with its resolve function: lets a test decide when a handler finishes. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('SQS listener', () => {
  test('hands a message to the handler and deletes it only after the handler resolved', async () => {
    const queue = await newQueue()
    const release = gate()
    const seen: Message[] = []
    listen(queue, {
      handler: async (message) => {
        seen.push(message)
        await release.opened
      },
    })
    await sqs.send(queue.url, 'first')
    await eventually(() => seen.length === 1, { what: 'the handler to be called' })
    expect(seen[0]?.Body).toBe('first')
    // Still running: received but not deleted, and kept hidden past the 1 s visibility timeout.
    await sleep(300)
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 1 })
    release.open()
    await eventually(() => sqs.counts(queue.name).inFlight === 0, { what: 'the delete' })
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
    expect(sqs.counts(queue.dlqName).visible).toBe(0)
    expect(seen).toHaveLength(1)
  })

  test('finds the queue by name as well as by URL', async () => {
    const queue = await newQueue()
    const bodies: string[] = []
    listen(queue.name, { handler: async (message) => void bodies.push(message.Body ?? '') })
    await sqs.send(queue.url, 'by name')
    await eventually(() => bodies.length === 1 && sqs.counts(queue.name).inFlight === 0)
    expect(bodies).toEqual(['by name'])
  })

  test('a failed message is not deleted, comes back, and lands in the DLQ after maxReceiveCount', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 1, maxReceiveCount: 2 })
    const receiveCounts: string[] = []
    const { logger } = listen(queue, {
      handler: async (message) => {
        receiveCounts.push(message.Attributes?.ApproximateReceiveCount ?? '?')
        throw new Error('handler failed')
      },
    })
    const messageId = await sqs.send(queue.url, 'poison')
    await eventually(() => sqs.counts(queue.dlqName).visible === 1, { what: 'the DLQ', timeoutMs: 8_000 })
    expect(receiveCounts).toEqual(['1', '2'])
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
    const failures = logger.lines.filter((line) => line.message === 'Message processing failed')
    expect(failures).toHaveLength(2)
    expect(failures[0]).toMatchObject({
      level: 'error',
      messageId,
      receiveCount: 1,
      error: { message: 'handler failed' },
    })
  })

  test('failureVisibilitySeconds sets the back-off before a failed message comes back', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 30, maxReceiveCount: 5 })
    let calls = 0
    listen(queue, {
      visibility: { everyMs: 15_000, extendToSeconds: 30 },
      failureVisibilitySeconds: 0,
      handler: async () => {
        calls++
        if (calls === 1) throw new Error('once')
      },
    })
    await sqs.send(queue.url, 'retry soon')
    // Received for 30 s it would wait that long; a 0 s back-off redelivers it at once.
    await eventually(() => calls === 2 && sqs.counts(queue.name).inFlight === 0, { timeoutMs: 5_000 })
  })

  test('backs off while SQS is unreachable and resumes when it is back', async () => {
    const queue = await newQueue()
    const bodies: string[] = []
    const { logger } = listen(queue, {
      client: sqs.newClient({ maxAttempts: 1 }),
      backoff: { initialMs: 50, maxMs: 200 },
      handler: async (message) => void bodies.push(message.Body ?? ''),
    })
    await sqs.send(queue.url, 'before')
    await eventually(() => bodies.length === 1)
    await sqs.goDown()
    try {
      const backoffs = await eventually(
        () => {
          const lines = logger.lines.filter((line) => line.message === 'SQS receive failed; backing off')
          return lines.length >= 4 && lines
        },
        { what: 'back-off log lines' },
      )
      expect(backoffs.slice(0, 4).map((line) => line.delayMs)).toEqual([50, 100, 200, 200])
      expect(backoffs[0]).toMatchObject({ level: 'warn', failures: 1 })
    } finally {
      await sqs.comeBack()
    }
    await sqs.send(queue.url, 'after')
    await eventually(() => bodies.length === 2 && sqs.counts(queue.name).inFlight === 0, { what: 'resumed' })
    expect(bodies).toEqual(['before', 'after'])
    expect(logger.lines.some((line) => line.message === 'SQS reachable again')).toBe(true)
  })

  test('stop aborts the long poll at once', async () => {
    const queue = await newQueue()
    const { listener } = listen(queue, { waitTimeSeconds: 20, handler: async () => {} })
    await sleep(200)
    const started = Date.now()
    await listener.stop()
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  test('stop lets a running handler finish and delete its message, and takes no new message', async () => {
    const queue = await newQueue()
    const release = gate()
    const bodies: string[] = []
    const { listener } = listen(queue, {
      concurrency: 1,
      handler: async (message) => {
        bodies.push(message.Body ?? '')
        await release.opened
      },
    })
    await sqs.send(queue.url, 'running')
    await eventually(() => bodies.length === 1)
    await sqs.send(queue.url, 'waiting')
    let stopped = false
    const stopping = listener.stop({ deadlineMs: 10_000 }).then(() => {
      stopped = true
    })
    await sleep(300)
    expect(stopped).toBe(false)
    release.open()
    await stopping
    expect(bodies).toEqual(['running'])
    // The finished one is deleted; the other was never taken.
    expect(sqs.counts(queue.name)).toEqual({ visible: 1, inFlight: 0 })
  })

  test('at the stop deadline, messages still running are released for another consumer', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 30 })
    const release = gate()
    let started = false
    // Concurrency 1: no long poll is pending while the handler runs (an aborted poll could,
    // on fauxqs as on SQS, still take the released message).
    const { listener, logger } = listen(queue, {
      concurrency: 1,
      handler: async () => {
        started = true
        await release.opened
      },
    })
    await sqs.send(queue.url, 'slow')
    await eventually(() => started)
    await listener.stop({ deadlineMs: 100 })
    // Another consumer gets it at once rather than after the 30 s visibility timeout.
    expect(await sqs.receive(queue.url)).toHaveLength(1)
    expect(
      logger.lines.some(
        (line) => line.message === 'Stop deadline passed; releasing messages still in progress',
      ),
    ).toBe(true)
    release.open()
  })

  test('extends visibility while a slow handler runs, so no other consumer gets the message', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 1, maxReceiveCount: 5 })
    const release = gate()
    let calls = 0
    listen(queue, {
      visibility: { everyMs: 300, extendToSeconds: 1 },
      handler: async () => {
        calls++
        await release.opened
      },
    })
    await sqs.send(queue.url, 'slow')
    await eventually(() => calls === 1)
    // Another consumer keeps trying for 2.5 s, well past the queue's 1 s visibility timeout.
    const until = Date.now() + 2_500
    while (Date.now() < until) {
      expect(await sqs.receive(queue.url)).toEqual([])
      await sleep(100)
    }
    release.open()
    await eventually(() => sqs.counts(queue.name).inFlight === 0)
    expect(calls).toBe(1)
    expect(sqs.counts(queue.name).visible).toBe(0)
  })

  test('handles at most `concurrency` messages at once and asks only for what it has room for', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 10 })
    let running = 0
    let most = 0
    let done = 0
    listen(queue, {
      concurrency: 3,
      handler: async () => {
        running++
        most = Math.max(most, running)
        await sleep(150)
        running--
        done++
      },
    })
    for (let i = 0; i < 8; i++) await sqs.send(queue.url, `message ${i}`)
    // Room for 3 means 3 taken: the rest stay visible on the queue for other instances.
    await sleep(60)
    expect(sqs.counts(queue.name).inFlight).toBeLessThanOrEqual(3)
    await eventually(() => done === 8 && sqs.counts(queue.name).inFlight === 0, { what: 'all 8 handled' })
    expect(most).toBe(3)
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
  })
})
