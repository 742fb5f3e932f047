/**
 * The dev stack's local SQS-compatible queue (fauxqs, in memory) on loopback: the listener's queue
 * with a dead-letter queue after 3 receives, as in the cloud platform. Never part of a production start.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs'
import { buildApp } from 'fauxqs'

export const DEV_QUEUE = 'accredited-programmes-and-delius-queue'
export const DEV_DLQ = 'accredited-programmes-and-delius-dlq'
export const DEV_REGION = 'eu-west-2'
/** fauxqs accepts any credentials; the SDK only needs some. */
export const DEV_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

export interface LocalQueue {
  /** `http://127.0.0.1:PORT`: the AWS_ENDPOINT_URL_SQS. */
  endpoint: string
  port: number
  queueUrl: string
  dlqUrl: string
  stop(): Promise<void>
}

export function devSqsClient(endpoint: string): SQSClient {
  return new SQSClient({ region: DEV_REGION, endpoint, credentials: DEV_CREDENTIALS })
}

export async function startLocalQueue(
  options: { port?: number; host?: string; maxReceiveCount?: number } = {},
): Promise<LocalQueue> {
  const host = options.host ?? '127.0.0.1'
  // buildApp + listen on loopback: startFauxqs would bind every interface.
  const app = buildApp({ logger: false, defaultRegion: DEV_REGION })
  await app.listen({ host, port: options.port ?? 0 })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('The local queue did not start on TCP')
  const endpoint = `http://${host}:${address.port}`
  const client = devSqsClient(endpoint)
  try {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: DEV_DLQ }))
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
    )
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: DEV_QUEUE,
        Attributes: {
          VisibilityTimeout: '30',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount: options.maxReceiveCount ?? 3,
          }),
        },
      }),
    )
    return {
      endpoint,
      port: address.port,
      queueUrl: queue.QueueUrl!,
      dlqUrl: dlq.QueueUrl!,
      stop: () => app.close(),
    }
  } catch (error) {
    await app.close()
    throw error
  } finally {
    client.destroy()
  }
}
