import type { BenchContext } from './lib/context.ts'
import type { DbKind, Runtime } from './lib/options.ts'
import { startService } from './lib/service.ts'
import { mb, median, ms, num } from './lib/stats.ts'
import { passOrMiss, type Row } from './lib/table.ts'

/**
 * Section 1: process start to the first 200 of /health/readiness, production entry, after one
 * unmeasured start (fills Deno's compile cache and the OS file cache, as a deployed image has).
 */
export const STARTS = 3

export async function measureStartup(ctx: BenchContext, runtime: Runtime, kind: DbKind): Promise<number[]> {
  const database = ctx.databases.get(kind)!
  const samples: number[] = []
  for (let i = 0; i <= STARTS; i++) {
    const service = await startService({
      runtime,
      database,
      authUrl: ctx.auth.url,
      logDir: ctx.logDir,
      name: `startup-${runtime}-${kind}`,
    })
    await service.stop()
    if (i > 0) samples.push(service.readyMs)
  }
  ctx.progress(`start-up ${runtime}/${kind}: ${samples.map((s) => Math.round(s)).join(', ')} ms`)
  return samples
}

export function startupRows(
  runtime: Runtime,
  kind: DbKind,
  samples: number[],
  rss: { idle: number; afterLoad?: number },
): Row[] {
  const targets = kind === 'postgres'
  const ready = median(samples)
  return [
    {
      section: '1 Start-up',
      case: `start to ready (median of ${samples.length})`,
      runtime,
      database: kind,
      result: `${ms(ready)} (${samples.map((s) => num(s)).join(' / ')})`,
      target: targets ? '< 1,000 ms' : undefined,
      status: targets ? passOrMiss(ready < 1000) : '',
    },
    {
      section: '1 Start-up',
      case: 'RSS idle / after HTTP load',
      runtime,
      database: kind,
      result: `${mb(rss.idle)} / ${rss.afterLoad === undefined ? '–' : mb(rss.afterLoad)}`,
      target: targets ? 'idle < 120 MB' : undefined,
      status: targets ? passOrMiss(rss.idle < 120) : '',
    },
  ]
}
