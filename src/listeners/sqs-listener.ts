import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
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

export function createSqsListener(options: SqsListenerOptions): SqsListener {
  const { client, logger, handler } = options
  const concurrency = Math.max(1, options.concurrency)
  const waitTimeSeconds = options.waitTimeSeconds ?? 20
  const visibility = options.visibility ?? { everyMs: 15_000, extendToSeconds: 30 }
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 60_000 }

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

  const deleteMessage = async (message: Message) => {
    // The handler's transaction has committed: try hard, since a lost delete means a redelivery.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        )
        return
      } catch (error) {
        if (attempt >= 3) throw error
        await sleep(100 * attempt * attempt)
      }
    }
  }

  const fieldsOf = (message: Message): LogFields => ({
    messageId: message.MessageId,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0) || undefined,
  })

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
    try {
      if (succeeded) {
        await deleteMessage(message)
      } else if (options.failureVisibilitySeconds !== undefined && !entry.released) {
        await changeVisibility(message, options.failureVisibilitySeconds)
      }
    } catch (error) {
      logger.error(succeeded ? 'Could not delete a processed message' : 'Could not delay a failed message', {
        ...fieldsOf(message),
        error,
      })
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
    while (running.size >= concurrency && !stopController.signal.aborted) {
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
      logger.info('Listener stopped', { queue: options.queue })
    },
    get inFlight() {
      return running.size
    },
  }
}
