import { rmSync } from 'node:fs'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildService, type Service } from '../../src/bootstrap.ts'
import { loadConfig } from '../../src/config.ts'
import { SEED } from '../../src/db/seed.ts'
import { LOCAL_AUTH_CLIENTS, type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { EXAMPLES, type ExampleName, exampleNotification } from '../../src/dev/messages.ts'
import { memoryLogger } from '../../src/logger.ts'
import { isDeno } from '../../src/runtime.ts'
import { createTelemetry, loadTelemetryConfig } from '../../src/telemetry/index.ts'
import type { Telemetry } from '../../src/telemetry/types.ts'
import { eventually, startTestQueueServer, type TestQueue, type TestQueueServer } from '../helpers/queue.ts'
import { copyPgliteTemplate, ensurePgliteTemplate } from '../helpers/template.ts'
import { startTestUpstream, type TestUpstream } from '../helpers/upstream.ts'
import {
  type IngestionStandIn,
  type SentryStandIn,
  startIngestionStandIn,
  startSentryStandIn,
} from './stand-ins.ts'

/**
 * Issue 16: the service (buildService, as the production entry builds it) with telemetry on, the
 * real Azure Monitor exporter and Sentry SDK sending to loopback stand-ins, the listener on fauxqs.
 * What App Insights and Sentry receive is read back from the stand-ins.
 */
const ROLE = 'accredited-programmes-and-delius'
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c'
const PARENT_SPAN = 'b7ad6b7169203331'
// SELECT dependencies are kept for 10 % of traces, by the trace id's last 8 hex digits (default).
const KEPT_TRACE = '1af7651916cd43dd8448eb2100000001'
const DROPPED_TRACE = '2af7651916cd43dd8448eb21ffffffff'

let ingestion: IngestionStandIn
let sentry: SentryStandIn
let auth: LocalAuth
let upstream: TestUpstream
let sqs: TestQueueServer
let queue: TestQueue
let telemetry: Telemetry
let service: Service
let token: string
const logger = memoryLogger()
let dir: string

beforeAll(async () => {
  ;[ingestion, sentry, auth, upstream, sqs] = await Promise.all([
    startIngestionStandIn(),
    startSentryStandIn(),
    startLocalAuth(),
    startTestUpstream(),
    startTestQueueServer(),
  ])
  queue = await sqs.createQueue(`telemetry-${process.pid}`, {
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 3,
  })
  dir = copyPgliteTemplate(await ensurePgliteTemplate())
  const ownClient = LOCAL_AUTH_CLIENTS[0]!
  const env = {
    DATABASE_URL: `pglite://${dir}`,
    HMPPS_AUTH_URL: auth.url,
    CLIENT_ID: ownClient.id,
    CLIENT_SECRET: ownClient.secret,
    MESSAGING_CONSUMER_QUEUE: queue.url,
    MESSAGING_CONSUMER_DETAIL_URLS: upstream.base,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
    SENTRY_DSN: sentry.dsn,
    SENTRY_ENVIRONMENT: 'test',
    SENTRY_TRACES_SAMPLE_RATE: '1',
    VERSION: '2026-12-06.16.abcdef0',
  }
  telemetry = await createTelemetry(loadTelemetryConfig(env), { ingestionCa: ingestion.ca })
  service = await buildService(loadConfig(env), { logger, telemetry, sqs: sqs.newClient() })
  service.listener?.start()
  service.process.markStarted() // serving, as the production entry marks it
  token = await auth.signToken()
})

afterAll(async () => {
  await service?.close()
  await telemetry?.shutdown(2_000)
  await Promise.all([ingestion?.close(), sentry?.close(), auth?.stop(), upstream?.stop(), sqs?.close()])
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const get = (path: string, headers: Record<string, string> = {}) =>
  service.app.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } })

