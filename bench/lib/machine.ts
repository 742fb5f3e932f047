import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { withAdmin } from '../../test/helpers/template.ts'
import { denoBinary, hostNode, ROOT } from './processes.ts'

/** The machine and runtime versions a run was measured on (from /proc via node:os). */
export interface Machine {
  cpu: string
  cores: number
  memoryGb: number
  node: string
  /** The machine's own Node (runtime `node-host`), when the run used it. */
  hostNode?: string
  deno: string
  postgres: string
  pglite: string
  autocannon: string
}

export async function describeMachine(withPostgres: boolean, withHostNode = false): Promise<Machine> {
  const deno = spawnSync(denoBinary(), ['--version'], { encoding: 'utf8' }).stdout ?? ''
  const postgres = withPostgres
    ? await withAdmin(async (admin) => {
        const { rows } = await admin.query<{ version: string }>('select version()')
        return /^PostgreSQL [\d.]+/.exec(rows[0]?.version ?? '')?.[0] ?? 'unknown'
      }).catch(() => 'unreachable')
    : 'not used'
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: totalmem() / 1024 ** 3,
    node: process.version,
    hostNode: withHostNode
      ? spawnSync(hostNode(), ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'unknown'
      : undefined,
    deno: deno.split('\n')[0]?.replace(/\s*\(.*\)$/, '') ?? 'unknown',
    postgres,
    pglite: packageVersion('@electric-sql/pglite'),
    autocannon: packageVersion('autocannon'),
  }
}

/** 1-minute load average: the bench is only meaningful on an otherwise quiet machine. */
export function load(): string {
  return loadavg()[0]!.toFixed(2)
}

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string
      }
    ).version
  } catch {
    return 'unknown'
  }
}
