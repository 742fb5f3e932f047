import { SQSClient } from '@aws-sdk/client-sqs'
import { createTokenProvider, type TokenProvider } from '../auth/client-credentials.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { noTelemetry, type Telemetry } from '../telemetry/types.ts'
import type { Clock } from '../time.ts'
import { createDetailClient, type DetailClientOptions } from './detail-client.ts'
import {
  createDomainEventHandler,
  type DomainEventHandlerOptions,
  type EventServices,
} from './domain-event-handler.ts'
import { createSqsListener, type SqsListener, type SqsListenerOptions } from './sqs-listener.ts'

/**
 * Allowed detail URL bases when MESSAGING_CONSUMER_DETAIL_URLS is not set: the Manage and Deliver
 * API in each environment (decision 13) and the Accredited Programmes API (events.md §A.1). The
 * variable, when set, replaces this list.
 */
export const DEFAULT_DETAIL_URLS = [
  'https://accredited-programmes-manage-and-deliver-api-dev.hmpps.service.justice.gov.uk',
  'https://accredited-programmes-manage-and-deliver-api-preprod.hmpps.service.justice.gov.uk',
  'https://accredited-programmes-manage-and-deliver-api.hmpps.service.justice.gov.uk',
  'https://accredited-programmes-api.hmpps.service.justice.gov.uk',
] as const

export interface EventListenerDeps {
  services: EventServices
  logger: Logger
  clock: Clock
  /** Default: a client from the standard AWS configuration (region, endpoint, credentials). */
  sqs?: SQSClient
  /** Default: client credentials against HMPPS Auth. */
  tokens?: TokenProvider
  /** Tuning (tests shorten the waits). */
  listener?: Partial<
    Pick<
      SqsListenerOptions,
      'waitTimeSeconds' | 'visibility' | 'failureVisibilitySeconds' | 'backoff' | 'stopDeadlineMs'
    >
  >
  details?: Partial<
    Pick<DetailClientOptions, 'connectTimeoutMs' | 'readTimeoutMs' | 'attempts' | 'backoffMs'>
  >
  handler?: Partial<Pick<DomainEventHandlerOptions, 'holdWhileDatabaseDownMs' | 'maxRetryDelayMs'>>
  /** Consumer spans, SQS, token and detail dependencies (src/telemetry); off by default. */
  telemetry?: Telemetry
}

export type EventListenerConfig = Pick<Config, 'client' | 'auth' | 'aws'> & {
  /** Whether to consume at all is the caller's choice (MESSAGING_CONSUMER_ENABLED); not needed here. */
  messaging?: Omit<NonNullable<Config['messaging']>, 'enabled'>
}

/** The domain-event listener of the configured queue (not started). */
export function createEventListener(config: EventListenerConfig, deps: EventListenerDeps): SqsListener {
  const { messaging, client } = config
  if (!messaging) throw new Error('MESSAGING_CONSUMER_QUEUE is not set')
  if (!deps.tokens && !client) throw new Error('CLIENT_ID and CLIENT_SECRET are required with a queue')
  const telemetry = deps.telemetry ?? noTelemetry
  const tokens =
    deps.tokens ??
    createTokenProvider({
      tokenUrl: config.auth.tokenUrl,
      clientId: client!.id,
      clientSecret: client!.secret,
      fetch: telemetry.fetch('token'),
    })
  const allowedBases = messaging.detailUrls.length > 0 ? messaging.detailUrls : DEFAULT_DETAIL_URLS
  const details = createDetailClient({
    allowedBases,
    tokens,
    fetch: telemetry.fetch('detail'),
    ...deps.details,
  })
  const handler = createDomainEventHandler({
    services: deps.services,
    details,
    logger: deps.logger,
    clock: deps.clock,
    ...deps.handler,
  })
  const ownClient = !deps.sqs
  const sqs = deps.sqs ?? new SQSClient({ region: config.aws.region, endpoint: config.aws.sqsEndpoint })
  telemetry.instrumentSqs(sqs)
  const listener = createSqsListener({
    client: sqs,
    queue: messaging.queue,
    concurrency: messaging.concurrency,
    handler,
    logger: deps.logger.child({ component: 'listener' }),
    messageScope: telemetry.messageScope(messaging.queue),
    ...deps.listener,
  })
  let stopped: Promise<void> | undefined
  return {
    start: () => listener.start(),
    stop(options) {
      // Idempotent: the shutdown path and Service.close() may both ask.
      stopped ??= listener.stop(options).finally(() => {
        if (ownClient) sqs.destroy()
      })
      return stopped
    },
    get inFlight() {
      return listener.inFlight
    },
  }
}

export type { EventServices } from './domain-event-handler.ts'
export type { SqsListener } from './sqs-listener.ts'
