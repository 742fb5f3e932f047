import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildService, type Service } from '../../src/bootstrap.ts'
import { loadConfig } from '../../src/config.ts'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { memoryLogger } from '../../src/logger.ts'
import { createTelemetry, loadTelemetryConfig } from '../../src/telemetry/index.ts'
import type { Telemetry } from '../../src/telemetry/types.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { eventually } from '../helpers/queue.ts'
import {
  type IngestionStandIn,
  type SentryStandIn,
  startIngestionStandIn,
  startSentryStandIn,
} from './stand-ins.ts'

/**
 * Issue 16 item 3: telemetry never hurts the service. With the ingestion endpoint and Sentry
 * hanging (accepting connections, never answering) or failing (500), requests still answer as
 * usual and the stop's flush gives up at its deadline.
 */
let db: TestDb
let auth: LocalAuth
let ingestion: IngestionStandIn
let sentry: SentryStandIn
let telemetry: Telemetry
let service: Service
let token: string

beforeAll(async () => {
  ;[db, auth, ingestion, sentry] = await Promise.all([
    createTestDb(),
    startLocalAuth(),
    startIngestionStandIn(),
    startSentryStandIn(),
  ])
  const env = {
    DATABASE_URL: 'pglite://memory',
    HMPPS_AUTH_URL: auth.url,
    APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
    SENTRY_DSN: sentry.dsn,
    SENTRY_TRACES_SAMPLE_RATE: '1',
  }
  telemetry = await createTelemetry(loadTelemetryConfig(env), { ingestionCa: ingestion.ca })
  service = await buildService(loadConfig(env), {
    logger: memoryLogger(),
    telemetry,
    db: { ...db, close: async () => {} },
  })
  service.process.markStarted() // serving, as the production entry marks it
  token = await auth.signToken()
})

afterAll(async () => {
  await telemetry?.shutdown(500)
  await Promise.all([ingestion?.close(), sentry?.close(), auth?.stop(), db?.close()])
})

async function someRequests(n: number) {
  const statuses: number[] = []
  for (let i = 0; i < n; i++) {
    const response = await service.app.request('/case/A000001/personal-details', {
      headers: { authorization: `Bearer ${token}` },
    })
    statuses.push(response.status)
    await response.arrayBuffer()
  }
  return statuses
}

describe('a telemetry back end that is down never hurts the service', () => {
  it('hanging ingestion and Sentry: requests answer, exports are tried in the background, the flush gives up at its deadline', async () => {
    ingestion.behaviour = 'hang'
    sentry.behaviour = 'hang'
    expect(await someRequests(20)).toStrictEqual(Array(20).fill(200))
    // The exporters did try (and are now stuck waiting on the stand-ins)...
    const flushing = telemetry.flush(30_000)
    await eventually(() => ingestion.received > 0 && sentry.received > 0, {
      timeoutMs: 10_000,
      what: 'exports to reach the hanging stand-ins',
    })
    // ...while the service keeps answering.
    expect(await someRequests(10)).toStrictEqual(Array(10).fill(200))
    const started = Date.now()
    await telemetry.flush(1_000)
    expect(Date.now() - started).toBeLessThan(3_000)
    void flushing
  })

  it('ingestion and Sentry answering 500: requests answer and flushing resolves', async () => {
    ingestion.behaviour = 'error'
    sentry.behaviour = 'error'
    const before = ingestion.received
    expect(await someRequests(10)).toStrictEqual(Array(10).fill(200))
    await telemetry.flush(5_000)
    await eventually(() => ingestion.received > before, { timeoutMs: 10_000, what: 'an export answered 500' })
    expect(await someRequests(5)).toStrictEqual(Array(5).fill(200))
  })
})
