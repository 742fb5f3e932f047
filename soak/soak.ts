/**
 * `npm run soak`: a bounded soak of the production process on loopback (issue 7 item 5).
 *
 * Starts src/main.ts on a fresh copy of the seeded PGlite database (SOAK_DB=postgres: a database
 * on the local PostgreSQL server) with the listener on a local SQS-compatible queue, a local HMPPS
 * Auth and a local Accredited Programmes API, then for SOAK_SECONDS (default 60) drives mixed reads
 * and writes over SOAK_CONNECTIONS (default 20) keep-alive connections plus SOAK_EVENTS_PER_SECOND
 * (default 5) status events. Reports errors (must be 0), latency percentiles, events written
 * exactly once and the process's RSS over time (must level off), and exits 1 if any check fails.
 * `--record` writes the figures into RELIABILITY.md.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Agent } from 'node:http'
import { release } from 'node:os'
import { resolve } from 'node:path'
import { describeMachine, load } from '../bench/lib/machine.ts'
import { percentile } from '../bench/lib/stats.ts'
import { createDatabase, type Db } from '../src/db/database.ts'
import { SEED } from '../src/db/seed.ts'
import { startLocalAuth } from '../src/dev/local-auth.ts'
import { startTestQueueServer } from '../test/helpers/queue.ts'
import {
  copyPgliteTemplate,
  createPostgresTemplate,
  ensurePgliteTemplate,
  postgresUrl,
  withAdmin,
} from '../test/helpers/template.ts'
import { startTestUpstream } from '../test/helpers/upstream.ts'
import { send } from '../test/reliability/support/http-client.ts'
import { contactsByNotification, goodMessage } from '../test/reliability/support/listener.ts'
import { concretePath, operationsOf } from '../test/reliability/support/openapi.ts'
import { ROOT, startServiceProcess } from '../test/reliability/support/service-process.ts'
import { appointmentBatch } from '../test/reliability/support/valid-requests.ts'

const env = process.env
const SECONDS = Number(env.SOAK_SECONDS ?? 60)
const CONNECTIONS = Number(env.SOAK_CONNECTIONS ?? 20)
const EVENTS_PER_SECOND = Number(env.SOAK_EVENTS_PER_SECOND ?? 5)
const DB_KIND = env.SOAK_DB === 'postgres' ? 'postgres' : 'pglite'
const RECORD = process.argv.includes('--record')
const WARM_UP_MS = 5_000

const log = (text: string) => process.stderr.write(`${text}\n`)
const cleanups: (() => Promise<unknown> | unknown)[] = []

async function database(): Promise<{ url: string; open: () => Promise<Db> }> {
  if (DB_KIND === 'pglite') {
    const dir = copyPgliteTemplate(await ensurePgliteTemplate())
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const url = `pglite://${dir}`
    return { url, open: () => createDatabase({ url }) }
  }
  const name = `apd_soak_${process.pid}`
  await createPostgresTemplate(name)
  cleanups.push(() => withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`)))
  const url = postgresUrl(name)
  return { url, open: () => createDatabase({ url }) }
}

type Kind = 'read' | 'search' | 'create' | 'update' | 'delete'
interface Sample {
  kind: Kind
  ms: number
  at: number
}

async function main(): Promise<number> {
  const [auth, sqs, upstream, db] = await Promise.all([
    startLocalAuth(),
    startTestQueueServer(),
    startTestUpstream(),
    database(),
  ])
  cleanups.push(
    () => auth.stop(),
    () => sqs.close(),
    () => upstream.stop(),
  )
  const queue = await sqs.createQueue('soak', { visibilityTimeoutSeconds: 30, maxReceiveCount: 3 })
  log(`soak: starting the service on ${DB_KIND}…`)
  const service = await startServiceProcess(
    {
      DATABASE_URL: db.url,
      HMPPS_AUTH_URL: auth.url,
      CLIENT_ID: 'accredited-programmes-and-delius',
      CLIENT_SECRET: 'local-client-secret',
      MESSAGING_CONSUMER_QUEUE: queue.url,
      MESSAGING_CONSUMER_DETAIL_URLS: upstream.base,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'soak',
      AWS_SECRET_ACCESS_KEY: 'soak',
      LOG_LEVEL: 'info',
    },
    { keep: (line) => line.message !== 'request' && line.level !== 'info' },
  )
  cleanups.push(() => service.stop())
  const token = await auth.signToken()
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const call = (path: string, method = 'GET', body?: unknown) =>
    send(`${service.url}${path}`, { method, token, body, agent })

  // Every documented read, with its example values; the status each gives is its expected one.
  const document = JSON.parse((await call('/v3/api-docs')).body)
  const reads = operationsOf(document)
    .filter((op) => op.protected && op.method === 'GET')
    .map((op) => concretePath(op))
  const expected = new Map<string, number | undefined>()
  for (const path of reads) expected.set(path, (await call(path)).status)

  const samples: Sample[] = []
  const errors: string[] = []
  const rss: { at: number; mb: number }[] = []
  const started = Date.now()
  const endAt = started + SECONDS * 1000
  const rssTimer = setInterval(() => rss.push({ at: Date.now() - started, mb: service.rssMb() }), 1_000)

  const worker = async (w: number) => {
    const mine: ReturnType<typeof appointmentBatch>['appointments'] = []
    for (let n = 0; Date.now() < endAt; n++) {
      const roll = (n * 7 + w * 3) % 10
      const kind: Kind =
        roll < 6 ? 'read' : roll === 6 ? 'search' : roll === 7 ? 'create' : roll === 8 ? 'update' : 'delete'
      const t0 = performance.now()
      let outcome: Awaited<ReturnType<typeof call>>
      let ok: boolean
      if (kind === 'read') {
        const path = reads[(n + w) % reads.length] as string
        outcome = await call(path)
        ok = outcome.status === expected.get(path)
      } else if (kind === 'search') {
        outcome = await call('/appointments/search', 'POST', {
          requirementIds: [SEED.appointments.requirement],
          licenceConditionIds: [],
          fromDate: '2030-01-01',
          toDate: '2030-12-31',
        })
        ok = outcome.status === 200
      } else if (kind === 'create') {
        const batch = appointmentBatch(5, { notes: 'Soak' })
        outcome = await call('/appointments', 'POST', batch)
        ok = outcome.status === 201
        if (ok) mine.push(...batch.appointments)
      } else if (kind === 'update') {
        const some = mine
          .slice(-5)
          .map((a) => ({ ...a, startTime: '09:00:00', endTime: '09:45:00', notes: `Soak ${n}` }))
        outcome = some.length
          ? await call('/appointments', 'PUT', { appointments: some })
          : await call('/appointments/search', 'POST', { requirementIds: [], licenceConditionIds: [4001] })
        ok = outcome.status === (some.length ? 204 : 200)
      } else {
        const gone = mine.splice(0, 5).map((a) => ({ reference: a.reference }))
        outcome = gone.length
          ? await call('/appointments', 'DELETE', { appointments: gone })
          : await call('/appointments', 'DELETE', { appointments: [{ reference: randomUUID() }] })
        ok = outcome.status === 204
      }
      const ms = performance.now() - t0
      if (Date.now() - started >= WARM_UP_MS) samples.push({ kind, ms, at: Date.now() - started })
      if (!ok) errors.push(`${kind}: ${outcome.status ?? outcome.error} ${outcome.body.slice(0, 200)}`)
    }
  }

  // The event stream: status changes at a steady rate, each with its own SNS MessageId.
  const sent: string[] = []
  const eventTimer = setInterval(() => {
    const message = goodMessage(upstream)
    sent.push(message.messageId)
    sqs.send(queue.url, message.body).catch((error: unknown) => errors.push(`event send: ${String(error)}`))
  }, 1000 / EVENTS_PER_SECOND)

  log(`soak: ${SECONDS} s at ${CONNECTIONS} connections and ${EVENTS_PER_SECOND} events/s…`)
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)))
  clearInterval(eventTimer)
  const loadEndedAt = Date.now()
  // The queue drains within a bound, then the process stops cleanly (SIGTERM).
  const drainDeadline = Date.now() + 60_000
  while (Date.now() < drainDeadline) {
    const counts = sqs.counts(queue.name)
    if (counts.visible === 0 && counts.inFlight === 0) break
    await new Promise((r) => setTimeout(r, 200))
  }
  const drainMs = Date.now() - loadEndedAt
  clearInterval(rssTimer)
  agent.destroy()
  const stopStarted = Date.now()
  await service.stop()
  const exit = await service.exited
  const stopMs = Date.now() - stopStarted

  const check = await db.open()
  const counts = await contactsByNotification(check, sent)
  await check.close()
  const written = [...counts.values()]
  const once = written.filter((n) => n === 1).length
  const dead = sqs.counts(queue.dlqName).visible
  const serviceErrors = service.lines.filter((line) => line.level === 'error')

  // RSS after warm-up: the last third must not keep climbing (a leak grows steadily).
  const steady = rss.filter((r) => r.at >= WARM_UP_MS)
  const third = Math.max(1, Math.floor(steady.length / 3))
  const mean = (xs: { mb: number }[]) => xs.reduce((s, x) => s + x.mb, 0) / Math.max(1, xs.length)
  const firstThird = mean(steady.slice(0, third))
  const middleThird = mean(steady.slice(third, 2 * third))
  const lastThird = mean(steady.slice(-third))
  const lastGrowth = lastThird - middleThird
  const levelsOff = lastGrowth <= Math.max(16, 0.05 * middleThird)

  const all = samples.map((s) => s.ms)
  const byKind = (['read', 'search', 'create', 'update', 'delete'] as Kind[]).map((kind) => {
    const ms = samples.filter((s) => s.kind === kind).map((s) => s.ms)
    return `| ${kind} | ${ms.length} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 95))} | ${f(percentile(ms, 99))} | ${f(Math.max(...ms))} |`
  })
  const measuredSeconds = (loadEndedAt - started - WARM_UP_MS) / 1000
  const machine = await describeMachine(DB_KIND === 'postgres')
  const ok =
    errors.length === 0 &&
    once === sent.length &&
    dead === 0 &&
    levelsOff &&
    exit.code === 0 &&
    serviceErrors.length === 0

  const report = `### Soak ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${ok ? 'passed' : 'FAILED'}

Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(1)} GB, Linux ${release()}, Node ${machine.node}; load average at the end ${load()} (other work was running).
Run: production entry (\`src/main.ts\` via tsx) on ${DB_KIND === 'pglite' ? `PGlite ${machine.pglite}` : machine.postgres}, ${SECONDS} s, ${CONNECTIONS} keep-alive connections, ${EVENTS_PER_SECOND} status events/s, loopback only; the first ${WARM_UP_MS / 1000} s are warm-up and not measured.

| figure | value |
| --- | --- |
| requests (measured) | ${all.length} in ${measuredSeconds.toFixed(0)} s = ${(all.length / measuredSeconds).toFixed(0)} req/s |
| errors (5xx, network, unexpected status) | **${errors.length}** |
| latency p50 / p95 / p99 / max | ${f(percentile(all, 50))} / ${f(percentile(all, 95))} / **${f(percentile(all, 99))}** / ${f(Math.max(...all))} ms |
| events sent / written exactly once / dead-lettered | ${sent.length} / ${once} / ${dead} (queue drained ${drainMs} ms after the load) |
| RSS first / middle / last third (mean) | ${firstThird.toFixed(0)} / ${middleThird.toFixed(0)} / ${lastThird.toFixed(0)} MB; max ${Math.max(...rss.map((r) => r.mb)).toFixed(0)} MB |
| RSS growth, last third vs middle | ${lastGrowth >= 0 ? '+' : ''}${lastGrowth.toFixed(1)} MB (${levelsOff ? 'levels off' : 'STILL GROWING'}) |
| error lines in the service log | ${serviceErrors.length} |
| SIGTERM to exit | ${stopMs} ms, exit code ${exit.code} |

| kind | requests | p50 ms | p95 ms | p99 ms | max ms |
| --- | --- | --- | --- | --- | --- |
${byKind.join('\n')}
`
  process.stdout.write(`\n${report}\n`)
  if (errors.length > 0) log(`first errors:\n${errors.slice(0, 10).join('\n')}`)
  if (serviceErrors.length > 0)
    log(
      `service errors:\n${serviceErrors
        .slice(0, 5)
        .map((l) => JSON.stringify(l))
        .join('\n')}`,
    )
  if (RECORD) record(report)
  return ok ? 0 : 1
}

function f(value: number): string {
  return Number.isFinite(value) ? value.toFixed(value >= 100 ? 0 : 1) : '–'
}

/** Replaces the figures between the soak markers of RELIABILITY.md. */
function record(report: string) {
  const path = resolve(ROOT, 'RELIABILITY.md')
  const text = readFileSync(path, 'utf8')
  const start = '<!-- soak:start -->'
  const end = '<!-- soak:end -->'
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error('RELIABILITY.md has no soak markers')
  writeFileSync(path, `${text.slice(0, from + start.length)}\n${report}\n${text.slice(to)}`)
  // The lint step formats Markdown tables; keep the file as it wants it.
  execFileSync(resolve(ROOT, 'node_modules/.bin/biome'), ['format', '--write', path], { stdio: 'ignore' })
  log('soak: figures written to RELIABILITY.md')
}

let code = 1
try {
  code = await main()
} catch (error) {
  log(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {})
}
process.exit(code)
