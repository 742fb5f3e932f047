import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import { createDatabase, type Db } from '../../../src/db/database.ts'
import type { TestDb } from '../../helpers/db.ts'
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.ts'
import { withAdmin } from '../../helpers/template.ts'

/**
 * Database faults for the PostgreSQL runs: a pool that reaches the test database through a TCP
 * proxy (so the test can take the database away and bring it back), and a plugin that kills the
 * server backends right after a chosen write, inside its transaction.
 */

/** Terminates every backend of `database` except the caller's. */
export async function terminateBackends(database: string): Promise<number> {
  return withAdmin(async (admin) => {
    const { rowCount } = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    )
    return rowCount ?? 0
  })
}

/**
 * After the first insert or update of `table` once armed, kills the connections of the database
 * (the statement has run; the transaction has not committed), so the next statement fails. It sees
 * the SQL through the Kysely log hook (which runs before the plugin's result hook of the same query),
 * so raw `insertMany` statements count as well as builder ones.
 */
export class KillAfterWrite implements KyselyPlugin {
  private armed = false
  private lastSql = ''
  private readonly pattern: RegExp
  kills = 0

  constructor(
    private readonly database: string,
    table: string,
  ) {
    this.pattern = new RegExp(`^\\s*(insert\\s+(all\\s+)?into|update)\\s+"?${table}"?[\\s(]`, 'i')
  }

  /** Kill after the next write of the table; `kills` counts from here. */
  arm() {
    this.armed = true
    this.kills = 0
  }

  /** The Kysely log hook. */
  observe(sql: string) {
    this.lastSql = sql
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.armed && this.pattern.test(this.lastSql)) {
      this.armed = false
      this.kills++
      await terminateBackends(this.database)
    }
    return args.result
  }
}

export interface ProxiedDb {
  proxy: TcpProxy
  /** The test database seen through the proxy (same statements log and Oracle checks). */
  db: TestDb
  close(): Promise<void>
}

/** The test database reached through a TCP proxy, with extra plugins. */
export async function proxiedDb(db: TestDb, killer?: KillAfterWrite): Promise<ProxiedDb> {
  if (!db.url) throw new Error('a PostgreSQL test database is needed')
  const url = new URL(db.url)
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) })
  url.host = `127.0.0.1:${proxy.port}`
  const inner: Db = await createDatabase({
    url: url.toString(),
    plugins: killer ? [killer] : [],
    log: (event) => {
      db.statements.push(event.query.sql)
      killer?.observe(event.query.sql)
    },
    poolSize: 5,
  })
  return {
    proxy,
    db: { ...db, kysely: inner.kysely, dialect: inner.dialect, close: () => inner.close() },
    async close() {
      await inner.close()
      await proxy.close()
    },
  }
}

export function databaseName(db: TestDb): string {
  if (!db.url) throw new Error('a PostgreSQL test database is needed')
  return new URL(db.url).pathname.slice(1)
}
