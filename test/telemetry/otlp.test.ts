import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTelemetry, loadTelemetryConfig } from '../../src/telemetry/index.ts'
import type { Telemetry } from '../../src/telemetry/types.ts'
import { eventually } from '../helpers/queue.ts'

/**
 * OTEL_EXPORTER_OTLP_ENDPOINT: the same spans and events go to an OpenTelemetry Collector over
 * OTLP/HTTP (JSON), here a loopback server recording /v1/traces and /v1/logs.
 */
const received: { path: string; body: string }[] = []
const collector = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    received.push({ path: request.url ?? '', body: Buffer.concat(chunks).toString('utf8') })
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
})
let telemetry: Telemetry

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve))
  const { port } = collector.address() as AddressInfo
  telemetry = await createTelemetry(
    loadTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`, VERSION: 'otlp-test' }),
  )
})
afterAll(async () => {
  await telemetry?.shutdown(1_000)
  collector.closeAllConnections()
  await new Promise((resolve) => collector.close(resolve))
})

describe('OTLP export', () => {
  it('sends spans and custom events with the service name and version', async () => {
    const detailFetch = telemetry.fetch('detail', async () => new Response('{}', { status: 200 }))
    await detailFetch('https://accredited-programmes-api.example/referral/1/status?secret=x')
    telemetry.event('StatusChanged', { crn: 'A000001', componentId: '3001', status: 'ON_PROGRAMME' })
    telemetry.exception(new TypeError('start-up failed'), { phase: 'start-up' })
    await eventually(
      async () => {
        await telemetry.flush(1_000)
        return received.some((r) => r.path === '/v1/traces') && received.some((r) => r.path === '/v1/logs')
      },
      { timeoutMs: 10_000, what: 'OTLP traces and logs' },
    )
    const traces = received
      .filter((r) => r.path === '/v1/traces')
      .map((r) => r.body)
      .join('\n')
    expect(traces).toContain('accredited-programmes-and-delius')
    expect(traces).toContain('otlp-test')
    expect(traces).toContain('GET /referral/1/status')
    // Origin and path only: the query string stays out.
    expect(traces).not.toContain('secret=x')
    const logs = received
      .filter((r) => r.path === '/v1/logs')
      .map((r) => r.body)
      .join('\n')
    expect(logs).toContain('StatusChanged')
    expect(logs).toContain('ON_PROGRAMME')
    // An exception outside a request: a log record with the exception attributes.
    expect(logs).toContain('exception.stacktrace')
    expect(logs).toContain('start-up failed')
  })
})
