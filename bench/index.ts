/**
 * `npm run bench`: measures start-up, HTTP, bulk writes, events, scaling and scale-out (issue 6),
 * prints one table and writes BENCHMARKS.md. Settings: bench/lib/options.ts (BENCH_* variables).
 * Parts whose endpoint or listener does not exist yet give a SKIP row instead of failing the run.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startLocalAuth } from '../src/dev/local-auth.ts'
import { eventsSection, queueCeilings } from './events.ts'
import { type CeilingCache, httpSection } from './http.ts'
import { cleanupAll, onCleanup } from './lib/cleanup.ts'
import type { BenchContext } from './lib/context.ts'
import { createBenchDatabase } from './lib/databases.ts'
import { startDetailServer } from './lib/detail-server.ts'
import { listenerAvailable } from './lib/events-run.ts'
import { describeMachine, load } from './lib/machine.ts'
import { benchOptions, type DbKind, type Runtime } from './lib/options.ts'
import { ROOT } from './lib/processes.ts'
import { startQueue } from './lib/queue.ts'
import { writeReport } from './lib/report.ts'
import { startService } from './lib/service.ts'
import { type Row, renderTable } from './lib/table.ts'
import { scaleOutSection } from './scale-out.ts'
import { scalingSection } from './scaling.ts'
import { measureStartup, startupRows } from './startup.ts'
import { telemetrySection, telemetryStandIns } from './telemetry.ts'
import { writesOverHttp, writesSection } from './writes.ts'

const options = benchOptions()
const started = new Date()
const t0 = performance.now()
const progress = (message: string) =>
  process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${message}\n`)
const sections = options.sections
const loadAtStart = load()

process.once('SIGINT', () => {
  void cleanupAll().then(() => process.exit(130))
})

/** A section that throws becomes a MISS row; the rest of the bench still runs. */
async function guarded(section: string, runtime: string, database: string, run: () => Promise<Row[]>) {
  try {
    return await run()
  } catch (error) {
    progress(`${section} ${runtime}/${database} failed: ${(error as Error).stack}`)
    const message = (error as Error).message.split('\n')[0]!.slice(0, 160)
    return [{ section, case: 'run', runtime, database, result: `error: ${message}`, status: 'MISS' } as Row]
  }
}

function build(): boolean {
  if (options.skipBuild) return existsSync(join(ROOT, 'dist/main.mjs'))
  progress('npm run build')
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, encoding: 'utf8' })
  if (result.status !== 0) progress(`build reported errors:\n${result.stdout}${result.stderr}`)
  return existsSync(join(ROOT, 'dist/main.mjs'))
}

/**
 * Sections 1, 2 and 3 (over HTTP) share each service process: start-up samples, then one instance
 * under load, then the bulk writes.
 */
async function serviceRuns(ctx: BenchContext, runtime: Runtime, kind: DbKind, ceilings: CeilingCache) {
  const samples = sections.has('startup') ? await measureStartup(ctx, runtime, kind) : []
  const service = await startService({
    runtime,
    database: ctx.databases.get(kind)!,
    authUrl: ctx.auth.url,
    logDir: ctx.logDir,
    name: `http-${runtime}-${kind}`,
    cpuProfileDir: ctx.options.cpuProfileDir,
  })
  try {
    await new Promise((r) => setTimeout(r, 1000))
    const idle = service.rssMb()
    const rows = sections.has('http') ? await httpSection(ctx, runtime, kind, service, ceilings) : []
    const afterLoad = sections.has('http') ? service.rssMb() : undefined
    const startup = sections.has('startup')
      ? startupRows(runtime, kind, samples.length > 0 ? samples : [service.readyMs], { idle, afterLoad })
      : []
    const writes = sections.has('writes') ? await writesOverHttp(ctx, runtime, kind, service) : []
    return [...startup, ...rows, ...writes]
  } finally {
    await service.stop()
  }
}

