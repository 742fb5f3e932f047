/**
 * Bench settings, all from the environment so the lead can run a longer, quieter measurement
 * without editing code. With the defaults a full run takes about 8 minutes on the quiet 2-core dev
 * machine (HTTP cells are most of it: BENCH_SECONDS=2 halves that).
 */
export type DbKind = 'pglite' | 'postgres'
/**
 * `node` is the image's Node (the node dev dependency, which runs the bench under npm); `deno` the
 * deno dev dependency; `node-host` the machine's own Node that launched npm (v20 on the dev
 * machines), opt-in, to compare the runtime upgrade within one run.
 */
export type Runtime = 'node' | 'deno' | 'node-host'
export const RUNTIMES: readonly Runtime[] = ['node', 'deno', 'node-host']
export const SECTIONS = ['startup', 'http', 'writes', 'events', 'scaling', 'scale-out', 'telemetry'] as const
export type SectionName = (typeof SECTIONS)[number]

export interface BenchOptions {
  /** Seconds per HTTP cell (BENCH_SECONDS, default 5). */
  seconds: number
  /** Concurrent connections per HTTP cell (BENCH_CONNECTIONS, default 1,10,50). */
  connections: number[]
  databases: DbKind[]
  runtimes: Runtime[]
  sections: Set<SectionName>
  /** Status-updated messages per events run (BENCH_MESSAGES, default 2000). */
  messages: number
  /** Contact counts of the scaling section (BENCH_SCALES, default 1000,10000,100000). */
  scales: number[]
  /** Where the report goes (BENCH_OUTPUT, default BENCHMARKS.md; `-` for none). */
  output: string
  /** Skip `npm run build` when dist/ is known to be fresh (BENCH_SKIP_BUILD=1). */
  skipBuild: boolean
  /** Node service processes write V8 CPU profiles here (BENCH_CPU_PROF=<dir>). */
  cpuProfileDir?: string
}

function list<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T[]): T[] {
  if (!value) return fallback
  const items = value.split(',').map((s) => s.trim()) as T[]
  const bad = items.filter((item) => !allowed.includes(item))
  if (bad.length > 0) throw new Error(`Unknown value(s) ${bad.join(', ')}; expected ${allowed.join(', ')}`)
  return items
}

function numbers(value: string | undefined, fallback: number[]): number[] {
  if (!value) return fallback
  const items = value.split(',').map((s) => Number(s.trim()))
  if (items.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`Bad number list: ${value}`)
  return items
}

export function benchOptions(env: Record<string, string | undefined> = process.env): BenchOptions {
  return {
    seconds: numbers(env.BENCH_SECONDS, [5])[0]!,
    connections: numbers(env.BENCH_CONNECTIONS, [1, 10, 50]),
    databases: list(env.BENCH_DBS, ['pglite', 'postgres'], ['pglite', 'postgres']),
    runtimes: list(env.BENCH_RUNTIMES, RUNTIMES, ['node', 'deno']),
    sections: new Set(list(env.BENCH_SECTIONS, SECTIONS, [...SECTIONS])),
    messages: numbers(env.BENCH_MESSAGES, [2000])[0]!,
    scales: numbers(env.BENCH_SCALES, [1000, 10_000, 100_000]),
    output: env.BENCH_OUTPUT ?? 'BENCHMARKS.md',
    skipBuild: env.BENCH_SKIP_BUILD === '1',
    cpuProfileDir: env.BENCH_CPU_PROF || undefined,
  }
}
