import { rmSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import type { KyselyPlugin, LogConfig, LogEvent } from 'kysely'
import { inject } from 'vitest'
import { createDatabase, type Db } from '../../src/db/database.ts'
import { pgliteDb, pgliteParsers } from '../../src/db/pglite.ts'
import { createOracleSchema } from './oracle-server.ts'
import { copyPgliteTemplate, createOracleModeDatabase, postgresUrl, withAdmin } from './template.ts'

/**
 * Where a suite runs (TEST_DB): PGlite (default), the PostgreSQL server, or `oracle`: the production
 * Oracle configuration over the Oracle-on-PostgreSQL driver on that server (oracle-on-postgres.ts);
 * `oracle-server`: a real Oracle named by ORACLE_URL (`npm run test:oracle`, oracle-server.ts).
 */
export type TestDbKind = 'pglite' | 'postgres' | 'oracle' | 'oracle-server'

export interface TestDb extends Db {
  /** Which database this suite runs on (TEST_DB). */
  readonly kind: TestDbKind
  /** Whether transactions really run concurrently (the PostgreSQL server, directly or in Oracle mode). */
  readonly concurrent: boolean
  /** SQL of every statement executed, in order (Kysely's log hook). */
  readonly statements: string[]
  /** Statements executed while `fn` ran. */
  countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }>
  /** A second, independent pool on the same database, configured alike (postgres and oracle only). */
  openAnother(options?: { poolSize?: number; plugins?: KyselyPlugin[]; log?: LogConfig }): Promise<Db>
  /** The PostgreSQL database's URL (postgres and oracle), for tests that reach the server directly. */
  readonly url?: string
}

let counter = 0

/** A fresh database for one test file: a copy of the seeded template, on the TEST_DB database. */
export async function createTestDb(): Promise<TestDb> {
  const kind = inject('testDb')
  const statements: string[] = []
  const log = (event: LogEvent) => {
    statements.push(event.query.sql)
  }
  let db: Db
  let url: string | undefined
  let cleanup: () => Promise<void>
  let open = (options: { poolSize: number; plugins?: KyselyPlugin[]; log?: LogConfig }) =>
    kind === 'oracle'
      ? createOracleModeDatabase({ url: url!, ...options })
      : createDatabase({ url: url!, ...options })
  if (kind === 'oracle-server') {
    const schema = await createOracleSchema(`apd_${inject('runId')}_${process.pid}_${++counter}`)
    url = schema.url
    open = (options) => schema.open(options)
    db = await schema.open({ log, poolSize: 5 })
    cleanup = () => schema.drop()
  } else if (kind === 'pglite') {
    const dir = copyPgliteTemplate(inject('pgliteTemplate'))
    const pglite = await PGlite.create({ dataDir: dir, parsers: pgliteParsers })
    db = pgliteDb(pglite, { log })
    cleanup = async () => rmSync(dir, { recursive: true, force: true })
  } else {
    const name = `apd_test_${inject('runId')}_${process.pid}_${++counter}`
    await withAdmin((admin) => admin.query(`create database ${name} template ${inject('postgresTemplate')}`))
    url = postgresUrl(name)
    db =
      kind === 'oracle'
        ? await createOracleModeDatabase({ url, log, poolSize: 5, statements })
        : await createDatabase({ url, log, poolSize: 5 })
    cleanup = () =>
      withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => {})
  }
  return {
    kind,
    concurrent: kind !== 'pglite',
    url,
    kysely: db.kysely,
    dialect: db.dialect,
    statements,
    async countQueries(fn) {
      const before = statements.length
      const result = await fn()
      const executed = statements.slice(before)
      return { result, count: executed.length, statements: executed }
    },
    async openAnother(options = {}) {
      if (url === undefined)
        throw new Error('a second pool needs the PostgreSQL server (TEST_DB=postgres or oracle)')
      return open({ ...options, poolSize: options.poolSize ?? 2 })
    },
    async close() {
      await db.close()
      await cleanup()
    },
  }
}