const rows: Row[] = []
let logDir = ''
try {
  if (Number(loadAtStart) > cpus().length / 2) {
    progress(
      `load average ${loadAtStart} on ${cpus().length} cores: figures will be low; rerun on a quiet machine`,
    )
  }
  logDir = mkdtempSync(join(tmpdir(), 'apd-bench-'))
  progress(`logs in ${logDir}`)
  // The Node services run on this process's Node (process.execPath): under npm run bench, the node dev dependency.
  progress(`Node ${process.version} (${process.execPath})`)
  // Every section but the in-process ones runs the production entry.
  const built = build()
  const auth = await startLocalAuth()
  onCleanup(() => auth.stop())
  const databases = new Map<DbKind, Awaited<ReturnType<typeof createBenchDatabase>>>()
  for (const kind of options.databases) {
    progress(`creating the ${kind} bench database`)
    databases.set(kind, await createBenchDatabase(kind, 'main'))
  }
  const ctx: BenchContext = {
    options,
    auth,
    // Valid for the whole run (a full run with three runtimes takes over 20 minutes: HMPPS Auth's
    // 20-minute default expired before the last sections).
    token: await auth.signToken({ expiresIn: 4 * 3600 }),
    databases,
    logDir,
    built,
    progress,
  }
  const unbuilt = (runtime: Runtime) => runtime !== 'deno' && !built

  if (sections.has('startup') || sections.has('http') || sections.has('writes')) {
    const ceilings: CeilingCache = new Map()
    for (const runtime of options.runtimes) {
      for (const kind of options.databases) {
        if (unbuilt(runtime)) continue
        rows.push(
          ...(await guarded('1-3 Start-up/HTTP/writes', runtime, kind, () =>
            serviceRuns(ctx, runtime, kind, ceilings),
          )),
        )
      }
    }
  }
  if (sections.has('writes')) {
    for (const kind of options.databases) {
      rows.push(...(await guarded('3 Writes', 'in-process (node)', kind, () => writesSection(ctx, kind))))
    }
  }
  if (sections.has('events') || sections.has('scale-out') || sections.has('telemetry')) {
    const queue = await startQueue()
    const details = await startDetailServer()
    if (sections.has('telemetry')) {
      const stands = await telemetryStandIns(ctx, onCleanup)
      for (const runtime of options.runtimes) {
        for (const kind of options.databases) {
          if (unbuilt(runtime)) continue
          rows.push(
            ...(await guarded('7 Telemetry', runtime, kind, () =>
              telemetrySection(
                ctx,
                runtime,
                kind,
                stands,
                listenerAvailable() ? { queue, details } : undefined,
              ),
            )),
          )
        }
      }
    }
    if (sections.has('events')) {
      const ceilings = listenerAvailable() ? await queueCeilings(ctx, queue) : new Map<number, number>()
      for (const runtime of options.runtimes) {
        for (const kind of options.databases) {
          if (unbuilt(runtime)) continue
          rows.push(
            ...(await guarded('4 Events', runtime, kind, () =>
              eventsSection(ctx, runtime, kind, queue, details, ceilings),
            )),
          )
        }
      }
    }
    if (sections.has('scale-out')) {
      rows.push(
        ...(await guarded('6 Scale-out', 'node', 'postgres', () => scaleOutSection(ctx, queue, details))),
      )
    }
  }
  if (sections.has('scaling')) {
    for (const kind of options.databases) {
      rows.push(...(await guarded('5 Scaling', 'in-process (node)', kind, () => scalingSection(ctx, kind))))
    }
  }
  rows.sort((a, b) => a.section.localeCompare(b.section))

  const table = renderTable(rows)
  process.stdout.write(`\n${table}\n\n`)
  if (options.output !== '-') {
    writeReport({
      file: resolve(ROOT, options.output),
      started,
      machine: await describeMachine(
        options.databases.includes('postgres'),
        options.runtimes.includes('node-host'),
      ),
      settings: options,
      loads: { start: loadAtStart, end: load() },
      rows,
    })
    progress(`wrote ${options.output}`)
  }
} finally {
  await cleanupAll()
  // Service logs only matter when something failed.
  const failed = rows.some((r) => /^(error|failed)/.test(r.result))
  if (logDir && !failed && process.env.BENCH_KEEP_LOGS !== '1')
    rmSync(logDir, { recursive: true, force: true })
  else if (logDir) progress(`service logs kept in ${logDir}`)
}
