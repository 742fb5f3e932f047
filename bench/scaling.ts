import { type Kysely, sql } from 'kysely'
import type { Database } from '../src/db/schema.ts'
import type { BenchContext } from './lib/context.ts'
import { type BenchDatabase, createBenchDatabase } from './lib/databases.ts'
import { BENCH, fillContacts } from './lib/fixtures.ts'
import { startInProcess } from './lib/in-process.ts'
import type { DbKind, Runtime } from './lib/options.ts'
import { startService } from './lib/service.ts'
import { median, ms, num, percentile } from './lib/stats.ts'
import { passOrMiss, type Row, skipRow } from './lib/table.ts'

/**
 * Section 5: POST /appointments/search over the 100 bench requirements (500 matching contacts) as
 * CONTACT grows to 1,000 / 10,000 / 100,000 rows, on a database of its own. In-process, sequential
 * requests: median and p95 of 30 after 5 warm-ups; then the same at the largest size over HTTP
 * against the production entry under each runtime. The filler belongs to other components, so the
 * answer stays the same and only the lookups feel the table's size.
 */
const RUNTIME = 'in-process (node)'
const INDEXED = ['rqmnt_id', 'lic_condition_id', 'external_reference', 'offender_id', 'event_id']
const SEARCH = { requirementIds: BENCH.searchRequirements, licenceConditionIds: [] }

export async function scalingSection(ctx: BenchContext, kind: DbKind): Promise<Row[]> {
  const database = await createBenchDatabase(kind, 'scaling')
  const inProcess = await inProcessScaling(ctx, kind, database)
  // The largest table, searched over HTTP by the production entry under each runtime. After the
  // in-process service has closed: a PGlite data directory takes one process at a time.
  const scale = Math.max(...ctx.options.scales)
  const overHttp: Row[] = []
  for (const runtime of ctx.options.runtimes) {
    if (runtime !== 'deno' && !ctx.built) continue
    overHttp.push(await httpScalingRow(ctx, runtime, kind, database, scale))
  }
  return [...inProcess, ...overHttp]
}

async function inProcessScaling(ctx: BenchContext, kind: DbKind, database: BenchDatabase): Promise<Row[]> {
  const service = await startInProcess(ctx, database)
  try {
    const rows: Row[] = [await indexRow(service.db.kysely, kind)]
    if (!service.operations.has('post /appointments/search')) {
      rows.push(
        skipRow(
          '5 Scaling',
          'search 100 ids',
          RUNTIME,
          kind,
          'post /appointments/search not in /v3/api-docs',
        ),
      )
      return rows
    }
    const scales = ctx.options.scales
    const medians: number[] = []
    for (const scale of scales) {
      const total = await fillContacts(service.db.kysely, scale)
      const { times, items, failure } = await timeSearches(() =>
        service.request('/appointments/search', { method: 'POST', body: SEARCH }),
      )
      const t = median(times)
      medians.push(t)
      ctx.progress(`scaling ${kind} ${total} contacts: ${num(t)} ms`)
      const targeted = kind === 'postgres' && scale === Math.max(...scales)
      rows.push({
        section: '5 Scaling',
        case: `search 100 ids, ${num(total)} contacts`,
        runtime: RUNTIME,
        database: kind,
        result: failure
          ? `failed: ${failure}`
          : `p50 ${ms(t)}, p95 ${ms(percentile(times, 95))}, ${items} items`,
        target: targeted ? '< 20 ms' : undefined,
        status: targeted ? passOrMiss(!failure && t < 20) : '',
      })
    }
    if (scales.length > 1) rows.push(growthRow(kind, scales, medians))
    return rows
  } finally {
    await service.close()
  }
}

async function httpScalingRow(
  ctx: BenchContext,
  runtime: Runtime,
  kind: DbKind,
  database: BenchDatabase,
  scale: number,
): Promise<Row> {
  const service = await startService({
    runtime,
    database,
    authUrl: ctx.auth.url,
    logDir: ctx.logDir,
    name: `scaling-${runtime}-${kind}`,
  })
  try {
    const search = () =>
      fetch(`${service.url}/appointments/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(SEARCH),
      })
    // A fresh process: its JIT needs more than the in-process warm-up.
    const { times, items, failure } = await timeSearches(search, 30)
    ctx.progress(`scaling ${runtime}/${kind} ${scale} contacts over HTTP: ${num(median(times))} ms`)
    return {
      section: '5 Scaling',
      case: `search 100 ids, ${num(scale)} contacts, over HTTP`,
      runtime,
      database: kind,
      result: failure
        ? `failed: ${failure}`
        : `p50 ${ms(median(times))}, p95 ${ms(percentile(times, 95))}, ${items} items`,
      status: failure ? 'MISS' : '',
    }
  } finally {
    await service.stop()
  }
}

/** 30 measured searches after `warmUps` unmeasured ones. */
async function timeSearches(search: () => Promise<Response>, warmUps = 5) {
  const times: number[] = []
  let items = 0
  let failure: string | undefined
  for (let i = 0; i < warmUps + 30 && !failure; i++) {
    const started = performance.now()
    const response = await search()
    const body = (await response.json()) as { content?: Record<string, unknown[]> }
    if (i >= warmUps) times.push(performance.now() - started)
    if (response.status !== 200) failure = `answered ${response.status}`
    items = Object.values(body.content ?? {}).reduce((n, list) => n + list.length, 0)
  }
  return { times, items, failure }
}

/** Sub-linear, and then some: 100× the rows may cost at most √100 = 10× the time. */
function growthRow(kind: DbKind, scales: number[], medians: number[]): Row {
  const timeGrowth = medians[medians.length - 1]! / medians[0]!
  const sizeGrowth = scales[scales.length - 1]! / scales[0]!
  return {
    section: '5 Scaling',
    case: `growth ${num(scales[0]!)} → ${num(scales[scales.length - 1]!)} contacts`,
    runtime: RUNTIME,
    database: kind,
    result: `time ×${timeGrowth.toFixed(2)} for contacts ×${num(sizeGrowth)}`,
    target: `sub-linear (< ×${num(Math.sqrt(sizeGrowth))})`,
    status: passOrMiss(timeGrowth < Math.sqrt(sizeGrowth)),
  }
}

/** The DDL must index CONTACT on the columns the service looks contacts up by. */
async function indexRow(db: Kysely<Database>, kind: DbKind): Promise<Row> {
  const { rows } = await sql<{ indexdef: string }>`
    select indexdef from pg_indexes where tablename = 'contact'`.execute(db)
  const leading = rows.map((i) => /\(([a-z_]+)/.exec(i.indexdef)?.[1])
  const missing = INDEXED.filter((column) => !leading.includes(column))
  return {
    section: '5 Scaling',
    case: 'CONTACT indexes in the DDL',
    runtime: '–',
    database: kind,
    result: missing.length === 0 ? `${INDEXED.join(', ')}: present` : `missing: ${missing.join(', ')}`,
    target: 'all five',
    status: passOrMiss(missing.length === 0),
  }
}
