import type { BenchContext } from './lib/context.ts'
import type { DetailServer } from './lib/detail-server.ts'
import { listenerAvailable, runEvents } from './lib/events-run.ts'
import type { DbKind, Runtime } from './lib/options.ts'
import { drainWithoutWork, type LocalQueue, sendAll, statusUpdatedBody } from './lib/queue.ts'
import { num, pct } from './lib/stats.ts'
import { passOrMiss, type Row, skipRow } from './lib/table.ts'

/**
 * Section 4: status-updated messages/s end to end (queue → detail fetch → contact committed →
 * deleted) with 1 and 10 in flight, next to the queue's own ceiling (receive + delete, no work).
 */
export const IN_FLIGHT = [1, 10]

/** The queue ceiling per in-flight level, measured once in the bench process. */
export async function queueCeilings(ctx: BenchContext, queue: LocalQueue): Promise<Map<number, number>> {
  const ceilings = new Map<number, number>()
  for (const inFlight of IN_FLIGHT) {
    const name = `ceiling-${inFlight}`
    const url = queue.create(name)
    const body = statusUpdatedBody('00000000-0000-4000-8000-000000000000', 'A000004', 'http://127.0.0.1/')
    await sendAll(
      queue.client,
      url,
      Array.from({ length: ctx.options.messages }, () => body),
    )
    const rate = await drainWithoutWork(queue.client, url, ctx.options.messages, inFlight)
    ctx.progress(`queue ceiling @${inFlight} in flight: ${num(rate)} msg/s`)
    ceilings.set(inFlight, rate)
  }
  return ceilings
}

export async function eventsSection(
  ctx: BenchContext,
  runtime: Runtime,
  kind: DbKind,
  queue: LocalQueue,
  details: DetailServer,
  ceilings: Map<number, number>,
): Promise<Row[]> {
  if (!listenerAvailable()) {
    return [
      skipRow('4 Events', 'status-updated end to end', runtime, kind, 'src/listeners is empty (issue 5)'),
    ]
  }
  const rows: Row[] = []
  for (const inFlight of IN_FLIGHT) {
    const label = `bench-events-${runtime}-${kind}-${inFlight}`
    const run = await runEvents(ctx, {
      runtime,
      database: ctx.databases.get(kind)!,
      queue,
      details,
      label,
      instances: 1,
      inFlight,
      messages: ctx.options.messages,
    })
    ctx.progress(`events ${runtime}/${kind} @${inFlight}: ${num(run.rate)} msg/s, ${run.contacts} contacts`)
    const ceiling = ceilings.get(inFlight)!
    const targeted = kind === 'postgres' && inFlight === 10
    const problem =
      run.failure ??
      (run.contacts !== run.unique ? `${run.contacts} contacts for ${run.unique} messages` : undefined)
    rows.push({
      section: '4 Events',
      case: `${num(run.deliveries)} status-updated, ${inFlight} in flight`,
      runtime,
      database: kind,
      result: problem ? `failed: ${problem}` : `${num(run.rate)} msg/s (${run.contacts} contacts)`,
      ceiling: `${num(ceiling)} msg/s`,
      ratio: problem ? undefined : pct(run.rate / ceiling),
      target: targeted ? '≥ 300 msg/s' : undefined,
      status: targeted ? passOrMiss(!problem && run.rate >= 300) : problem ? 'MISS' : '',
    })
  }
  return rows
}
