import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { LOCAL_AUTH_CLIENTS } from '../../src/dev/local-auth.ts'
import type { BenchContext } from './context.ts'
import type { BenchDatabase } from './databases.ts'
import type { DetailServer } from './detail-server.ts'
import { BENCH } from './fixtures.ts'
import type { Runtime } from './options.ts'
import { ROOT, type RunningProcess } from './processes.ts'
import { type LocalQueue, sendAll, statusUpdatedBody } from './queue.ts'
import { startService } from './service.ts'

/**
 * One end-to-end events run, shared by the events and scale-out sections: start the service
 * instance(s) with the listener on a fresh queue, send the messages, time until the queue holds
 * none (each is deleted only after its contact is committed), stop, then count the contacts.
 */
export interface EventsRun {
  /** Deliveries (SQS messages) per second, from the first send to an empty queue. */
  rate: number
  deliveries: number
  /** Distinct notification ids sent. */
  unique: number
  contacts: number
  /** External references that got more than one contact. */
  duplicated: number
  /** Set when the queue did not drain. */
  failure?: string
}

/** Whether issue 5's listener exists yet. */
export function listenerAvailable(): boolean {
  try {
    return readdirSync(join(ROOT, 'src/listeners')).some((f) => f.endsWith('.ts'))
  } catch {
    return false
  }
}

export async function runEvents(
  ctx: BenchContext,
  options: {
    runtime: Runtime
    database: BenchDatabase
    queue: LocalQueue
    details: DetailServer
    label: string
    instances: number
    inFlight: number
    messages: number
    /** Share of notifications sent twice, back to back (redelivery / racing consumers). */
    duplicateShare?: number
    /** More environment for the service (the telemetry section turns telemetry on). */
    env?: Record<string, string>
  },
): Promise<EventsRun> {
  const { queue, details, label } = options
  const queueName = label
  const queueUrl = queue.create(queueName)
  details.label = label
  const client = LOCAL_AUTH_CLIENTS.find((c) => c.authorities.length === 0)!
  const services: RunningProcess[] = []
  try {
    for (let i = 0; i < options.instances; i++) {
      services.push(
        await startService({
          runtime: options.runtime,
          database: options.database,
          authUrl: ctx.auth.url,
          logDir: ctx.logDir,
          name: `${label}-${i + 1}`,
          cpuProfileDir: ctx.options.cpuProfileDir,
          env: {
            ...queue.serviceEnv(queueName),
            MESSAGING_CONSUMER_DETAIL_URLS: details.baseUrl,
            MESSAGING_CONSUMER_CONCURRENCY: String(options.inFlight),
            CLIENT_ID: client.id,
            CLIENT_SECRET: client.secret,
            ...options.env,
          },
        }),
      )
    }
    const bodies: string[] = []
    const every = options.duplicateShare ? Math.round(1 / options.duplicateShare) : 0
    for (let i = 0; bodies.length < options.messages; i++) {
      const requirement = BENCH.eventRequirements[i % BENCH.eventRequirements.length]!
      const body = statusUpdatedBody(randomUUID(), BENCH.crn, details.detailUrl(requirement))
      bodies.push(body)
      if (every > 0 && i % every === 0 && bodies.length < options.messages) bodies.push(body)
    }
    const unique = new Set(bodies).size
    const started = performance.now()
    await sendAll(queue.client, queueUrl, bodies)
    const failure = await waitUntilEmpty(queue, queueName, options.messages)
    const seconds = (performance.now() - started) / 1000
    for (const service of services.splice(0)) await service.stop()
    const counted = await countContacts(options.database, label)
    return { rate: options.messages / seconds, deliveries: options.messages, unique, ...counted, failure }
  } finally {
    for (const service of services) await service.stop()
  }
}

/** Polls fauxqs every 10 ms; gives up after 20 s without progress. */
async function waitUntilEmpty(queue: LocalQueue, name: string, total: number): Promise<string | undefined> {
  let last = queue.remaining(name)
  let lastProgress = performance.now()
  while (last > 0) {
    await new Promise((r) => setTimeout(r, 10))
    const now = queue.remaining(name)
    if (now < last) lastProgress = performance.now()
    last = now
    if (performance.now() - lastProgress > 20_000) {
      return `stalled with ${now} of ${total} messages left (see the service log)`
    }
  }
  return undefined
}

async function countContacts(database: BenchDatabase, label: string) {
  const db = await database.open()
  try {
    const rows = await db.kysely
      .selectFrom('contact')
      .select(['externalReference', (eb) => eb.fn.countAll<number>().as('n')])
      .where('description', '=', label)
      .groupBy('externalReference')
      .execute()
    return {
      contacts: rows.reduce((sum, r) => sum + Number(r.n), 0),
      duplicated: rows.filter((r) => Number(r.n) > 1).length,
    }
  } finally {
    await db.close()
  }
}
