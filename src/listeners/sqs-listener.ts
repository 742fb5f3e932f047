import {
  type BatchResultErrorEntry,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import type { LogFields, Logger } from '../logger.ts'
import { sleep } from './sleep.ts'

/**
 * An SQS consumer (events.md §B.1): long polling, at most `concurrency` messages handled at once
 * (it only asks for as many as it has room for), a message deleted only after its handler resolved,
 * visibility extended while a handler runs, failed messages left for redelivery (and so, after
 * the queue's maxReceiveCount, for the dead-letter queue), back-off while SQS is unreachable, and a
 * clean stop.
 *
 * Throughput (every SQS call costs the service ~1 ms of CPU for signing, serialising and the HTTP
 * round trip): handled messages are deleted in DeleteMessageBatch calls of up to 10, gathered for
 * at most `deleteBatchWindowMs` after the first is ready; a handler's slot is free again once its
 * work committed, while its delete is still pending. With more than a few slots the loop receives
 * only once half of them (up to 10) are free, so a receive brings several messages rather than one.
 */
/** `signal` aborts when the listener stops: a handler waiting to retry should give up then. */
export type MessageHandler = (message: Message, signal: AbortSignal) => Promise<void>

export interface SqsListenerOptions {
  client: SQSClient
  /** Queue name (looked up with GetQueueUrl) or URL. */
  queue: string
  handler: MessageHandler
  logger: Logger
  /** Messages handled at once. */
  concurrency: number
  /** Long-poll wait, 0–20 s. Default 20. */
  waitTimeSeconds?: number
  /**
   * A message is received for `extendToSeconds` and, while its handler runs, extended to that again
   * every `everyMs`. Default 30 s every 15 s.
   */
  visibility?: { everyMs: number; extendToSeconds: number }
  /**
   * After a failure the message is left alone by default, so it comes back when its visibility
   * (at most `extendToSeconds`) runs out; a number sets it instead (the back-off before the redelivery).
   */
  failureVisibilitySeconds?: number
  /** Back-off while SQS cannot be reached: doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number }
  /** How long `stop()` waits for running handlers before releasing their messages. Default 20 s. */
  stopDeadlineMs?: number
  /**
   * Handled messages wait at most this long to be deleted together (DeleteMessageBatch, up to 10
   * per call; 10 ready are sent at once). Default 10 ms; never more than a quarter of the
   * visibility (`extendToSeconds`), since a handled message's visibility is no longer extended.
   */
  deleteBatchWindowMs?: number
  /**
   * Runs around each message's handling (telemetry's consumer span); must rethrow the handler's
   * failure. Default: the handler alone.
   */
  messageScope?: (message: Message, handle: () => Promise<void>) => Promise<void>
}

export interface SqsListener {
  start(): void
  /**
   * Stops polling at once (the in-flight long poll is aborted) and waits for running handlers to
   * finish and their messages to be deleted; at the deadline, the messages still running are made
   * visible again for another consumer. Resolves when the loop has ended.
   */
  stop(options?: { deadlineMs?: number }): Promise<void>
  /** Messages being handled now. */
  readonly inFlight: number
}

/** Context a handler attaches to its failure so the log line names the event and the person. */
export class MessageProcessingError extends Error {
  override readonly name = 'MessageProcessingError'
  constructor(
    readonly context: LogFields,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error), { cause: error })
  }
}

interface Running {
  message: Message
  released: boolean
  done: Promise<void>
}

const MAX_MESSAGES_PER_RECEIVE = 10
/** DeleteMessageBatch takes at most 10 entries. */
const MAX_DELETES_PER_BATCH = 10

const DEFAULTS = {
  waitTimeSeconds: 20,
  visibility: { everyMs: 15_000, extendToSeconds: 30 },
  backoff: { initialMs: 1_000, maxMs: 60_000 },
  stopDeadlineMs: 20_000,
  deleteBatchWindowMs: 10,
  messageScope: (_message: Message, handle: () => Promise<void>) => handle(),
} as const

/** The options with their defaults, and what derives from them, computed once. */
type Settings = Required<Omit<SqsListenerOptions, 'failureVisibilitySeconds'>> &
  Pick<SqsListenerOptions, 'failureVisibilitySeconds'> & {
    /** Receive once this many slots are free. */
    receiveWhenFree: number
  }

/** What the parts of one listener share. */
interface ListenerState {
  readonly settings: Settings
  readonly running: Set<Running>
  readonly stopController: AbortController
  queueUrl?: string
  /** Wakes the loop when a handler finishes (room for more) or on stop. */
  wake?: () => void
}

function settingsOf(options: SqsListenerOptions): Settings {
  const merged = { ...DEFAULTS, ...(withoutUndefined(options) as SqsListenerOptions) }
  const concurrency = Math.max(1, options.concurrency)
  return {
    ...merged,
    concurrency,
    // A handled message is no longer extended: its delete must go out well within its visibility.
    deleteBatchWindowMs: Math.min(merged.deleteBatchWindowMs, (merged.visibility.extendToSeconds * 1000) / 4),
    // About half of the slots: a busy listener asks for several messages per receive instead of one
    // each time a handler finishes.
    receiveWhenFree: Math.min(MAX_MESSAGES_PER_RECEIVE, Math.ceil(concurrency / 2)),
  }
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>
}

