import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { isDeno } from '../../src/runtime.ts'
import { eventually } from '../helpers/queue.ts'
import { copyPgliteTemplate, ensurePgliteTemplate } from '../helpers/template.ts'
import { ROOT, startServiceProcess } from '../reliability/support/service-process.ts'
import {
  type IngestionStandIn,
  type SentryStandIn,
  startIngestionStandIn,
  startSentryStandIn,
} from './stand-ins.ts'

/**
 * The production bundle (dist/main.mjs as scripts/bundle.mjs builds it, here into a temporary
 * directory) with telemetry on, as a process: the SDKs work bundled, without any load-time
 * instrumentation, and what is still buffered at SIGTERM is flushed within the grace. The bundle
 * is Node's; under Deno the sources run instead (telemetry.test.ts covers that).
 */
let ingestion: IngestionStandIn
let sentry: SentryStandIn
let auth: LocalAuth
const dirs: string[] = []
let bundle: string

beforeAll(async () => {
  if (isDeno) return
  ;[ingestion, sentry, auth] = await Promise.all([
    startIngestionStandIn(),
    startSentryStandIn(),
    startLocalAuth(),
  ])
  // Inside the project, so the bundle's external packages (oracledb, PGlite) resolve from node_modules.
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true })
  const out = mkdtempSync(join(ROOT, 'node_modules/.cache/apd-bundle-'))
  dirs.push(out)
  const built = spawnSync(process.execPath, ['scripts/bundle.mjs'], {
    cwd: ROOT,
    env: { ...process.env, BUNDLE_OUT_DIR: out },
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`bundle failed: ${built.stderr}`)
  bundle = join(out, 'main.mjs')
}, 120_000)

afterAll(async () => {
  await Promise.all([ingestion?.close(), sentry?.close(), auth?.stop()])
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(isDeno)('telemetry in the production bundle', () => {
  it('sends requests, dependencies and Sentry transactions from dist/main.mjs, and flushes them on SIGTERM', async () => {
    const dir = copyPgliteTemplate(await ensurePgliteTemplate())
    dirs.push(dir)
    const service = await startServiceProcess(
      {
        DATABASE_URL: `pglite://${dir}`,
        HMPPS_AUTH_URL: auth.url,
        APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
        // Every read kept: the request below carries no trace id to choose by.
        APPLICATIONINSIGHTS_SELECT_SAMPLING_PERCENTAGE: '100',
        // The exporter only speaks HTTPS: the stand-in's self-signed certificate is trusted.
        NODE_EXTRA_CA_CERTS: ingestion.caFile,
        SENTRY_DSN: sentry.dsn,
        SENTRY_TRACES_SAMPLE_RATE: '1',
        VERSION: 'bundle-test',
        SHUTDOWN_GRACE_MS: '10000',
      },
      { entry: [bundle] },
    )
    const token = await auth.signToken()
    const personal = await fetch(`${service.url}/case/A000001/personal-details`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(personal.status).toBe(200)
    expect((await fetch(`${service.url}/health`)).status).toBe(200)
    // At once: the batch (sent every 2 s) is still in memory; the stop must send it.
    const signalled = service.signal('SIGTERM')
    const exit = await service.exited
    expect(exit.code).toBe(0)
    expect(exit.at - signalled).toBeLessThan(10_000)

    await eventually(() => ingestion.of('RequestData').length > 0, {
      timeoutMs: 5_000,
      what: 'request items',
    })
    const requests = ingestion.of('RequestData')
    expect(requests.map((e) => e.data.baseData.name)).toStrictEqual(['GET /case/:crn/personal-details'])
    expect(requests[0]?.tags['ai.cloud.role']).toBe('accredited-programmes-and-delius')
    expect(requests[0]?.tags['ai.application.ver']).toBe('bundle-test')
    const statements = ingestion
      .of('RemoteDependencyData')
      .filter((e) => e.tags['ai.operation.id'] === requests[0]?.tags['ai.operation.id'])
    expect(statements.map((e) => e.data.baseData.name)).toContain('SELECT offender')
    expect(sentry.of('transaction').map((t) => t.transaction)).toStrictEqual([
      'GET /case/:crn/personal-details',
    ])
  }, 60_000)
})
