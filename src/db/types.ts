import type { Kysely, KyselyPlugin, LogConfig } from 'kysely'
import type { SqlDialect } from './dialect.ts'
import type { Database } from './schema.ts'

/**
 * What every database factory (src/db/database.ts, oracle.ts, pglite.ts) takes and gives, in a
 * module of its own so the factories import it and not each other.
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
  /** Extra plugins, after the casing plugin (tests add statement recorders). */
  plugins?: KyselyPlugin[]
  log?: LogConfig
}
