import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { isDeno } from '../../../src/runtime.ts'

/**
 * The production entry as a child process on the runtime running the test (`src/main.ts` run by
 * tsx on Node, `src/main.deno.ts` under Deno), for the shutdown test and
 * the soak: its stdout JSON log lines are kept for inspection, its exit awaited with code and time.
 */
export const ROOT = resolve(import.meta.dirname, '../../..')

export interface ServiceProcess {
  readonly pid: number
  readonly url: string
  readonly port: number
  /** Parsed JSON log lines so far (stdout); anything else goes to `rawOutput`. */
  readonly lines: Record<string, unknown>[]
  /** Everything the process printed, stdout and stderr (stderr only when `keep` filters the lines). */
  rawOutput(): string
  /** Resident memory of the process now, MB (/proc/<pid>/status VmRSS). */
  rssMb(): number
  signal(signal: NodeJS.Signals): number
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
  /** SIGTERM, then SIGKILL after `killAfterMs`; resolves on exit. */
  stop(killAfterMs?: number): Promise<void>
}

/** The parent's environment without anything that would configure the service behind the test's back. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (
      /^(DATABASE_|MESSAGING_|HMPPS_|CLIENT_|LDAP_|AWS_|PORT$|LOG_LEVEL$|NODE_OPTIONS$|SHUTDOWN_)/.test(key)
    )
      continue
    env[key] = value
  }
  return env
}

export async function startServiceProcess(
  env: Record<string, string>,
  options: {
    timeoutMs?: number
    keep?: (line: Record<string, unknown>) => boolean
    /** Node's arguments; default the sources through tsx (a bundle: `[path to main.mjs]`). */
    entry?: string[]
  } = {},
): Promise<ServiceProcess> {
  const keep = options.keep ?? (() => true)
  const entry =
    options.entry ??
    (isDeno
      ? ['run', '-A', resolve(ROOT, 'src/main.deno.ts')]
      : ['--import', 'tsx', resolve(ROOT, 'src/main.ts')])
  const child: ChildProcess = spawn(process.execPath, entry, {
    cwd: ROOT,
    // TZ=UTC as the image sets it (Oracle refuses another zone; times never depend on it).
    env: { ...baseEnv(), TZ: 'UTC', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Record<string, unknown>[] = []
  let raw = ''
  let pending = ''
  let onLine: ((line: Record<string, unknown>) => void) | undefined
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    if (options.keep === undefined) raw += chunk
    pending += chunk
    const parts = pending.split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) {
      try {
        const line = JSON.parse(part) as Record<string, unknown>
        if (keep(line)) lines.push(line)
        onLine?.(line)
      } catch {
        // Not a log line.
      }
    }
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal, at: Date.now() })),
  )
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`service did not start in time:\n${raw.slice(-3000)}`)),
      options.timeoutMs ?? 60_000,
    )
    onLine = (line) => {
      if (line.message === 'Started') {
        clearTimeout(timer)
        resolvePort(Number(line.port))
      }
    }
    void exited.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`service exited with ${code} before starting:\n${raw.slice(-3000)}`))
    })
  })
  const pid = child.pid as number
  // process.kill, not child.kill: Deno's child.kill() makes the exit report (null, signal) even when
  // the process handled the signal and exited 0; the test reads the real exit code.
  const send = (signal: NodeJS.Signals) => {
    try {
      process.kill(pid, signal)
    } catch {
      // Already gone.
    }
  }
  return {
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    lines,
    rawOutput: () => raw,
    rssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN) / 1024
    },
    signal: (signal) => {
      send(signal)
      return Date.now()
    },
    exited,
    async stop(killAfterMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      send('SIGTERM')
      const timer = setTimeout(() => send('SIGKILL'), killAfterMs)
      await exited
      clearTimeout(timer)
    },
  }
}
