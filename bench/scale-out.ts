import type { BenchContext } from './lib/context.ts'
import type { DetailServer } from './lib/detail-server.ts'
import { listenerAvailable, runEvents } from './lib/events-run.ts'
import type { LocalQueue } from './lib/queue.ts'
import { num } from './lib/stats.ts'
import { passOrMiss, type Row, skipRow } from './lib/table.ts'

/**
 * Section 6: 1 and 2 service processes (Node, production entry, 10 in flight each) competing for
 * one queue and one PostgreSQL database. A tenth of the notifications is sent twice back to back,
 * so two consumers race on the same notification id; the proof is one contact per id.
 */
const INSTANCES = [1, 2]
const DUPLICATE_SHARE = 0.1

export async function scaleOutSection(
  ctx: BenchContext,
  queue: LocalQueue,
  details: DetailServer,
): Promise<Row[]> {
  const runtime = 'node'
  if (!ctx.databases.has('postgres')) {
    return [
      skipRow('6 Scale-out', 'instances on one queue', runtime, 'postgres', 'BENCH_DBS excludes postgres'),
    ]
  }
  if (!listenerAvailable()) {
    return [
      skipRow(
        '6 Scale-out',
        'instances on one queue',
        runtime,
        'postgres',
        'src/listeners is empty (issue 5)',
      ),
    ]
  }
  if (!ctx.built)
    return [skipRow('6 Scale-out', 'instances on one queue', runtime, 'postgres', 'build failed')]
  const rows: Row[] = []
  let single = Number.NaN
  for (const instances of INSTANCES) {
    const run = await runEvents(ctx, {
      runtime,
      database: ctx.databases.get('postgres')!,
      queue,
      details,
      label: `bench-scale-out-${instances}`,
      instances,
      inFlight: 10,
      messages: ctx.options.messages,
      duplicateShare: DUPLICATE_SHARE,
    })
    ctx.progress(`scale-out ×${instances}: ${num(run.rate)} msg/s, ${run.contacts}/${run.unique} contacts`)
    if (instances === 1) single = run.rate
    const oneEach = run.contacts === run.unique && run.duplicated === 0
    rows.push({
      section: '6 Scale-out',
      case: `${instances} instance${instances > 1 ? 's' : ''} × 10 in flight, ${num(run.deliveries)} deliveries`,
      runtime,
      database: 'postgres',
      result: run.failure
        ? `failed: ${run.failure}`
        : `${num(run.rate)} msg/s${instances > 1 ? ` (×${(run.rate / single).toFixed(2)} of 1 instance)` : ''}`,
      status: run.failure ? 'MISS' : '',
    })
    rows.push({
      section: '6 Scale-out',
      case: `${instances} instance${instances > 1 ? 's' : ''}: one contact per notification`,
      runtime,
      database: 'postgres',
      result: `${run.unique} notifications (${run.deliveries - run.unique} sent twice) → ${run.contacts} contacts, ${run.duplicated} references with 2+`,
      target: 'no duplicates',
      status: passOrMiss(oneEach),
    })
  }
  return rows
}
