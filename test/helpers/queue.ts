import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { buildApp } from 'fauxqs'

/**
 * A real SQS-compatible server (fauxqs) on loopback for the listener tests. It can go down and
 * come back on the same port with its queues and messages intact (an SQS outage), and its long-poll
 * waiters can be cut short so that a stopped listener's abandoned poll cannot take a message.
 */
interface SqsStoreLike {
  inspectQueue(name: string):
    | {
        messages: {
          ready: unknown[]
          delayed: unknown[]
          inflight: unknown[]
        }
      }
    | undefined
  shutdown(): void
}

// fauxqs exports only buildApp/startFauxqs; its stores (kept across a restart) are reached by path.
const dist = new URL('../../node_modules/fauxqs/dist/', import.meta.url)
const { SqsStore } = (await import(new URL('sqs/sqsStore.js', dist).href)) as {
  SqsStore: new () => SqsStoreLike
}
const { SnsStore } = (await import(new URL('sns/snsStore.js', dist).href)) as { SnsStore: new () => unknown }
const { S3Store } = (await import(new URL('s3/s3Store.js', dist).href)) as { S3Store: new () => unknown }

export const TEST_REGION = 'eu-west-2'

export interface TestQueue {
  name: string
  url: string
  dlqName: string
  dlqUrl: string
}

export interface QueueCounts {
  /** Ready to be received. */
  visible: number
  /** Received and not yet deleted or made visible again. */
  inFlight: number
}

export interface TestQueueServer {
  readonly port: number
  /** `http://127.0.0.1:PORT`, the AWS_ENDPOINT_URL_SQS. */
  readonly endpoint: string
  /** A client for the test's own sends and checks. */
  readonly client: SQSClient
  /** A fresh client for a listener (its own connections, so an outage affects it like production). */
  newClient(options?: { maxAttempts?: number }): SQSClient
  /** A queue with a dead-letter queue after `maxReceiveCount` receives. */
  createQueue(
    name: string,
    options?: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number },
  ): Promise<TestQueue>
  send(queueUrl: string, body: string): Promise<string>
  counts(queueName: string): QueueCounts
  /** Receives what is visible now (without deleting it). */
  receive(queueUrl: string, options?: { max?: number; visibilityTimeout?: number }): Promise<Message[]>
  /** Ends every pending long poll now (they answer empty). */
  cancelPolls(): void
  /** Stops serving (connections refused) but keeps queues and messages. */
  goDown(): Promise<void>
  /** Serves again on the same port. */
  comeBack(): Promise<void>
  close(): Promise<void>
}

export async function startTestQueueServer(): Promise<TestQueueServer> {
  const stores = { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new S3Store() }
  const listen = async (port: number) => {
    // biome-ignore lint/suspicious/noExplicitAny: the stores are fauxqs's own classes, typed loosely here.
    const app = buildApp({ logger: false, defaultRegion: TEST_REGION, stores: stores as any })
    await app.listen({ host: '127.0.0.1', port })
    return app
  }
  let app: Awaited<ReturnType<typeof listen>> | undefined = await listen(0)
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('fauxqs did not listen on TCP')
  const port = address.port
  const endpoint = `http://127.0.0.1:${port}`
  const newClient = (options: { maxAttempts?: number } = {}) =>
    new SQSClient({
      region: TEST_REGION,
      endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: options.maxAttempts,
    })
  const client = newClient()

  return {
    port,
    endpoint,
    client,
    newClient,
    async createQueue(name, options = {}) {
      const dlqName = `${name}-dlq`
      const dlq = await client.send(new CreateQueueCommand({ QueueName: dlqName }))
      const dlqArn = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
      const queue = await client.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: {
            VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 1),
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: dlqArn.Attributes?.QueueArn,
              maxReceiveCount: options.maxReceiveCount ?? 2,
            }),
          },
        }),
      )
      return { name, url: queue.QueueUrl!, dlqName, dlqUrl: dlq.QueueUrl! }
    },
    async send(queueUrl, body) {
      const sent = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))
      return sent.MessageId!
    },
    counts(queueName) {
      const queue = stores.sqsStore.inspectQueue(queueName)
      if (!queue) throw new Error(`No queue ${queueName}`)
      return {
        visible: queue.messages.ready.length + queue.messages.delayed.length,
        inFlight: queue.messages.inflight.length,
      }
    },
    async receive(queueUrl, options = {}) {
      const received = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: options.max ?? 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: options.visibilityTimeout,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      )
      return received.Messages ?? []
    },
    cancelPolls() {
      stores.sqsStore.shutdown()
    },
    async goDown() {
      const current = app
      app = undefined
      await current?.close()
    },
    async comeBack() {
      app ??= await listen(port)
    },
    async close() {
      client.destroy()
      await app?.close()
    },
  }
}

/** Polls `check` until it returns true (or a value), failing after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {},
): Promise<Exclude<T, false | undefined | null>> {
  const started = Date.now()
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== false && value !== undefined && value !== null) {
        return value as Exclude<T, false | undefined | null>
      }
    } catch (error) {
      last = error
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