const fieldsOf = (message: Message): LogFields => ({
  messageId: message.MessageId,
  receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0) || undefined,
})

const changeVisibility = (state: ListenerState, message: Message, seconds: number) =>
  state.settings.client.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: state.queueUrl,
      ReceiptHandle: message.ReceiptHandle,
      VisibilityTimeout: seconds,
    }),
  )

// ---- deletes: handled messages go out in DeleteMessageBatch calls of up to 10 -------------------

interface Deleter {
  /** Queues a handled message for the next DeleteMessageBatch. */
  add(message: Message): void
  /** Sends everything queued now. */
  flush(): void
  /** Resolves when every batch sent so far has settled. */
  settled(): Promise<void>
}

function createDeleter(state: ListenerState): Deleter {
  const { client, logger, deleteBatchWindowMs } = state.settings
  /** Committed messages waiting for the next DeleteMessageBatch. */
  const toDelete: Message[] = []
  /** Batches being sent, so stop() can wait for them. */
  const deleting = new Set<Promise<void>>()
  let deleteTimer: ReturnType<typeof setTimeout> | undefined

  const sendBatch = async (batch: Message[]) => {
    // The handlers' transactions have committed: try hard, since a lost delete means a redelivery.
    let entries = batch.map((message, index) => ({ message, id: String(index) }))
    for (let attempt = 1; entries.length > 0; attempt++) {
      let failed: BatchResultErrorEntry[] = []
      try {
        const result = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: state.queueUrl,
            Entries: entries.map(({ message, id }) => ({ Id: id, ReceiptHandle: message.ReceiptHandle })),
          }),
        )
        failed = result.Failed ?? []
      } catch (error) {
        if (attempt >= 3) {
          for (const { message } of entries) {
            logger.error('Could not delete a processed message', { ...fieldsOf(message), error })
          }
          return
        }
        await sleep(100 * attempt * attempt)
        continue
      }
      const failedById = new Map(failed.map((entry) => [entry.Id, entry]))
      const retry: typeof entries = []
      for (const entry of entries) {
        const failure = failedById.get(entry.id)
        if (!failure) continue
        // A sender fault (e.g. an expired receipt handle) will not succeed on another try.
        if (failure.SenderFault || attempt >= 3) {
          logger.error('Could not delete a processed message', {
            ...fieldsOf(entry.message),
            error: { name: failure.Code, message: failure.Message },
          })
        } else {
          retry.push(entry)
        }
      }
      entries = retry
      if (entries.length > 0) await sleep(100 * attempt * attempt)
    }
  }

  const flush = () => {
    clearTimeout(deleteTimer)
    deleteTimer = undefined
    while (toDelete.length > 0) {
      const batch = toDelete.splice(0, MAX_DELETES_PER_BATCH)
      const sent: Promise<void> = sendBatch(batch)
        .catch((error: unknown) => {
          logger.error('Could not delete processed messages', { count: batch.length, error })
        })
        .finally(() => {
          deleting.delete(sent)
        })
      deleting.add(sent)
    }
  }

  return {
    add(message) {
      toDelete.push(message)
      if (toDelete.length >= MAX_DELETES_PER_BATCH || state.stopController.signal.aborted) flush()
      else deleteTimer ??= setTimeout(flush, deleteBatchWindowMs)
    },
    flush,
    async settled() {
      await Promise.allSettled([...deleting])
    },
  }
}

// ---- visibility: a running message is held, extended every `everyMs` ----------------------------

/** Starts extending the message's visibility; returns the function that stops it. */
function extendVisibility(state: ListenerState, entry: Running): () => void {
  const { visibility, logger } = state.settings
  const heartbeat = setInterval(() => {
    if (entry.released) return
    changeVisibility(state, entry.message, visibility.extendToSeconds).catch((error: unknown) => {
      logger.warn('Could not extend message visibility', { ...fieldsOf(entry.message), error })
    })
  }, visibility.everyMs)
  return () => clearInterval(heartbeat)
}

// ---- one message -------------------------------------------------------------------------------

/** Runs the handler; resolves when its slot is free (the delete of a handled message may still be pending). */
async function handleMessage(state: ListenerState, deleter: Deleter, entry: Running): Promise<void> {
  const { handler, logger, messageScope, failureVisibilitySeconds } = state.settings
  const { message } = entry
  let succeeded = false
  try {
    await messageScope(message, async () => {
      const stopExtending = extendVisibility(state, entry)
      try {
        await handler(message, state.stopController.signal)
      } finally {
        stopExtending()
      }
    })
    succeeded = true
  } catch (failure) {
    const context = failure instanceof MessageProcessingError ? failure.context : {}
    const error = failure instanceof MessageProcessingError ? failure.error : failure
    logger.error('Message processing failed', { ...fieldsOf(message), ...context, error })
  }
  if (succeeded) {
    // Only a message whose work committed is deleted; stop() waits for the pending deletes.
    deleter.add(message)
    return
  }
  if (failureVisibilitySeconds !== undefined && !entry.released) {
    try {
      await changeVisibility(state, message, failureVisibilitySeconds)
    } catch (error) {
      logger.error('Could not delay a failed message', { ...fieldsOf(message), error })
    }
  }
}

