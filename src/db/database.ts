import { CamelCasePlugin, Kysely, type KyselyPlugin, type LogConfig, PostgresDialect } from 'kysely'
import { type DialectName, dialectFor, type SqlDialect } from './dialect.ts'
import { statementNamer, usePreparedStatements } from './prepared-statements.ts'
import type { Database } from './schema.ts'

/**
 * One factory for the three databases (spec README §1):
 * - `oracle://user:password@host:port/service` — Delius in production (kysely-oracledb, thin mode);
 * - `postgres://...` — a real PostgreSQL server (dev, CI);
 * - `pglite://memory` or `pglite:///absolute/dir` — embedded PostgreSQL (dev stack, tests).
 *
 * Dates: Delius DATE columns are London wall-clock values, so every driver is told to hand them
 * over as `YYYY-MM-DD HH:mm:ss` text, never as a JS Date (which would drag in the host's zone).
 */
export interface Db {
  readonly kysely: Kysely<Database>
  readonly dialect: SqlDialect
  close(): Promise<void>
}

export interface DatabaseOptions {
  url: string
  /** Oracle: the connection a JDBC URL resolved to (src/database-settings.ts); else parsed from `url`. */
  oracle?: { user: string; password: string; connectString: string }
  /** Delius user name for the Oracle VPD client identifier. */
  deliusUsername?: string
  poolSize?: number
  /** Extra plugins (tests add the Oracle shadow check). */
  plugins?: KyselyPlugin[]
  log?: LogConfig
}

export function dialectNameOf(url: string): DialectName {
  if (url.startsWith('oracle://')) return 'oracle'
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres'
  if (url.startsWith('pglite://')) return 'pglite'
  throw new Error('DATABASE_URL must start with oracle://, postgres://, postgresql:// or pglite://')
}

export async function createDatabase(options: DatabaseOptions): Promise<Db> {
  const name = dialectNameOf(options.url)
  switch (name) {
    case 'oracle':
      return (await import('./oracle.ts')).createOracleDatabase(options)
    case 'postgres':
      return createPostgresDatabase(options)
    case 'pglite':
      return (await import('./pglite.ts')).createPgliteDatabase(options)
  }
}

async function createPostgresDatabase(options: DatabaseOptions): Promise<Db> {
  const pg = await import('pg')
  const { Pool, types } = pg.default
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    // A dead server must not hang requests: fail queries that wait too long.
    query_timeout: 30_000,
    types: { getTypeParser: postgresTypeParser(types.getTypeParser) },
  })
  // An idle client losing its server emits 'error' on the pool; without a listener it would crash.
  pool.on('error', () => {})
  // So does a checked-out one (between the statements of a transaction) on the client itself: the
  // failure then reaches the caller through its next query instead of crashing the process.
  const nameOf = statementNamer()
  pool.on('connect', (client) => {
    client.on('error', () => {})
    usePreparedStatements(client, nameOf)
  })
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin(), ...(options.plugins ?? [])],
    log: options.log,
  })
  return { kysely, dialect: dialectFor('postgres'), close: () => kysely.destroy() }
}

/** Type OIDs whose text form we keep (dates) or turn into numbers (int8, numeric). */
export const PG_TYPES = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const

export function postgresTypeParser<F extends (oid: number, format?: 'text' | 'binary') => unknown>(
  fallback: F,
) {
  return ((oid: number, format?: 'text' | 'binary') => {
    switch (oid) {
      case PG_TYPES.int8:
      case PG_TYPES.numeric:
        return (value: string) => Number(value)
      case PG_TYPES.date:
      case PG_TYPES.timestamp:
      case PG_TYPES.timestamptz:
        return (value: string) => value
      default:
        return fallback(oid, format)
    }
  }) as F
}
