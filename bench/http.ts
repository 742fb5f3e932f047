import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordedResponse } from './lib/ceiling-server.ts'
import type { BenchContext } from './lib/context.ts'
import { type DatabaseAloneResult, databaseAlone } from './lib/database-alone.ts'
import { BENCH } from './lib/fixtures.ts'
import { type LoadRequest, type LoadResult, runLoad } from './lib/load.ts'
import type { DbKind, Runtime } from './lib/options.ts'
import { freePort, ROOT, type RunningProcess, scriptCommand, startProcess } from './lib/processes.ts'
import { documentedOperations } from './lib/service.ts'
import { num, pct } from './lib/stats.ts'
import { passOrMiss, type Row, skipRow } from './lib/table.ts'

/**
 * Section 2: req/s and p50/p99 latency at each connection count for three routes of the running
 * service, next to the same load on a bare Hono app serving the same JSON from memory (the ceiling).
 */
interface HttpCase {
  name: string
  operation: string
  method: 'GET' | 'POST'
  path: string
  body?: unknown
  /** Case endpoints carry the targets. */
  caseEndpoint: boolean
}

const CASES: HttpCase[] = [
  {
    name: 'GET /case/A000001/personal-details',
    operation: 'get /case/{crn}/personal-details',
    method: 'GET',
    path: '/case/A000001/personal-details',
    caseEndpoint: true,
  },
  {
    name: 'GET /case/A000001/requirements',
    operation: 'get /case/{crn}/requirements',
    method: 'GET',
    path: '/case/A000001/requirements',
    caseEndpoint: true,
  },
  {
    name: 'POST /appointments/search (100 ids)',
    operation: 'post /appointments/search',
    method: 'POST',
    path: '/appointments/search',
    body: { requirementIds: BENCH.searchRequirements, licenceConditionIds: [] },
    caseEndpoint: false,
  },
]

/** Unmeasured load before each case: the JIT settles within about two seconds here. */
const WARM_UP_SECONDS = 2

/** Ceiling figures by runtime, case and connections: measured once, shared by both databases. */
export type CeilingCache = Map<string, LoadResult>
const ceilingKey = (runtime: Runtime, c: HttpCase, connections: number) =>
  `${runtime} ${c.path} ${connections}`

export async function httpSection(
  ctx: BenchContext,
  runtime: Runtime,
  kind: DbKind,
  service: RunningProcess,
  ceilings: CeilingCache,
): Promise<Row[]> {
  const operations = await documentedOperations(() => fetch(`${service.url}/v3/api-docs`))
  const rows: Row[] = []
  const available: { c: HttpCase; json: unknown }[] = []
  for (const c of CASES) {
    if (!operations.has(c.operation)) {
      rows.push(skipRow('2 HTTP', c.name, runtime, kind, `${c.operation} is not in /v3/api-docs`))
      continue
    }
    const response = await fetch(`${service.url}${c.path}`, init(ctx, c))
    if (response.status !== 200) {
      rows.push(skipRow('2 HTTP', c.name, runtime, kind, `answers ${response.status}`))
      continue
    }
    available.push({ c, json: await response.json() })
  }
  await measureCeilings(ctx, runtime, available, ceilings)
  for (const { c } of available) {
    await runLoad(request(ctx, service.url, c), 10, WARM_UP_SECONDS)
    for (const connections of ctx.options.connections) {
      const ours = await runLoad(request(ctx, service.url, c), connections, ctx.options.seconds)
      const ceiling = ceilings.get(ceilingKey(runtime, c, connections))!
      ctx.progress(`http ${runtime}/${kind} ${c.path} @${connections}: ${num(ours.rps)} req/s`)
      rows.push(httpRow(runtime, kind, c, connections, ours, ceiling))
      if (kind === 'postgres' && c.caseEndpoint && connections === 10) {
        rows.push(await databaseAloneRow(ctx, runtime, c, connections, ours))
      }
    }
  }
  return rows
}

/** Database-alone figures by case, measured once, shared by both runtimes. */
const aloneByPath = new Map<string, DatabaseAloneResult>()

/**
 * The case endpoint against what PostgreSQL alone answers for the same statements: how much of the
 * database's capacity the service reaches (the bare-Hono ceiling does no database work at all).
 */