function dispatch(state: ListenerState, deleter: Deleter, message: Message) {
  state.settings.logger.debug('Message received', fieldsOf(message))
  const entry: Running = { message, released: false, done: Promise.resolve() }
  entry.done = handleMessage(state, deleter, entry).finally(() => {
    state.running.delete(entry)
    state.wake?.()
  })
  state.running.add(entry)
}

// ---- the receive loop ----------------------------------------------------------------------------

async function resolveQueueUrl(state: ListenerState): Promise<string> {
  const { queue, client } = state.settings
  if (/^https?:\/\//.test(queue)) return queue
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: queue }), {
    abortSignal: state.stopController.signal,
  })
  if (!QueueUrl) throw new Error(`No URL for queue ${queue}`)
  return QueueUrl
}

/** Waits until enough slots are free to receive (or the stop); resolves with the free slots. */
async function roomFor(state: ListenerState): Promise<number> {
  const { concurrency, receiveWhenFree } = state.settings
  while (concurrency - state.running.size < receiveWhenFree && !state.stopController.signal.aborted) {
    await new Promise<void>((resolve) => {
      state.wake = resolve
    })
  }
  return concurrency - state.running.size
}

async function receiveLoop(state: ListenerState, deleter: Deleter): Promise<void> {
  const { client, logger, queue, backoff, waitTimeSeconds, visibility } = state.settings
  const { signal } = state.stopController
  let failures = 0
  while (!signal.aborted) {
    try {
      state.queueUrl ??= await resolveQueueUrl(state)
      const room = await roomFor(state)
      if (signal.aborted) break
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: state.queueUrl,
          MaxNumberOfMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, room),
          WaitTimeSeconds: waitTimeSeconds,
          // Held for the heartbeat's period from the start, whatever the queue's own timeout.
          VisibilityTimeout: visibility.extendToSeconds,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
      )
      if (failures > 0) logger.info('SQS reachable again', { queue, failures })
      failures = 0
      if (signal.aborted) {
        // Received just as the stop came: hand them straight back rather than start work.
        await Promise.allSettled(Messages.map((message) => changeVisibility(state, message, 0)))
        break
      }
      for (const message of Messages) dispatch(state, deleter, message)
    } catch (error) {
      if (signal.aborted) break
      failures++
      const delayMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures - 1, 30))
      logger.warn('SQS receive failed; backing off', { queue, failures, delayMs, error })
      await sleep(delayMs, signal)
    }
  }
}

// ---- stop ------------------------------------------------------------------------------------------

/** Waits for running messages until the deadline, then hands the rest back to the queue. */
async function finishRunning(state: ListenerState, deadlineMs: number): Promise<void> {
  const { logger } = state.settings
  const pending = [...state.running]
  if (pending.length === 0) return
  logger.info('Waiting for messages in progress', { count: pending.length, deadlineMs })
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), deadlineMs)
  })
  const outcome = await Promise.race([Promise.all(pending.map((entry) => entry.done)), deadline])
  clearTimeout(timer)
  if (outcome === 'deadline') {
    const left = [...state.running]
    for (const entry of left) entry.released = true
    logger.warn('Stop deadline passed; releasing messages still in progress', { count: left.length })
    await Promise.allSettled(left.map((entry) => changeVisibility(state, entry.message, 0)))
  }
}

export function createSqsListener(options: SqsListenerOptions): SqsListener {
  const settings = settingsOf(options)
  const { logger, queue } = settings
  const state: ListenerState = { settings, running: new Set(), stopController: new AbortController() }
  const deleter = createDeleter(state)
  let loop: Promise<void> | undefined

  return {
    start() {
      if (loop || state.stopController.signal.aborted) return
      logger.info('Listening', {
        queue,
        concurrency: settings.concurrency,
        waitTimeSeconds: settings.waitTimeSeconds,
      })
      loop = receiveLoop(state, deleter).catch((error: unknown) => {
        logger.error('Listener loop ended unexpectedly', { queue, error })
      })
    },
    async stop(stopOptions = {}) {
      state.stopController.abort()
      state.wake?.()
      await loop
      await finishRunning(state, stopOptions.deadlineMs ?? settings.stopDeadlineMs)
      // Handled messages are deleted before the listener reports stopped.
      deleter.flush()
      await deleter.settled()
      logger.info('Listener stopped', { queue })
    },
    get inFlight() {
      return state.running.size
    },
  }
}
