import type { Db } from '../db/database.ts'

/**
 * Health as Spring Boot's actuator answers it (the platform's probes, the Service Catalogue and
 * other teams' monitors read it so):
 *
 * - `/health` aggregates every component: `db`, `ldap` (when a directory is configured), `ping`,
 *   and the process's own `livenessState` and `readinessState`;
 * - the probe groups `liveness` and `readiness` report the process only, never the database: a Delius
 *   outage must not take every pod out of the load balancer (the reference's database is only in
 *   `/health`). Readiness is OUT_OF_SERVICE until started and from the moment SIGTERM arrives;
 * - `/health/{component}` answers one component or group, e.g. `/health/ping`, `/health/db`.
 *
 * A report whose status is not UP is answered with 503.
 */
export type HealthStatus = 'UP' | 'DOWN' | 'OUT_OF_SERVICE'

export interface ComponentHealth {
  status: HealthStatus
  details?: Record<string, unknown>
}

export interface HealthReport {
  status: HealthStatus
  components?: Record<string, ComponentHealth>
}

/** The process's own state, set by the entry point: started once serving, stopping on SIGTERM. */
export interface ProcessState {
  readonly started: boolean
  readonly stopping: boolean
  markStarted(): void
  markStopping(): void
}

export function createProcessState(initial: { started?: boolean } = {}): ProcessState {
  let started = initial.started ?? false
  let stopping = false
  return {
    get started() {
      return started
    },
    get stopping() {
      return stopping
    },
    markStarted: () => {
      started = true
    },
    markStopping: () => {
      stopping = true
    },
  }
}

export interface HealthDeps {
  db: Db
  /** A directory that can be checked (LDAP); its component is shown only when there is one. */
  directory?: { check?(): Promise<void> }
  process?: ProcessState
  /** Each check gives up after this long, so a probe never hangs. Default 2 s. */
  timeoutMs?: number
}

export interface HealthService {
  /** Every component, aggregated (`/health`). */
  overall(): Promise<HealthReport>
  /** One component or probe group (`/health/{name}`); undefined when there is no such thing. */
  component(name: string): Promise<HealthReport | undefined>
  /** The names `/health/{name}` answers. */
  readonly names: readonly string[]
}

type Check = () => Promise<ComponentHealth>

/** Worst first: a report is as healthy as its least healthy component. */
const SEVERITY: readonly HealthStatus[] = ['DOWN', 'OUT_OF_SERVICE', 'UP']

/** The probe groups and the components they contain. */
const GROUPS: Record<string, readonly string[]> = {
  liveness: ['livenessState'],
  readiness: ['readinessState'],
}

export function aggregate(statuses: readonly HealthStatus[]): HealthStatus {
  return SEVERITY.find((status) => statuses.includes(status)) ?? 'UP'
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

const DATABASE_NAMES = { oracle: 'Oracle', postgres: 'PostgreSQL', pglite: 'PGlite' } as const

export function createHealthService(deps: HealthDeps): HealthService {
  const timeoutMs = deps.timeoutMs ?? 2_000
  const state = deps.process ?? createProcessState({ started: true })
  const database = DATABASE_NAMES[deps.db.dialect.name as keyof typeof DATABASE_NAMES] ?? deps.db.dialect.name

  const db: Check = async () => {
    const started = performance.now()
    try {
      await withTimeout(deps.db.dialect.pingQuery().execute(deps.db.kysely), timeoutMs)
      return { status: 'UP', details: { database, responseTimeMs: Math.round(performance.now() - started) } }
    } catch (error) {
      return { status: 'DOWN', details: { database, error: errorText(error) } }
    }
  }
  const directory = deps.directory
  const ldap: Check | undefined = directory?.check
    ? async () => {
        try {
          await withTimeout(directory.check!(), timeoutMs)
          return { status: 'UP' }
        } catch (error) {
          return { status: 'DOWN', details: { error: errorText(error) } }
        }
      }
    : undefined

  const checks: Record<string, Check> = {
    db,
    ...(ldap ? { ldap } : {}),
    livenessState: async () => ({ status: 'UP' }),
    ping: async () => ({ status: 'UP' }),
    readinessState: async () => ({ status: state.started && !state.stopping ? 'UP' : 'OUT_OF_SERVICE' }),
  }

  const report = async (names: readonly string[]): Promise<HealthReport> => {
    const results = await Promise.all(names.map((name) => checks[name]!()))
    const components = Object.fromEntries(names.map((name, i) => [name, results[i]!]))
    return { status: aggregate(results.map((r) => r.status)), components }
  }

  return {
    names: [...Object.keys(checks), ...Object.keys(GROUPS)],
    overall: () => report(Object.keys(checks)),
    async component(name) {
      // Own names only: `constructor` or `__proto__` in the path is no component.
      if (Object.hasOwn(GROUPS, name)) return report(GROUPS[name]!)
      return Object.hasOwn(checks, name) ? checks[name]!() : undefined
    },
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