async function databaseAloneRow(
  ctx: BenchContext,
  runtime: Runtime,
  c: HttpCase,
  connections: number,
  ours: LoadResult,
): Promise<Row> {
  let alone = aloneByPath.get(c.path)
  if (alone === undefined) {
    alone = await databaseAlone(ctx, ctx.databases.get('postgres')!, c, connections, ctx.options.seconds)
    aloneByPath.set(c.path, alone)
    ctx.progress(`database alone ${c.path} @${connections}: ${num(alone.rps)} req/s`)
  }
  return {
    section: '2 HTTP',
    case: `${c.name} @${connections} conn vs database alone`,
    runtime,
    database: 'postgres',
    result: `${num(ours.rps)} req/s`,
    ceiling: `${num(alone.rps)} req/s (${alone.statements} statement${alone.statements === 1 ? '' : 's'}, pg)`,
    ratio: pct(ours.rps / alone.rps),
    status: '',
  }
}

function httpRow(
  runtime: Runtime,
  kind: DbKind,
  c: HttpCase,
  connections: number,
  ours: LoadResult,
  ceiling: LoadResult,
): Row {
  const ratio = ours.rps / ceiling.rps
  const targeted = kind === 'postgres' && c.caseEndpoint && connections === 10
  const failed = ours.bad > 0 ? `, ${ours.bad} failed` : ''
  return {
    section: '2 HTTP',
    case: `${c.name} @${connections} conn`,
    runtime,
    database: kind,
    result: `${num(ours.rps)} req/s, p50 ${ours.p50} ms, p99 ${ours.p99} ms${failed}`,
    ceiling: `${num(ceiling.rps)} req/s, p99 ${ceiling.p99} ms`,
    ratio: pct(ratio),
    target: targeted ? '≥ 50 %, p99 < 25 ms' : undefined,
    status: targeted ? passOrMiss(ratio >= 0.5 && ours.p99 < 25 && ours.bad === 0) : '',
  }
}

function init(ctx: BenchContext, c: HttpCase): RequestInit {
  return {
    method: c.method,
    headers: headers(ctx, c),
    body: c.body === undefined ? undefined : JSON.stringify(c.body),
  }
}

function headers(ctx: BenchContext, c: HttpCase): Record<string, string> {
  return {
    authorization: `Bearer ${ctx.token}`,
    ...(c.body === undefined ? {} : { 'content-type': 'application/json' }),
  }
}

function request(ctx: BenchContext, baseUrl: string, c: HttpCase): LoadRequest {
  return {
    url: `${baseUrl}${c.path}`,
    method: c.method,
    headers: headers(ctx, c),
    body: c.body === undefined ? undefined : JSON.stringify(c.body),
  }
}

/** Runs the bare-Hono ceiling (same runtime) for every case not measured yet. */
async function measureCeilings(
  ctx: BenchContext,
  runtime: Runtime,
  available: { c: HttpCase; json: unknown }[],
  ceilings: CeilingCache,
): Promise<void> {
  const missing = available.filter(
    ({ c }) => !ceilings.has(ceilingKey(runtime, c, ctx.options.connections[0]!)),
  )
  if (missing.length === 0) return
  const file = join(ctx.logDir, `ceiling-${runtime}.json`)
  const recorded: RecordedResponse[] = missing.map(({ c, json }) => ({
    method: c.method,
    path: c.path,
    json,
  }))
  writeFileSync(file, JSON.stringify(recorded))
  const server = await startProcess({
    command: scriptCommand(runtime, join(ROOT, 'bench/lib/ceiling-server.ts')),
    env: { CEILING_RESPONSES: file },
    port: await freePort(),
    readyPath: '/ready',
    logPath: join(ctx.logDir, `ceiling-${runtime}.log`),
  })
  try {
    for (const { c } of missing) {
      await runLoad(request(ctx, server.url, c), 10, WARM_UP_SECONDS)
      for (const connections of ctx.options.connections) {
        const result = await runLoad(request(ctx, server.url, c), connections, ctx.options.seconds)
        ctx.progress(`ceiling ${runtime} ${c.path} @${connections}: ${num(result.rps)} req/s`)
        ceilings.set(ceilingKey(runtime, c, connections), result)
      }
    }
  } finally {
    await server.stop()
  }
}
