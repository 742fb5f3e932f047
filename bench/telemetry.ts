import { join } from 'node:path'
import { INSTRUMENTATION_KEY, loopbackCertificate } from '../test/telemetry/stand-ins.ts'
import type { BenchContext } from './lib/context.ts'
import type { DetailServer } from './lib/detail-server.ts'
import { runEvents } from './lib/events-run.ts'
import { type LoadResult, runLoad } from './lib/load.ts'
import type { DbKind, Runtime } from './lib/options.ts'
import { freePort, ROOT, scriptCommand, startProcess } from './lib/processes.ts'
import type { LocalQueue } from './lib/queue.ts'
import { startService } from './lib/service.ts'
import { num, pct } from './lib/stats.ts'
import { passOrMiss, type Row } from './lib/table.ts'

/**
 * Section 7 (issue 16): what telemetry costs. The case reads and the events run with telemetry
 * off and on (Application Insights through the Azure exporter, and Sentry at the production 5 %
 * of transactions, both to loopback back ends in a process of their own: lib/telemetry-sink.ts),
 * side by side; target: on within 10 % of off.
 */
const CASE_READS = ['/case/A000001/personal-details', '/case/A000001/requirements'] as const
const CONNECTIONS = 10
const IN_FLIGHT = 10
const WARM_UP_SECONDS = 2
const TARGET = 0.9

export interface StandIns {
  connectionString: string
  caFile: string
  dsn: string
  /** Requests and bytes each back end has received so far. */
  counts(): Promise<Record<'appInsights' | 'sentry', { requests: number; bytes: number }>>
}

let standIns: Promise<StandIns> | undefined

/** One telemetry sink process for the whole bench (stopped by its cleanup). */
export function telemetryStandIns(
  ctx: Pick<BenchContext, 'logDir'>,
  onCleanup: (close: () => Promise<void>) => void,
): Promise<StandIns> {
  standIns ??= (async () => {
    const tls = loopbackCertificate()
    const [port, ingestionPort] = [await freePort(), await freePort()]
    const sink = await startProcess({
      command: scriptCommand('node', join(ROOT, 'bench/lib/telemetry-sink.ts')),
      env: { INGESTION_PORT: String(ingestionPort), TLS_KEY_FILE: tls.keyFile, TLS_CERT_FILE: tls.certFile },
      port,
      readyPath: '/counts',
      logPath: join(ctx.logDir, 'telemetry-sink.log'),
    })
    onCleanup(() => sink.stop())
    return {
      connectionString: `InstrumentationKey=${INSTRUMENTATION_KEY};IngestionEndpoint=https://127.0.0.1:${ingestionPort}/`,
      caFile: tls.certFile,
      dsn: `http://key@127.0.0.1:${port}/1`,
      counts: async () => (await fetch(`${sink.url}/counts`)).json(),
    }
  })()
  return standIns
}

/** The service's environment with telemetry on, to the sink. */
function telemetryEnv(stands: StandIns): Record<string, string> {
  return {
    APPLICATIONINSIGHTS_CONNECTION_STRING: stands.connectionString,
    // The Azure exporter only speaks HTTPS: each runtime trusts the sink's certificate.
    NODE_EXTRA_CA_CERTS: stands.caFile,
    DENO_CERT: stands.caFile,
    SENTRY_DSN: stands.dsn,
    SENTRY_TRACES_SAMPLE_RATE: '0.05',
  }
}

