import { CamelCasePlugin, Kysely } from 'kysely'
import { OracleDialect } from 'kysely-oracledb'
import oracledb from 'oracledb'
import type { DatabaseOptions, Db } from './database.ts'
import { dialectFor } from './dialect.ts'
import type { Database } from './schema.ts'

/**
 * Delius on Oracle (production). Thin mode: no Oracle client libraries needed.
 *
 * Every connection taken from the pool sets the Delius VPD client identifier to the service's
 * Delius user and clears it when it goes back (events.md §B.6), so Delius auditing and row-level
 * security see who did what.
 */
export const SET_CLIENT_IDENTIFIER = 'begin pkg_vpd_ctx.set_client_identifier(:username); end;'
export const CLEAR_CLIENT_IDENTIFIER = 'begin pkg_vpd_ctx.clear_client_identifier(); end;'

/**
 * Session settings run once per new physical session: dates travel as London wall-clock text
 * (`YYYY-MM-DD HH24:MI:SS`) in both directions, matching the postgres/pglite drivers.
 */
export const SESSION_SETUP = [
  `alter session set nls_date_format = 'YYYY-MM-DD HH24:MI:SS'`,
  `alter session set nls_timestamp_format = 'YYYY-MM-DD HH24:MI:SS'`,
  `alter session set time_zone = 'Europe/London'`,
]

/** The parts of an oracledb connection and pool that the hook uses (so it can be unit tested). */
export interface HookConnection {
  execute(sql: string, binds?: unknown): Promise<unknown>
  close(): Promise<void>
}
export interface HookPool<C extends HookConnection = HookConnection> {
  getConnection(): Promise<C>
  close(drainTime?: number): Promise<void>
}

/**
 * Wraps a pool so every connection handed out has the VPD identifier set, and clears it before the
 * connection returns to the pool. A failure to set it releases the connection and fails the query.
 */
export function withClientIdentifier<C extends HookConnection, P extends HookPool<C>>(
  pool: P,
  username: string,
): P {
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'getConnection') return Reflect.get(target, property, receiver)
      return async () => {
        const connection = await target.getConnection()
        try {
          await connection.execute(SET_CLIENT_IDENTIFIER, { username })
        } catch (error) {
          await connection.close().catch(() => {})
          throw error
        }
        const close = connection.close.bind(connection)
        return new Proxy(connection, {
          get(c, p, r) {
            if (p !== 'close') return Reflect.get(c, p, r)
            return async () => {
              try {
                await c.execute(CLEAR_CLIENT_IDENTIFIER)
              } finally {
                await close()
              }
            }
          },
        })
      }
    },
  })
}

/** `YYYY-MM-DD HH:mm:ss` from a Date oracledb built in local time (null stays null). */
export function wallClockText(value: unknown): string | null {
  if (!(value instanceof Date)) return value === null || value === undefined ? null : String(value)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())} ${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`
}

export function parseOracleUrl(url: string): { user: string; password: string; connectString: string } {
  const parsed = new URL(url)
  return {
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    connectString: `${parsed.hostname}:${parsed.port || '1521'}${parsed.pathname}`,
  }
}

export async function createOracleDatabase(options: DatabaseOptions): Promise<Db> {
  const { user, password, connectString } = options.oracle ?? parseOracleUrl(options.url)
  // CLOB notes arrive as strings. DATE values arrive as JS Dates built from the stored wall clock in
  // the process's zone; reading them back with the local getters recovers the wall clock exactly.
  oracledb.fetchAsString = [oracledb.CLOB]
  oracledb.fetchTypeHandler = (metadata) =>
    metadata.dbType === oracledb.DB_TYPE_DATE
      ? { converter: (value: unknown) => wallClockText(value) }
      : undefined
  const pool = await oracledb.createPool({
    user,
    password,
    connectString,
    poolMin: 0,
    poolMax: options.poolSize ?? 10,
    poolTimeout: 60,
    queueTimeout: 5_000,
    // Statements are cached per connection and skip re-parsing (the PostgreSQL path names its
    // statements for the same reason); the default 30 is fewer than the service's distinct queries.
    stmtCacheSize: 100,
    sessionCallback: async (
      connection: oracledb.Connection,
      _tag: string,
      callback: (error?: Error) => void,
    ) => {
      try {
        for (const statement of SESSION_SETUP) await connection.execute(statement)
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
  })
  const kysely = new Kysely<Database>({
    dialect: new OracleDialect({
      pool: withClientIdentifier(pool, options.deliusUsername ?? 'AccreditedProgrammesAndDelius'),
    }),
    plugins: [new CamelCasePlugin({ upperCase: true }), ...(options.plugins ?? [])],
    log: options.log,
  })
  return { kysely, dialect: dialectFor('oracle'), close: () => kysely.destroy() }
}
