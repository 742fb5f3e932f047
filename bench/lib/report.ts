import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Machine } from './machine.ts'
import type { BenchOptions } from './options.ts'
import { ROOT } from './processes.ts'
import { markdownTable, type Row, renderTable } from './table.ts'

/** One sentence per figure of the table, by section. */
const EXPLANATIONS: [string, string][] = [
  [
    '1 Start-up, start to ready',
    'Milliseconds from spawning the production entry (`node dist/main.mjs`, the bundle; `deno run -A src/main.deno.ts`) to the first 200 from `/health/readiness`, median of 3 starts after one unmeasured start that warms the file cache and Deno’s compile cache.',
  ],
  [
    '1 Start-up, RSS',
    'Resident memory (VmRSS from /proc/<pid>/status) of that process 1 s after it is ready, and again after all of its HTTP load cells.',
  ],
  [
    '2 HTTP',
    'autocannon in the bench process drives keep-alive connections at the running service (real JWT from the local HMPPS Auth) for BENCH_SECONDS per cell, after 2 s of unmeasured load at 10 connections per route; the ceiling is the same load on a bare Hono app in the same runtime returning the same JSON from memory, and the ratio is ours/ceiling in requests/s. The _vs database alone_ rows put the case endpoints next to PostgreSQL answering the same statements with the same values (recorded from one request, replayed one after the other as named statements on 10 pg clients in the bench process, no HTTP, token, Kysely or JSON): the most any service on this database and machine could reach.',
  ],
  [
    '3 Writes',
    'POST then PUT /appointments with 1, 10, 100 and 500 items against the service built in the bench process (same bootstrap as src/main.ts, requests through `app.request`), median time per request, appointments/s, and database statements per request counted with Kysely’s `log` hook; the `node` and `deno` rows send the same requests over HTTP to the production entry (after its HTTP load), where statements are not counted.',
  ],
  [
    '4 Events',
    'Status-updated notifications are put on a fresh fauxqs queue after the service (with its listener) is ready; the figure is messages/s from the first send until the queue is empty, each message having been fetched from a local detail server, written as a contact and deleted; the ceiling is the same number of messages received and deleted by the bench with no work in between, at the same number in flight.',
  ],
  [
    '5 Scaling',
    'Search for 100 requirement ids (500 matching contacts) on a database whose CONTACT table is topped up with filler on other components to 1,000, 10,000 and 100,000 rows; median and p95 of 30 sequential in-process requests after 5 warm-ups, and the growth of the median from the smallest to the largest table; the _over HTTP_ rows time the same 30 searches on the largest table sent to the production entry under each runtime (a fresh process, its first 30 searches unmeasured).',
  ],
  [
    '6 Scale-out',
    'One, then two Node service processes (10 in flight each) consume the same queue into the same PostgreSQL database; a tenth of the notifications is sent twice back to back, and the proof counts contacts per external reference (exactly one each).',
  ],
  [
    '7 Telemetry',
    'The case reads (10 connections) and the events run (10 in flight), each on a fresh production process with telemetry off and then on (Application Insights through the Azure exporter and Sentry at 5 % of transactions, both to loopback stand-ins in the bench process); the ceiling column is the same figure with telemetry off, the ratio on/off.',
  ],
]

/**
 * Figures taken while other work loaded the machine say little about the service. The 1-minute
 * load average lags (a test run that ended a minute ago still counts), so only a load above the
 * core count marks the run provisional.
 */
function busy(load: string, cores: number): string {
  return Number(load) > cores
    ? `\n**Provisional:** measured while other work kept the machine busy (load ${load} on ${cores} cores); rerun on a quiet machine for the real figures.\n`
    : ''
}