export async function telemetrySection(
  ctx: BenchContext,
  runtime: Runtime,
  kind: DbKind,
  stands: StandIns,
  events?: { queue: LocalQueue; details: DetailServer },
): Promise<Row[]> {
  const rows: Row[] = []
  const off = await caseReads(ctx, runtime, kind, 'off', {})
  const on = await caseReads(ctx, runtime, kind, 'on', telemetryEnv(stands))
  for (const path of CASE_READS) {
    rows.push(
      compare(`GET ${path} @${CONNECTIONS} conn, telemetry on`, runtime, kind, on.get(path)!, off.get(path)!),
    )
  }
  if (events) {
    const rates: Record<'off' | 'on', number> = { off: 0, on: 0 }
    const problems: string[] = []
    for (const mode of ['off', 'on'] as const) {
      const run = await runEvents(ctx, {
        runtime,
        database: ctx.databases.get(kind)!,
        queue: events.queue,
        details: events.details,
        label: `bench-telemetry-${mode}-${runtime}-${kind}`,
        instances: 1,
        inFlight: IN_FLIGHT,
        messages: ctx.options.messages,
        env: mode === 'on' ? telemetryEnv(stands) : {},
      })
      ctx.progress(`events telemetry ${mode} ${runtime}/${kind}: ${num(run.rate)} msg/s`)
      rates[mode] = run.rate
      if (run.failure) problems.push(`${mode}: ${run.failure}`)
      else if (run.contacts !== run.unique)
        problems.push(`${mode}: ${run.contacts} contacts for ${run.unique}`)
    }
    const ratio = rates.on / rates.off
    rows.push({
      section: '7 Telemetry',
      case: `${num(ctx.options.messages)} status-updated, ${IN_FLIGHT} in flight, telemetry on`,
      runtime,
      database: kind,
      result: problems.length > 0 ? `failed: ${problems.join('; ')}` : `${num(rates.on)} msg/s`,
      ceiling: `off: ${num(rates.off)} msg/s`,
      ratio: problems.length > 0 ? undefined : pct(ratio),
      target: '≥ 90 % of off',
      status: passOrMiss(problems.length === 0 && ratio >= TARGET),
    })
  }
  const { appInsights, sentry } = await stands.counts()
  ctx.progress(
    `telemetry sink so far: App Insights ${appInsights.requests} requests (${num(appInsights.bytes / 1024)} KB), Sentry ${sentry.requests}`,
  )
  return rows
}

/** The case reads at 10 connections against one service instance. */
async function caseReads(
  ctx: BenchContext,
  runtime: Runtime,
  kind: DbKind,
  mode: 'off' | 'on',
  env: Record<string, string>,
): Promise<Map<string, LoadResult>> {
  const service = await startService({
    runtime,
    database: ctx.databases.get(kind)!,
    authUrl: ctx.auth.url,
    logDir: ctx.logDir,
    name: `telemetry-${mode}-${runtime}-${kind}`,
    env,
    cpuProfileDir: ctx.options.cpuProfileDir,
  })
  const results = new Map<string, LoadResult>()
  try {
    for (const path of CASE_READS) {
      const request = {
        url: `${service.url}${path}`,
        method: 'GET' as const,
        headers: { authorization: `Bearer ${ctx.token}` },
      }
      await runLoad(request, CONNECTIONS, WARM_UP_SECONDS)
      const result = await runLoad(request, CONNECTIONS, ctx.options.seconds)
      ctx.progress(`telemetry ${mode} ${runtime}/${kind} ${path}: ${num(result.rps)} req/s`)
      results.set(path, result)
    }
  } finally {
    await service.stop()
  }
  return results
}

function compare(name: string, runtime: Runtime, kind: DbKind, on: LoadResult, off: LoadResult): Row {
  const ratio = on.rps / off.rps
  const failed = on.bad + off.bad > 0 ? `, ${on.bad + off.bad} failed` : ''
  return {
    section: '7 Telemetry',
    case: name,
    runtime,
    database: kind,
    result: `${num(on.rps)} req/s, p50 ${on.p50} ms, p99 ${on.p99} ms${failed}`,
    ceiling: `off: ${num(off.rps)} req/s, p99 ${off.p99} ms`,
    ratio: pct(ratio),
    target: '≥ 90 % of off',
    status: passOrMiss(ratio >= TARGET && on.bad + off.bad === 0),
  }
}
