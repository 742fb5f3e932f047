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

export function createSqsListener(options: SqsListenerOptions): SqsListener {
  const { client, logger, handler } = options
  const concurrency = Math.max(1, options.concurrency)
  const waitTimeSeconds = options.waitTimeSeconds ?? 20
  const visibility = options.visibility ?? { everyMs: 15_000, extendToSeconds: 30 }
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 60_000 }
  // A handled message is no longer extended: its delete must go out well within its visibility.
  const deleteBatchWindowMs = Math.min(
    options.deleteBatchWindowMs ?? 10,
    (visibility.extendToSeconds * 1000) / 4,
  )
  // Receive once this many slots are free: about half of them, so that a busy listener asks for
  // several messages per receive instead of one each time a handler finishes.
  const receiveWhenFree = Math.min(MAX_MESSAGES_PER_RECEIVE, Math.ceil(concurrency / 2))

  const running = new Set<Running>()
  const stopController = new AbortController()
  let loop: Promise<void> | undefined
  let queueUrl: string | undefined
  /** Wakes the loop when a handler finishes (room for more) or on stop. */
  let wake: (() => void) | undefined

  const resolveQueueUrl = async (): Promise<string> => {
    if (/^https?:\/\//.test(options.queue)) return options.queue
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: options.queue }), {
      abortSignal: stopController.signal,
    })
    if (!QueueUrl) throw new Error(`No URL for queue ${options.queue}`)
    return QueueUrl
  }

  const changeVisibility = (message: Message, seconds: number) =>
    client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: seconds,
      }),
    )

  /** Committed messages waiting for the next DeleteMessageBatch. */
  const toDelete: Message[] = []
  /** Batches being sent, so stop() can wait for them. */
  const deleting = new Set<Promise<void>>()
  let deleteTimer: ReturnType<typeof setTimeout> | undefined

  const sendDeleteBatch = async (batch: Message[]) => {
    // The handlers' transactions have committed: try hard, since a lost delete means a redelivery.
    let entries = batch.map((message, index) => ({ message, id: String(index) }))
    for (let attempt = 1; entries.length > 0; attempt++) {
      let failed: BatchResultErrorEntry[] = []
      try {
        const result = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
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

  const flushDeletes = () => {
    clearTimeout(deleteTimer)
    deleteTimer = undefined
    while (toDelete.length > 0) {
      const batch = toDelete.splice(0, MAX_DELETES_PER_BATCH)
      const sent: Promise<void> = sendDeleteBatch(batch)
        .catch((error: unknown) => {
          logger.error('Could not delete processed messages', { count: batch.length, error })
        })
        .finally(() => {
          deleting.delete(sent)
        })
      deleting.add(sent)
    }
  }

  /** Queues a handled message for the next DeleteMessageBatch. */
  const deleteMessage = (message: Message) => {
    toDelete.push(message)
    if (toDelete.length >= MAX_DELETES_PER_BATCH || stopController.signal.aborted) flushDeletes()
    else deleteTimer ??= setTimeout(flushDeletes, deleteBatchWindowMs)
  }

  const fieldsOf = (message: Message): LogFields => ({
    messageId: message.MessageId,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0) || undefined,
  })

  /** Runs the handler; resolves when its slot is free (the delete of a handled message may still be pending). */
  const handle = async (entry: Running) => {
    const { message } = entry
    const heartbeat = setInterval(() => {
      if (entry.released) return
      changeVisibility(message, visibility.extendToSeconds).catch((error: unknown) => {
        logger.warn('Could not extend message visibility', { ...fieldsOf(message), error })
      })
    }, visibility.everyMs)
    let succeeded = false
    try {
      await handler(message, stopController.signal)
      succeeded = true
    } catch (failure) {
      const context = failure instanceof MessageProcessingError ? failure.context : {}
      const error = failure instanceof MessageProcessingError ? failure.error : failure
      logger.error('Message processing failed', { ...fieldsOf(message), ...context, error })
    } finally {
      clearInterval(heartbeat)
    }
    if (succeeded) {
      // Only a message whose work committed is deleted; stop() waits for the pending deletes.
      deleteMessage(message)
      return
    }
    if (options.failureVisibilitySeconds !== undefined && !entry.released) {
      try {
        await changeVisibility(message, options.failureVisibilitySeconds)
      } catch (error) {
        logger.error('Could not delay a failed message', { ...fieldsOf(message), error })
      }
    }
  }

  const dispatch = (message: Message) => {
    logger.debug('Message received', fieldsOf(message))
    const entry: Running = { message, released: false, done: Promise.resolve() }
    entry.done = handle(entry).finally(() => {
      running.delete(entry)
      wake?.()
    })
    running.add(entry)
  }

  const roomFor = async (): Promise<number> => {
    while (concurrency - running.size < receiveWhenFree && !stopController.signal.aborted) {
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
    return concurrency - running.size
  }

  const run = async () => {
    let failures = 0
    while (!stopController.signal.aborted) {
      try {
        queueUrl ??= await resolveQueueUrl()
        const room = await roomFor()
        if (stopController.signal.aborted) break
        const { Messages = [] } = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, room),
            WaitTimeSeconds: waitTimeSeconds,
            // Held for the heartbeat's period from the start, whatever the queue's own timeout.
            VisibilityTimeout: visibility.extendToSeconds,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopController.signal },
        )
        if (failures > 0) logger.info('SQS reachable again', { queue: options.queue, failures })
        failures = 0
        if (stopController.signal.aborted) {
          // Received just as the stop came: hand them straight back rather than start work.
          await Promise.allSettled(Messages.map((message) => changeVisibility(message, 0)))
          break
        }
        for (const message of Messages) dispatch(message)
      } catch (error) {
        if (stopController.signal.aborted) break
        failures++
        const delayMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures - 1, 30))
        logger.warn('SQS receive failed; backing off', {
          queue: options.queue,
          failures,
          delayMs,
          error,
        })
        await sleep(delayMs, stopController.signal)
      }
    }
  }

  return {
    start() {
      if (loop || stopController.signal.aborted) return
      logger.info('Listening', { queue: options.queue, concurrency, waitTimeSeconds })
      loop = run().catch((error: unknown) => {
        logger.error('Listener loop ended unexpectedly', { queue: options.queue, error })
      })
    },
    async stop(stopOptions = {}) {
      const deadlineMs = stopOptions.deadlineMs ?? options.stopDeadlineMs ?? 20_000
      stopController.abort()
      wake?.()
      await loop
      const pending = [...running]
      if (pending.length > 0) {
        logger.info('Waiting for messages in progress', { count: pending.length, deadlineMs })
        let timer: ReturnType<typeof setTimeout> | undefined
        const deadline = new Promise<'deadline'>((resolve) => {
          timer = setTimeout(() => resolve('deadline'), deadlineMs)
        })
        const outcome = await Promise.race([Promise.all(pending.map((entry) => entry.done)), deadline])
        clearTimeout(timer)
        if (outcome === 'deadline') {
          const left = [...running]
          for (const entry of left) entry.released = true
          logger.warn('Stop deadline passed; releasing messages still in progress', { count: left.length })
          await Promise.allSettled(left.map((entry) => changeVisibility(entry.message, 0)))
        }
      }
      // Handled messages are deleted before the listener reports stopped.
      flushDeletes()
      await Promise.allSettled([...deleting])
      logger.info('Listener stopped', { queue: options.queue })
    },
    get inFlight() {
      return running.size
    },
  }
}
