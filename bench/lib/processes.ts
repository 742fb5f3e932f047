import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { onCleanup } from './cleanup.ts'
import type { Runtime } from './options.ts'

/** Child processes of the bench: the service's production entry, the ceiling server. */
export const ROOT = resolve(import.meta.dirname, '../..')

export interface RunningProcess {
  pid: number
  url: string
  /** ms from spawn to the first 200 of the ready path. */
  readyMs: number
  logPath: string
  /** Resident memory now (VmRSS of /proc/<pid>/status), MB. */
  rssMb(): number
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** The deno binary itself (not the npm wrapper), so the pid we watch is the runtime's. */
export function denoBinary(): string {
  const dir = join(ROOT, 'node_modules/@deno')
  if (existsSync(dir)) {
    for (const platform of readdirSync(dir)) {
      const binary = join(dir, platform, 'deno')
      if (existsSync(binary)) return binary
    }
  }
  return 'deno'
}

/**
 * The Node that launched npm (npm records it in `npm_node_execpath`); outside npm, the first `node`
 * on PATH after node_modules/.bin.
 */
export function hostNode(): string {
  const launcher = process.env.npm_node_execpath
  if (launcher && existsSync(launcher)) return launcher
  const dirs = (process.env.PATH ?? '').split(':').filter((dir) => !dir.includes('node_modules'))
  return dirs.map((dir) => join(dir, 'node')).find((path) => existsSync(path)) ?? 'node'
}

/** The Node binary of a Node runtime of the bench. */
export function nodeBinary(runtime: Exclude<Runtime, 'deno'>): string {
  return runtime === 'node-host' ? hostNode() : process.execPath
}

/**
 * The production entry: built JS on Node (as `npm run start:prod`), the TS source on Deno.
 * With a profile folder, Node writes a CPU profile there when the process exits.
 */
export function serviceCommand(runtime: Runtime, cpuProfileDir?: string): string[] {
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []
  return runtime === 'deno'
    ? [denoBinary(), 'run', '-A', join(ROOT, 'src/main.deno.ts')]
    : [nodeBinary(runtime), ...profile, join(ROOT, 'dist/main.mjs')]
}

/** Runs a TypeScript script of the bench under the runtime (tsx loader on Node). */
export function scriptCommand(runtime: Runtime, script: string): string[] {
  return runtime === 'deno'
    ? [denoBinary(), 'run', '-A', script]
    : [nodeBinary(runtime), '--import', 'tsx', script]
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN)
  return kb / 1024
}

export interface StartOptions {
  command: string[]
  env: Record<string, string>
  port: number
  readyPath: string
  logPath: string
  timeoutMs?: number
}

/** Spawns, then polls the ready path every 5 ms; fails with the log tail if the process dies. */
export async function startProcess(options: StartOptions): Promise<RunningProcess> {
  const { command, port, readyPath, logPath } = options
  const log = openSync(logPath, 'a')
  const env = { ...inheritedEnv(), ...options.env, PORT: String(port) }
  const started = performance.now()
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', log, log] })
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  let running = true
  void exited.then(() => {
    running = false
  })
  const removeCleanup = onCleanup(() => stopChild(child, exited))
  const url = `http://127.0.0.1:${port}`
  const deadline = started + (options.timeoutMs ?? 60_000)
  let readyMs = Number.NaN
  while (performance.now() < deadline && running) {
    try {
      const response = await fetch(`${url}${readyPath}`)
      await response.arrayBuffer()
      if (response.status === 200) {
        readyMs = performance.now() - started
        break
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5))
  }
  if (!Number.isFinite(readyMs)) {
    await stopChild(child, exited)
    removeCleanup()
    const tail = readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n')
    throw new Error(`${command.join(' ')} did not become ready on ${readyPath}:\n${tail}`)
  }
  const pid = child.pid!
  return {
    pid,
    url,
    readyMs,
    logPath,
    rssMb: () => rssMb(pid),
    stop: async () => {
      removeCleanup()
      await stopChild(child, exited)
    },
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** The parent's environment minus anything that would configure the service behind our back. */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (/^(DATABASE_|MESSAGING_|HMPPS_|CLIENT_|LDAP_|AWS_|PORT$|LOG_LEVEL$|NODE_OPTIONS$)/.test(key)) continue
    env[key] = value
  }
  return env
}