/** The first figure of a result ("3,710 req/s, p50 …" → 3710), with its unit. */
function leadingFigure(result: string): { value: number; unit: string } | undefined {
  const match = /^([\d,.]+)\s*([^\s,(]+)/.exec(result)
  if (!match) return undefined
  const value = Number(match[1]!.replace(/,/g, ''))
  return Number.isFinite(value) && value > 0 ? { value, unit: match[2]! } : undefined
}

/**
 * With the machine's own Node in the run (`node-host`), each of its rows beside the same row on the
 * image's Node: the change of the runtime upgrade, measured in one run on one machine.
 */
function runtimeComparison(rows: Row[], machine: Machine): string {
  const host = rows.filter((r) => r.runtime === 'node-host' && r.status !== 'SKIP')
  if (host.length === 0) return ''
  const lines = host.flatMap((before) => {
    const after = rows.find(
      (r) =>
        r.runtime === 'node' &&
        r.section === before.section &&
        r.case === before.case &&
        r.database === before.database,
    )
    const [a, b] = [leadingFigure(before.result), after && leadingFigure(after.result)]
    if (!after || !a || !b || a.unit !== b.unit) return []
    return [
      [
        before.section,
        before.case,
        before.database,
        before.result,
        after.result,
        `×${(b.value / a.value).toFixed(2)}`,
      ],
    ]
  })
  const hostLabel = `Node ${machine.hostNode ?? '(host)'}`
  return `## ${hostLabel} → Node ${machine.node}

The machine's own Node (runtime \`node-host\`) beside the image's Node, same run, same machine. The
change is of the first figure of each result (for ms, lower is better; for req/s and msg/s, higher).

${markdownTable(['Section', 'Case', 'DB', hostLabel, `Node ${machine.node}`, 'Change'], lines)}
`
}

export function writeReport(options: {
  file: string
  started: Date
  machine: Machine
  settings: BenchOptions
  loads: { start: string; end: string }
  rows: Row[]
}): void {
  const { machine, settings, rows } = options
  const misses = rows.filter((r) => r.status === 'MISS')
  const skips = rows.filter((r) => r.status === 'SKIP')
  const notesFile = join(ROOT, 'bench/notes.md')
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : ''
  const text = `# Benchmarks

Generated by \`npm run bench\` (bench/index.ts) on ${options.started.toISOString().slice(0, 16).replace('T', ' ')} UTC.
Targets are the issue's, on the PostgreSQL server; PGlite rows are for information.
${busy(options.loads.start, machine.cores)}
## Machine

- ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb.toFixed(1)} GB memory
- 1-minute load average at start ${options.loads.start}, at end ${options.loads.end}
- Node ${machine.node}${machine.hostNode ? ` (node-host: the machine's Node ${machine.hostNode})` : ''}; ${machine.deno}; ${machine.postgres} (127.0.0.1:5432); PGlite ${machine.pglite}; autocannon ${machine.autocannon}
- Settings: BENCH_SECONDS=${settings.seconds}, BENCH_CONNECTIONS=${settings.connections.join(',')}, BENCH_MESSAGES=${settings.messages}, BENCH_SCALES=${settings.scales.join(',')}, BENCH_DBS=${settings.databases.join(',')}, BENCH_RUNTIMES=${settings.runtimes.join(',')}

## Results

${renderTable(rows)}

${runtimeComparison(rows, machine)}

## What each figure is

${EXPLANATIONS.map(([name, sentence]) => `- **${name}**: ${sentence}`).join('\n')}

## Targets missed

${misses.length === 0 ? 'None.' : misses.map((r) => `- ${r.section}, ${r.case} (${r.runtime}, ${r.database}): ${r.result}; target ${r.target ?? 'a valid run'}`).join('\n')}
${skips.length === 0 ? '' : `\n## Not measured\n\n${skips.map((r) => `- ${r.section}, ${r.case} (${r.runtime}, ${r.database}): ${r.result}`).join('\n')}\n`}
${notes ? `\n${notes}\n` : ''}
## Running it

\`\`\`sh
npm run bench                                   # everything, ~5 s per HTTP cell
BENCH_SECONDS=10 npm run bench                  # longer HTTP cells
BENCH_SECTIONS=http,writes BENCH_DBS=postgres BENCH_RUNTIMES=node npm run bench
BENCH_RUNTIMES=node,deno,node-host npm run bench  # also the machine's own Node, compared with the image's
\`\`\`
Other settings: BENCH_CONNECTIONS, BENCH_MESSAGES, BENCH_SCALES, BENCH_OUTPUT (\`-\` prints only),
BENCH_SKIP_BUILD=1, BENCH_CPU_PROF=<dir> (CPU profiles of the Node service processes),
BENCH_KEEP_LOGS=1, TEST_POSTGRES_URL (admin URL of the PostgreSQL server).
`
  writeFileSync(options.file, text.replace(/\n{3,}/g, '\n\n'))
}
