import { randomUUID } from 'node:crypto'
import type { BenchContext } from './lib/context.ts'
import { BENCH } from './lib/fixtures.ts'
import { startInProcess } from './lib/in-process.ts'
import type { DbKind, Runtime } from './lib/options.ts'
import type { RunningProcess } from './lib/processes.ts'
import { median, ms, num } from './lib/stats.ts'
import { passOrMiss, type Row, skipRow } from './lib/table.ts'

/**
 * Section 3: POST and PUT /appointments with 1, 10, 100 and 500 items: median ms per request over a
 * few repetitions and appointments/s. In-process, so that Kysely's log hook counts the database
 * statements of each request; and over HTTP against the running Node and Deno processes.
 */
const SIZES = [1, 10, 100, 500]
const repetitions = (size: number) => (size <= 10 ? 10 : size <= 100 ? 5 : 3)
const RUNTIME = 'in-process (node)'

/** Where the requests go; statements are only counted in-process. */
interface WriteTarget {
  request(path: string, init: { method: string; body: unknown }): Promise<Response>
  statements?(): number
}

interface Measured {
  ms: number[]
  statements: number[]
  failure?: string
}

export async function writesSection(ctx: BenchContext, kind: DbKind): Promise<Row[]> {
  const service = await startInProcess(ctx, ctx.databases.get(kind)!)
  try {
    const missing = ['post /appointments', 'put /appointments'].filter((op) => !service.operations.has(op))
    if (missing.length > 0) {
      return [
        skipRow(
          '3 Writes',
          'POST/PUT /appointments',
          RUNTIME,
          kind,
          `${missing.join(', ')} not in /v3/api-docs`,
        ),
      ]
    }
    const results = await measure(ctx, service, `${kind}`)
    return rows(kind, results, RUNTIME)
  } finally {
    await service.close()
  }
}

/** The same requests over HTTP against a running service process (Node or Deno). */
export async function writesOverHttp(
  ctx: BenchContext,
  runtime: Runtime,
  kind: DbKind,
  service: RunningProcess,
): Promise<Row[]> {
  const target: WriteTarget = {
    request: (path, init) =>
      fetch(`${service.url}${path}`, {
        method: init.method,
        headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(init.body),
      }),
  }
  return rows(kind, await measure(ctx, target, `${runtime}/${kind}`), runtime)
}

async function measure(ctx: BenchContext, target: WriteTarget, label: string) {
  await createAndUpdate(target, 10, { ms: [], statements: [] }, { ms: [], statements: [] })
  const results = new Map<number, { create: Measured; update: Measured }>()
  for (const size of SIZES) {
    const create: Measured = { ms: [], statements: [] }
    const update: Measured = { ms: [], statements: [] }
    for (let i = 0; i < repetitions(size) && !create.failure && !update.failure; i++) {
      await createAndUpdate(target, size, create, update)
    }
    ctx.progress(
      `writes ${label} ×${size}: POST ${num(median(create.ms))} ms, PUT ${num(median(update.ms))} ms`,
    )
    results.set(size, { create, update })
  }
  return results
}

let day = 0

/** One POST of `size` new appointments, then one PUT moving all of them a day later. */
async function createAndUpdate(target: WriteTarget, size: number, create: Measured, update: Measured) {
  const references = Array.from({ length: size }, () => randomUUID())
  const date = futureDate(day++)
  const moved = futureDate(day++)
  const common = {
    location: { code: 'OFFICE1' },
    staff: { code: 'STAFF01' },
    team: { code: 'TEAM01' },
    sensitive: false,
    outcome: null,
    description: null,
  }
  const body = {
    appointments: references.map((reference, i) => ({
      ...common,
      reference,
      requirementId: BENCH.writeRequirements[i % BENCH.writeRequirements.length],
      licenceConditionId: null,
      date,
      startTime: '10:00:00',
      endTime: '11:00:00',
      notes: 'Bench appointment',
      type: 'PROGRAMME_ATTENDANCE',
    })),
  }
  await timed(target, '/appointments', 'POST', body, 201, create)
  if (create.failure) return
  const updates = {
    appointments: references.map((reference) => ({
      ...common,
      reference,
      date: moved,
      startTime: '12:00:00',
      endTime: '13:00:00',
      notes: 'Rescheduled',
    })),
  }
  await timed(target, '/appointments', 'PUT', updates, 204, update)
}

async function timed(
  target: WriteTarget,
  path: string,
  method: string,
  body: unknown,
  expected: number,
  into: Measured,
) {
  const before = target.statements?.() ?? 0
  const started = performance.now()
  const response = await target.request(path, { method, body })
  const text = await response.text()
  into.ms.push(performance.now() - started)
  if (target.statements) into.statements.push(target.statements() - before)
  if (response.status !== expected)
    into.failure = `${method} answered ${response.status}: ${text.slice(0, 120)}`
}

/** 2031-01-01 plus n days, as yyyy-MM-dd: always in the future, so no outcome is needed. */
function futureDate(n: number): string {
  return new Date(Date.UTC(2031, 0, 1 + n)).toISOString().slice(0, 10)
}

function rows(
  kind: DbKind,
  results: Map<number, { create: Measured; update: Measured }>,
  runtime: string,
): Row[] {
  const out: Row[] = []
  // The targets are judged in-process, where statements are counted too.
  const targeted = kind === 'postgres' && runtime === RUNTIME
  const counted = runtime === RUNTIME
  for (const [size, { create, update }] of results) {
    for (const [verb, m] of [
      ['POST', create],
      ['PUT', update],
    ] as const) {
      const t = median(m.ms)
      const isTarget = targeted && verb === 'POST' && size === 500
      out.push({
        section: '3 Writes',
        case: `${verb} /appointments ×${size}`,
        runtime,
        database: kind,
        result: m.failure
          ? `failed: ${m.failure}`
          : `${ms(t)}/request, ${num((size / t) * 1000)} appointments/s` +
            (counted ? `, ${median(m.statements)} statements` : ''),
        target: isTarget ? '< 1,500 ms' : undefined,
        status: isTarget ? passOrMiss(!m.failure && t < 1500) : m.failure ? 'MISS' : '',
      })
    }
  }
  if (!counted) return out
  for (const verb of ['POST', 'PUT'] as const) {
    const pick = (size: number) => {
      const r = results.get(size)
      return r ? median((verb === 'POST' ? r.create : r.update).statements) : Number.NaN
    }
    const counts = SIZES.map(pick)
    out.push({
      section: '3 Writes',
      case: `${verb} statements per request, ×${SIZES.join('/')}`,
      runtime: RUNTIME,
      database: kind,
      result: counts.join(' / '),
      target: targeted ? 'same for 1 and 500' : undefined,
      status: targeted ? passOrMiss(counts[0] === counts[counts.length - 1]) : '',
    })
  }
  return out
}