/** Sends an example with a W3C trace context in its SNS message attributes; returns the SNS MessageId. */
async function publish(name: ExampleName, messageId: string, traceparent?: string) {
  const body = JSON.parse(exampleNotification(EXAMPLES[name], { upstreamBase: upstream.base, messageId }))
  if (traceparent) body.MessageAttributes.traceparent = { Type: 'String', Value: traceparent }
  await sqs.send(queue.url, JSON.stringify(body))
  return body as { Message: string }
}

/** Waits until the exporters have delivered what `found` looks for (batches go every 2 s). */
async function delivered<T>(found: () => T | undefined, what: string): Promise<T> {
  let value: T | undefined
  try {
    await eventually(
      async () => {
        await telemetry.flush(2_000)
        value = found()
        return value !== undefined
      },
      { timeoutMs: 15_000, what },
    )
  } catch (error) {
    // What did arrive, to tell a missing item from a different one.
    const seen = ingestion.envelopes.map((e) => `${e.data.baseType} ${e.data.baseData.name ?? ''}`)
    const log = logger.lines.filter((line) => line.level !== 'debug').map((line) => line.message)
    throw new Error(
      `${(error as Error).message}; received ${JSON.stringify(seen)}; logged ${JSON.stringify(log)}`,
    )
  }
  return value as T
}

