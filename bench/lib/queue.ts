import { randomUUID } from 'node:crypto'
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { type FauxqsServer, startFauxqs } from 'fauxqs'
import { onCleanup } from './cleanup.ts'

/** A local SQS (fauxqs, loopback only) with one fresh queue per run, and status-updated messages. */
export interface LocalQueue {
  endpoint: string
  client: SQSClient
  /** Env for a service instance consuming `queueName`. */
  serviceEnv(queueName: string): Record<string, string>
  create(name: string): string
  /** Messages not yet deleted (ready, delayed or in flight). */
  remaining(name: string): number
  stop(): Promise<void>
}

const REGION = 'eu-west-2'
export const STATUS_UPDATED = 'accredited-programmes-community.referral.status-updated'

export async function startQueue(): Promise<LocalQueue> {
  const server: FauxqsServer = await startFauxqs({
    port: 0,
    logger: false,
    host: '127.0.0.1',
    defaultRegion: REGION,
  })
  const endpoint = `http://127.0.0.1:${server.port}`
  const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' }
  const client = new SQSClient({ region: REGION, endpoint, credentials })
  const stop = async () => {
    client.destroy()
    await server.stop()
  }
  onCleanup(stop)
  return {
    endpoint,
    client,
    serviceEnv: (queueName) => ({
      MESSAGING_CONSUMER_QUEUE: queueName,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_SQS: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    }),
    create: (name) =>
      server.createQueue(name, { region: REGION, attributes: { VisibilityTimeout: '30' } }).queueUrl,
    remaining: (name) => {
      const queue = server.inspectQueue(name)
      if (!queue) return 0
      return queue.messages.ready.length + queue.messages.delayed.length + queue.messages.inflight.length
    },
    stop,
  }
}

/** The SNS notification body of a status-updated domain event (events.md §A.3). */
export function statusUpdatedBody(messageId: string, crn: string, detailUrl: string): string {
  const message = {
    eventType: STATUS_UPDATED,
    version: 1,
    description: 'Status changed',
    detailUrl,
    occurredAt: '2026-05-01T10:00:00.000+01:00',
    additionalInformation: {},
    personReference: { identifiers: [{ type: 'CRN', value: crn }] },
  }
  return JSON.stringify({
    Type: 'Notification',
    MessageId: messageId,
    Message: JSON.stringify(message),
    Timestamp: '2026-05-01T09:00:00.000Z',
    MessageAttributes: { eventType: { Type: 'String', Value: STATUS_UPDATED } },
  })
}

/** Sends bodies in batches of 10, 20 batches at a time. */
export async function sendAll(client: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  const batches: string[][] = []
  for (let i = 0; i < bodies.length; i += 10) batches.push(bodies.slice(i, i + 10))
  for (let i = 0; i < batches.length; i += 20) {
    await Promise.all(
      batches.slice(i, i + 20).map((batch) =>
        client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((body) => ({
              Id: randomUUID(),
              MessageBody: body,
              MessageAttributes: { eventType: { DataType: 'String', StringValue: STATUS_UPDATED } },
            })),
          }),
        ),
      ),
    )
  }
}

/**
 * The queue's own ceiling: receive and delete `total` messages with at most `inFlight` outstanding,
 * doing no work in between. Returns messages/s.
 */
export async function drainWithoutWork(
  client: SQSClient,
  queueUrl: string,
  total: number,
  inFlight: number,
): Promise<number> {
  let outstanding = 0
  let deleted = 0
  let wake: () => void = () => {}
  const started = performance.now()
  while (deleted < total) {
    const room = Math.min(10, inFlight - outstanding, total - deleted - outstanding)
    if (room <= 0) {
      await new Promise<void>((resolve) => {
        wake = resolve
      })
      continue
    }
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: room, WaitTimeSeconds: 1 }),
    )
    for (const message of Messages) {
      outstanding++
      void client
        .send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }))
        .then(() => {
          outstanding--
          deleted++
          wake()
        })
    }
  }
  return (total / (performance.now() - started)) * 1000
}
