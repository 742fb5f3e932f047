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
  const client = options.client ?? sqs.newClient()
  const listener = createSqsListener({
    client,
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

/** A listener's client that records the SQS actions it sends (and the delete batches' sizes). */
function recordingClient() {
  const client = sqs.newClient()
  const actions: string[] = []
  const deleteBatches: number[] = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      actions.push(context.commandName ?? '?')
      const input = args.input as { Entries?: unknown[] }
      if (context.commandName === 'DeleteMessageBatchCommand') deleteBatches.push(input.Entries?.length ?? 0)
      return next(args)
    },
    { step: 'initialize', name: 'recordActions' },
  )
  return { client, actions, deleteBatches }
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

  test('deletes handled messages in batches of up to 10; a failed message of the batch is not deleted', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 10, maxReceiveCount: 2 })
    const bodies = Array.from({ length: 15 }, (_, i) => `message ${i}`)
    for (const body of bodies) await sqs.send(queue.url, body)
    const { client, actions, deleteBatches } = recordingClient()
    const handled: string[] = []
    const release = gate()
    listen(queue, {
      client,
      concurrency: 20,
      visibility: { everyMs: 300, extendToSeconds: 10 },
      // The failed one comes back at once.
      failureVisibilitySeconds: 0,
      // A wide window (within a quarter of the 10 s visibility): batches are decided by size here.
      deleteBatchWindowMs: 1_500,
      handler: async (message) => {
        await release.opened
        if (message.Body === 'message 7') throw new Error('handler failed')
        handled.push(message.Body ?? '')
      },
    })
    await eventually(() => sqs.counts(queue.name).inFlight === 15, { what: 'all 15 received' })
    release.open()
    await eventually(() => sqs.counts(queue.dlqName).visible === 1 && sqs.counts(queue.name).inFlight === 0, {
      what: 'the 14 good ones deleted and the failed one dead-lettered',
      timeoutMs: 10_000,
    })
    expect(new Set(handled)).toEqual(new Set(bodies.filter((body) => body !== 'message 7')))
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
    // 14 deletes: one full batch at once, the other 4 when the window closes; no single deletes.
    expect(deleteBatches).toEqual([10, 4])
    expect(actions).not.toContain('DeleteMessageCommand')
    const [dead] = await sqs.receive(queue.dlqUrl)
    expect(dead?.Body).toBe('message 7')
  })

  test('stop deletes the handled messages still waiting for their batch before it resolves', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 30 })
    const { client, deleteBatches } = recordingClient()
    let handled = 0
    const { listener } = listen(queue, {
      client,
      // Held 30 s, so the window may be as long as 7.5 s.
      visibility: { everyMs: 15_000, extendToSeconds: 30 },
      deleteBatchWindowMs: 60_000,
      handler: async () => {
        handled++
      },
    })
    await sqs.send(queue.url, 'one')
    await sqs.send(queue.url, 'two')
    await eventually(() => handled === 2)
    // Handled, but their batch would wait another minute.
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 2 })
    await listener.stop({ deadlineMs: 1_000 })
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
    expect(deleteBatches.reduce((sum, size) => sum + size, 0)).toBe(2)
  })

  test('with room for several, it waits until half its slots are free, so one receive brings several', async () => {
    const queue = await newQueue({ visibilityTimeoutSeconds: 10 })
    for (let i = 0; i < 10; i++) await sqs.send(queue.url, `message ${i}`)
    const { client, actions } = recordingClient()
    let running = 0
    const seen: number[] = []
    listen(queue, {
      client,
      concurrency: 4,
      handler: async () => {
        running++
        seen.push(running)
        await sleep(50)
        running--
      },
    })
    await eventually(() => sqs.counts(queue.name).visible === 0 && sqs.counts(queue.name).inFlight === 0, {
      what: 'all 10 handled',
    })
    // Never more than 4 at once; receives only when at least 2 slots are free (never for 1).
    expect(Math.max(...seen)).toBeLessThanOrEqual(4)
    const receives = actions.filter((action) => action === 'ReceiveMessageCommand').length
    expect(receives).toBeLessThanOrEqual(6)
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
    // All 8 wait on the queue first: sent while the listener polls, they would trickle in one
    // receive at a time, and a listener that receives when half its room is free may never hold 3.
    for (let i = 0; i < 8; i++) await sqs.send(queue.url, `message ${i}`)
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
    // Room for 3 means 3 taken: the rest stay visible on the queue for other instances.
    await sleep(60)
    expect(sqs.counts(queue.name).inFlight).toBeLessThanOrEqual(3)
    await eventually(() => done === 8 && sqs.counts(queue.name).inFlight === 0, { what: 'all 8 handled' })
    expect(most).toBe(3)
    expect(sqs.counts(queue.name)).toEqual({ visible: 0, inFlight: 0 })
  })
})
