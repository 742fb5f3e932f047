import { CamelCasePlugin, Kysely } from 'kysely'
import { OracleDialect } from 'kysely-oracledb'
import oracledb from 'oracledb'
import { ClobText, dialectFor } from './dialect.ts'
import { markingDatabaseErrors } from './driver-errors.ts'
import type { Database } from './schema.ts'
import type { DatabaseOptions, Db } from './types.ts'

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

/** The parts of an oracledb connection and pool that the service uses (tests give one over PostgreSQL). */
export interface OracleConnectionLike {
  execute(sql: string, binds?: unknown, options?: object): Promise<unknown>
  commit(): Promise<void>
  rollback(): Promise<void>
  close(): Promise<void>
}
export interface OraclePoolLike<C extends OracleConnectionLike = OracleConnectionLike> {
  getConnection(): Promise<C>
  close(drainTime?: number): Promise<void>
}
/** The smaller surface the VPD hook needs (so it can be unit tested with a recording pool). */
export type HookConnection = Pick<OracleConnectionLike, 'execute' | 'close'>
export interface HookPool<C extends HookConnection = HookConnection> {
  getConnection(): Promise<C>
  close(drainTime?: number): Promise<void>
}

/**
 * Wraps a pool so every connection handed out has the VPD identifier set, and clears it before the
 * connection returns to the pool. A failure to set it releases the connection and fails the query.
 * Its statements bind CLOB values (src/db/dialect.ts `ClobText`) as CLOBs.
 */
export function withClientIdentifier<C extends HookConnection, P extends HookPool<C>>(
  pool: P,
  username: string,
): P {
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'getConnection') return own(target, property, receiver)
      return async () => {
        const connection = await target.getConnection()
        try {
          await connection.execute(SET_CLIENT_IDENTIFIER, { username })
        } catch (error) {
          await connection.close().catch(() => {})
          throw error
        }
        const close = connection.close.bind(connection)
        const execute = connection.execute.bind(connection)
        return new Proxy(connection, {
          get(c, p, r) {
            if (p === 'execute') {
              return (sql: string, binds?: unknown, options?: object) =>
                execute(sql, Array.isArray(binds) ? binds.map(oracleBind) : binds, options)
            }
            if (p !== 'close') return own(c, p, r)
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

/** A property of the wrapped object, its methods bound to it (they may use private fields). */
function own(target: object, property: string | symbol, receiver: unknown): unknown {
  const value = Reflect.get(target, property, receiver)
  return typeof value === 'function' ? value.bind(target) : value
}

/**
 * A value for a CLOB column as an oracledb CLOB bind. Delius notes are CLOBs that grow by appending:
 * bound as VARCHAR2 they fail past 4,000 bytes (ORA-01461), and a VARCHAR2 bind beside a CLOB in one
 * CASE is ORA-00932.
 */
function oracleBind(value: unknown): unknown {
  return value instanceof ClobText ? { type: oracledb.DB_TYPE_CLOB, val: value.text } : value
}

/**
 * How oracledb hands values over, set once per process by the production pool (and followed by the
 * tests' Oracle mode): CLOB notes as strings; DATE values arrive as JS Dates built from the stored
 * wall clock in the process's zone, and reading them back with the local getters recovers it exactly.
 */
export const fetchDateAsWallClock = (metadata: { dbType?: unknown }) =>
  metadata.dbType === oracledb.DB_TYPE_DATE
    ? { converter: (value: unknown) => wallClockText(value) }
    : undefined

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

/**
 * oracledb builds DATE values as JS Dates in the process's zone; in a zone with daylight saving a
 * London wall-clock time inside a spring-forward gap would move by an hour on the way in. The image
 * runs with TZ=UTC; anything else is refused at start-up rather than corrupting times.
 */
export function assertUtcProcessZone(): void {
  const offsets = new Set([0, 3, 6, 9].map((month) => new Date(2026, month, 1).getTimezoneOffset()))
  if (offsets.size !== 1 || !offsets.has(0))
    throw new Error('An Oracle database needs the process time zone UTC (set TZ=UTC, as the image does)')
}

export async function createOracleDatabase(options: DatabaseOptions): Promise<Db> {
  assertUtcProcessZone()
  const { user, password, connectString } = options.oracle ?? parseOracleUrl(options.url)
  oracledb.fetchAsString = [oracledb.CLOB]
  oracledb.fetchTypeHandler = fetchDateAsWallClock
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
        await setUpSession(connection)
        callback()
      } catch (error) {
        callback(error as Error)
      }
    },
  })
  return oracleDatabase(pool, options)
}

/** Runs SESSION_SETUP on a new physical session. */
export async function setUpSession(connection: Pick<OracleConnectionLike, 'execute'>): Promise<void> {
  for (const statement of SESSION_SETUP) await connection.execute(statement)
}

/**
 * THE Oracle configuration: kysely-oracledb's dialect over `pool` with the VPD hook, the upper-case
 * casing plugin, then `options.plugins`. Production passes an oracledb pool; the tests' Oracle mode
 * (TEST_DB=oracle) passes one that runs the same SQL and binds on PostgreSQL, and the compile-only
 * checks pass one that never connects (`oracleCompiler`). Nothing else builds an Oracle Kysely.
 */
export function oracleDatabase(
  pool: OraclePoolLike,
  options: Pick<DatabaseOptions, 'deliusUsername' | 'plugins' | 'log'> = {},
): Db {
  const kysely = new Kysely<Database>({
    dialect: markingDatabaseErrors(
      new OracleDialect({
        pool: withClientIdentifier(pool, options.deliusUsername ?? 'AccreditedProgrammesAndDelius') as never,
      }),
    ),
    plugins: [new CamelCasePlugin({ upperCase: true }), ...(options.plugins ?? [])],
    log: options.log,
  })
  return { kysely, dialect: dialectFor('oracle'), close: () => kysely.destroy() }
}

/** A pool with no database: every statement answers no rows (as Kysely's DummyDriver does). */
const NO_DATABASE: OraclePoolLike = {
  getConnection: async () => ({
    execute: async () => ({ rows: [] }),
    commit: async () => {},
    rollback: async () => {},
    close: async () => {},
  }),
  close: async () => {},
}

/**
 * The production Oracle configuration with no database behind it: `.compile()` shows the SQL it
 * sends, and executing answers no rows (compile-only checks run whole query functions).
 */
export function oracleCompiler(): Kysely<Database> {
  return oracleDatabase(NO_DATABASE).kysely
}