describe('Application Insights (Azure Monitor exporter to a loopback ingestion endpoint)', () => {
  it('sends requests named by route pattern with status, duration and the caller, under the role name; never health or info', async () => {
    const traceparent = `00-${KEPT_TRACE}-${PARENT_SPAN}-01`
    expect((await get('/case/A000001/personal-details', { traceparent })).status).toBe(200)
    expect((await get('/health/readiness')).status).toBe(200)
    expect((await get('/health')).status).toBe(200)
    await get('/info')

    const request = await delivered(
      () =>
        ingestion.of('RequestData').find((e) => e.data.baseData.name === 'GET /case/:crn/personal-details'),
      'the personal-details request item',
    )
    expect(request.tags['ai.cloud.role']).toBe(ROLE)
    expect(request.tags['ai.application.ver']).toBe('2026-12-06.16.abcdef0')
    expect(request.tags['ai.operation.id']).toBe(KEPT_TRACE)
    expect(request.tags['ai.operation.parentId']).toBe(PARENT_SPAN)
    expect(request.data.baseData).toMatchObject({ responseCode: '200', success: true })
    expect(String(request.data.baseData.duration)).toMatch(/^(\d+\.)?\d\d:\d\d:\d\d\.\d+$/)
    // The route is the name (the exporter keeps http.* attributes out of the properties).
    expect(request.data.baseData.properties).toMatchObject({ clientId: decodeJwt(token).client_id })
    // A request the guard refused is named by the route it was for.
    expect((await service.app.request('/case/A000002/personal-details')).status).toBe(401)
    const refused = await delivered(
      () => ingestion.of('RequestData').find((e) => e.data.baseData.responseCode === '401'),
      'the refused request item',
    )
    expect(refused.data.baseData.name).toBe('GET /case/:crn/personal-details')
    // The CRN is in no request item: not in the name, not in a URL.
    for (const item of ingestion.of('RequestData')) expect(JSON.stringify(item.data)).not.toContain('A000001')
    expect(ingestion.of('RequestData').map((e) => e.data.baseData.name)).not.toContainEqual(
      expect.stringMatching(/\/(health|info)/),
    )

    // Its database statements are dependencies of the request: operation and table, no values.
    const operationId = request.tags['ai.operation.id']
    const statements = ingestion
      .of('RemoteDependencyData')
      .filter((e) => e.tags['ai.operation.id'] === operationId && e.data.baseData.type === 'postgresql')
    expect(statements.length).toBeGreaterThan(0)
    expect(statements.map((e) => e.data.baseData.name)).toContain('SELECT offender')
    for (const statement of statements) {
      expect(statement.data.baseData.data).toMatch(/^(SELECT|INSERT|UPDATE|DELETE|WITH)$/)
      expect(JSON.stringify(statement)).not.toContain('A000001')
      // A kept read stands for ten (App Insights counts it by its sample rate).
      if (statement.data.baseData.data === 'SELECT') expect(statement).toMatchObject({ sampleRate: 10 })
    }
  })

  it('keeps the SELECT statements of 10 % of traces (by trace id), as the reference samples them; the request always', async () => {
    const traceparent = `00-${DROPPED_TRACE}-${PARENT_SPAN}-01`
    expect((await get('/case/A000003/personal-details', { traceparent })).status).toBe(200)
    await delivered(
      () => ingestion.of('RequestData').find((e) => e.tags['ai.operation.id'] === DROPPED_TRACE),
      'the request item of the unsampled trace',
    )
    // Its statements were sent (or not) in the same export as the request item.
    expect(
      ingestion.of('RemoteDependencyData').filter((e) => e.tags['ai.operation.id'] === DROPPED_TRACE),
    ).toEqual([])
  })

  it('records a 5xx answer as a failed request with an exception item, and sends it to Sentry with the request id and route', async () => {
    const requirement = SEED.requirements[0]
    const manager = () => service.db.kysely.updateTable('rqmntManager').where('rqmntId', '=', requirement)
    await manager().set({ activeFlag: 0 }).execute()
    let requestId: string | null
    try {
      const response = await get(`/case/A000001/requirement/${requirement}`)
      expect(response.status).toBe(500)
      requestId = response.headers.get('x-request-id')
    } finally {
      await manager().set({ activeFlag: 1 }).execute()
    }
    const failed = await delivered(
      () =>
        ingestion.of('RequestData').find((e) => e.data.baseData.name === 'GET /case/:crn/requirement/:id'),
      'the failed request item',
    )
    expect(failed.data.baseData).toMatchObject({ responseCode: '500', success: false })
    const exception = await delivered(
      () =>
        ingestion
          .of('ExceptionData')
          .find((e) => e.tags['ai.operation.id'] === failed.tags['ai.operation.id']),
      'the exception item of the 5xx',
    )
    expect(JSON.stringify(exception.data.baseData)).toContain('does not have an active manager')

    const event = await delivered(
      () => sentry.of('event').find((e) => e.tags?.route === '/case/:crn/requirement/:id'),
      'the Sentry event of the 5xx',
    )
    expect(event.tags).toMatchObject({ method: 'GET', status: '500' })
    expect(event.extra).toMatchObject({ requestId })
    expect(event.environment).toBe('test')
    // Each runtime's own SDK.
    expect((event.sdk as { name?: string } | undefined)?.name).toBe(
      isDeno ? 'sentry.javascript.deno' : 'sentry.javascript.node',
    )
    expect(event.exception?.values[0]?.value).toContain('does not have an active manager')
    // No request data: no headers, hence no token.
    expect(JSON.stringify(event)).not.toContain(token)
    expect(event.request).toBeUndefined()

    const transactions = await delivered(
      () => (sentry.of('transaction').length > 0 ? sentry.of('transaction') : undefined),
      'Sentry transactions',
    )
    expect(transactions.map((t) => t.transaction)).toContain('GET /case/:crn/requirement/:id')
    expect(transactions.map((t) => t.transaction)).not.toContainEqual(expect.stringMatching(/health|info/))
  })

  it('continues the trace of a message in a CONSUMER span `RECEIVE <eventType>` with the queue name, and sends the business events as custom events', async () => {
    const messageId = '16160000-0000-4000-9000-000000000001'
    const traceparent = `00-${TRACE_ID}-${PARENT_SPAN}-01`
    await publish('status-changed-on-programme', messageId, traceparent)

    const consumer = await delivered(
      () => ingestion.of('RequestData').find((e) => e.data.baseData.properties?.notificationId === messageId),
      'the consumer span of the message',
    )
    expect(consumer.data.baseData.name).toBe(
      'RECEIVE accredited-programmes-community.referral.status-updated',
    )
    expect(consumer.data.baseData.success).toBe(true)
    expect(consumer.tags['ai.cloud.role']).toBe(ROLE)
    expect(consumer.tags['ai.operation.id']).toBe(TRACE_ID)
    expect(consumer.tags['ai.operation.parentId']).toBe(PARENT_SPAN)
    expect(consumer.data.baseData.properties).toMatchObject({
      'messaging.destination.name': queue.name,
      'messaging.system': 'aws_sqs',
    })

    const events = await delivered(() => {
      const inTrace = ingestion.of('EventData').filter((e) => e.tags['ai.operation.id'] === TRACE_ID)
      return inTrace.some((e) => e.data.baseData.name === 'StatusChanged') ? inTrace : undefined
    }, 'the custom events of the message')
    const byName = new Map(events.map((e) => [e.data.baseData.name as string, e]))
    expect(byName.get('NotificationReceived')?.data.baseData.properties).toStrictEqual({
      eventType: 'accredited-programmes-community.referral.status-updated',
      detailUrl: expect.stringContaining(upstream.base),
      CRN: 'A000001',
    })
    // The same name and properties as the log line.
    const logged = logger.lines.find((line) => line.event === 'StatusChanged')
    expect(logged).toBeDefined()
    expect(byName.get('StatusChanged')?.data.baseData.properties).toStrictEqual(
      Object.fromEntries(Object.entries(logged?.properties as object).map(([k, v]) => [k, String(v)])),
    )
    expect(byName.get('StatusChanged')?.tags['ai.cloud.role']).toBe(ROLE)

    // Its detail fetch, token call and database statements are dependencies in the same trace.
    const dependencies = ingestion
      .of('RemoteDependencyData')
      .filter((e) => e.tags['ai.operation.id'] === TRACE_ID)
    const types = new Set(dependencies.map((e) => e.data.baseData.type))
    expect(types).toContain('Http')
    expect(types).toContain('postgresql')
    expect(dependencies.map((e) => e.data.baseData.name)).toContainEqual(
      expect.stringMatching(/^POST .*oauth\/token$/),
    )
    expect(dependencies.map((e) => e.data.baseData.name)).toContainEqual(
      expect.stringMatching(/^INSERT contact$/),
    )
    await eventually(() => sqs.counts(queue.name).inFlight === 0 && sqs.counts(queue.name).visible === 0, {
      timeoutMs: 10_000,
      what: 'the message deleted',
    })
  })

  it('a failed message: the consumer span is an error with an exception item, and Sentry gets the message id and event type', async () => {
    const messageId = '16160000-0000-4000-9000-000000000002'
    const body = JSON.parse(
      exampleNotification(EXAMPLES['status-changed-on-programme'], {
        upstreamBase: upstream.base,
        messageId,
      }),
    )
    const detailPath = new URL(JSON.parse(body.Message).detailUrl).pathname
    upstream.always(detailPath, { status: 404 })
    await sqs.send(queue.url, JSON.stringify(body))

    const consumer = await delivered(
      () => ingestion.of('RequestData').find((e) => e.data.baseData.properties?.notificationId === messageId),
      'the consumer span of the failed message',
    )
    expect(consumer.data.baseData.success).toBe(false)
    const exception = await delivered(
      () =>
        ingestion
          .of('ExceptionData')
          .find((e) => e.tags['ai.operation.id'] === consumer.tags['ai.operation.id']),
      'the exception item of the failed message',
    )
    expect(JSON.stringify(exception.data.baseData)).toContain('HTTP 404')

    const event = await delivered(
      () => sentry.of('event').find((e) => e.extra?.notificationId === messageId),
      'the Sentry event of the failed message',
    )
    expect(event.tags).toMatchObject({
      eventType: 'accredited-programmes-community.referral.status-updated',
      queue: queue.name,
    })
    expect(event.extra).toMatchObject({ messageId: expect.any(String), crn: 'A000001' })
    expect(event.exception?.values[0]?.type).toBe('DetailRequestError')
  })
})
