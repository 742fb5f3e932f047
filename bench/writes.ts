import { randomUUID } from 'node:crypto'
import type { BenchContext } from './lib/context.ts'
import { BENCH } from './lib/fixtures.ts'
import { type InProcessService, startInProcess } from './lib/in-process.ts'
import type { DbKind } from './lib/options.ts'
import { median, ms, num } from './lib/stats.ts'
import { passOrMiss, type Row, skipRow } from './lib/table.ts'

/**
 * Section 3: POST and PUT /appointments with 1, 10, 100 and 500 items, in-process so that Kysely's
 * log hook counts the database statements of each request: median ms per request over a few
 * repetitions, appointments/s, statements per request.
 */
const SIZES = [1, 10, 100, 500]
const repetitions = (size: number) => (size <= 10 ? 10 : size <= 100 ? 5 : 3)
const RUNTIME = 'in-process (node)'

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
    await createAndUpdate(service, 10, { ms: [], statements: [] }, { ms: [], statements: [] })
    const results = new Map<number, { create: Measured; update: Measured }>()
    for (const size of SIZES) {
      const create: Measured = { ms: [], statements: [] }
      const update: Measured = { ms: [], statements: [] }
      for (let i = 0; i < repetitions(size) && !create.failure && !update.failure; i++) {
        await createAndUpdate(service, size, create, update)
      }
      ctx.progress(
        `writes ${kind} ×${size}: POST ${num(median(create.ms))} ms, PUT ${num(median(update.ms))} ms`,
      )
      results.set(size, { create, update })
    }
    return rows(kind, results)
  } finally {
    await service.close()
  }
}

let day = 0

/** One POST of `size` new appointments, then one PUT moving all of them a day later. */
async function createAndUpdate(service: InProcessService, size: number, create: Measured, update: Measured) {
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
  await timed(service, '/appointments', 'POST', body, 201, create)
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
  await timed(service, '/appointments', 'PUT', updates, 204, update)
}

async function timed(
  service: InProcessService,
  path: string,
  method: string,
  body: unknown,
  expected: number,
  into: Measured,
) {
  const before = service.statements()
  const started = performance.now()
  const response = await service.request(path, { method, body })
  const text = await response.text()
  into.ms.push(performance.now() - started)
  into.statements.push(service.statements() - before)
  if (response.status !== expected)
    into.failure = `${method} answered ${response.status}: ${text.slice(0, 120)}`
}

/** 2031-01-01 plus n days, as yyyy-MM-dd: always in the future, so no outcome is needed. */
function futureDate(n: number): string {
  return new Date(Date.UTC(2031, 0, 1 + n)).toISOString().slice(0, 10)
}

function rows(kind: DbKind, results: Map<number, { create: Measured; update: Measured }>): Row[] {
  const out: Row[] = []
  const targeted = kind === 'postgres'
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
        runtime: RUNTIME,
        database: kind,
        result: m.failure
          ? `failed: ${m.failure}`
          : `${ms(t)}/request, ${num((size / t) * 1000)} appointments/s, ${median(m.statements)} statements`,
        target: isTarget ? '< 1,500 ms' : undefined,
        status: isTarget ? passOrMiss(!m.failure && t < 1500) : m.failure ? 'MISS' : '',
      })
    }
  }
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
