import { describe, expect, it } from 'vitest'
import { buildService } from '../../src/bootstrap.ts'
import { ConfigError, loadConfig } from '../../src/config.ts'
import { memoryLogger } from '../../src/logger.ts'
import { createTelemetry, loadTelemetryConfig, noTelemetry } from '../../src/telemetry/index.ts'
import { createTestDb } from '../helpers/db.ts'

/**
 * Without its variables telemetry is off: the no-op implementation, no SDK loaded (neither the
 * OpenTelemetry API's nor Sentry's global registry appears), nothing added to the request chain.
 */
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1')

describe('telemetry off', () => {
  it('is the no-op implementation, and a request loads no SDK', async () => {
    const telemetry = await createTelemetry(loadTelemetryConfig({ DATABASE_URL: 'pglite://memory' }))
    expect(telemetry).toBe(noTelemetry)
    expect(telemetry.middleware).toBeUndefined()
    expect(telemetry.databaseLog('oracle')).toBeUndefined()
    const db = await createTestDb()
    try {
      const config = loadConfig({
        DATABASE_URL: 'pglite://memory',
        HMPPS_AUTH_URL: 'http://127.0.0.1:9/auth',
      })
      const service = await buildService(config, {
        logger: memoryLogger(),
        db: { ...db, close: async () => {} },
      })
      service.process.markStarted() // serving, as the production entry marks it
      expect((await service.app.request('/health')).status).toBe(200)
      expect((await service.app.request('/case/A000001/personal-details')).status).toBe(401)
    } finally {
      await db.close()
    }
    expect((globalThis as Record<symbol, unknown>)[OTEL_GLOBAL]).toBeUndefined()
    expect((globalThis as { __SENTRY__?: unknown }).__SENTRY__).toBeUndefined()
  })

  it('a malformed telemetry variable stops start-up, naming it', () => {
    expect(() =>
      loadTelemetryConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'IngestionEndpoint=https://x/' }),
    ).toThrow(ConfigError)
    expect(() => loadTelemetryConfig({ SENTRY_TRACES_SAMPLE_RATE: '2', SENTRY_DSN: 'http://k@h/1' })).toThrow(
      /SENTRY_TRACES_SAMPLE_RATE/,
    )
    expect(() => loadTelemetryConfig({ SENTRY_DSN: 'not a url' })).toThrow(/SENTRY_DSN/)
  })

  it('defaults: role name, version from VERSION, 5 % of Sentry transactions', () => {
    const config = loadTelemetryConfig({ SENTRY_DSN: 'http://key@127.0.0.1:1/1', VERSION: '2026-12-06.1' })
    expect(config).toMatchObject({
      serviceName: 'accredited-programmes-and-delius',
      serviceVersion: '2026-12-06.1',
      sentry: { tracesSampleRate: 0.05, release: '2026-12-06.1' },
    })
    expect(config.appInsights).toBeUndefined()
  })
})
