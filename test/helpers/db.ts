import { rmSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import type { LogEvent } from 'kysely'
import { inject } from 'vitest'
import { createDatabase, type Db } from '../../src/db/database.ts'
import { pgliteDb, pgliteParsers } from '../../src/db/pglite.ts'
import { OracleShadowPlugin } from './oracle-kysely.ts'
import { copyPgliteTemplate, postgresUrl, withAdmin } from './template.ts'

export interface TestDb extends Db {
  /** Which database this suite runs on (TEST_DB). */
  readonly kind: 'pglite' | 'postgres'
  /** Connection URL (postgres only), for tests that open a second connection. */
  readonly url?: string
  /** SQL of every statement executed, in order (Kysely's log hook). */
  readonly statements: string[]
  /** Statements executed while `fn` ran. */
  countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }>
  /** Every builder query is also compiled for Oracle and checked against the Oracle rules. */
  readonly oracle: OracleShadowPlugin
}

let counter = 0

/**
 * A fresh database for one test file: a copy of the seeded template, on PGlite or PostgreSQL
 * (TEST_DB=postgres). Every query is checked against the Oracle rules as it runs.
 */
export async function createTestDb(): Promise<TestDb> {
  const kind = inject('testDb')
  const statements: string[] = []
  const log = (event: LogEvent) => {
    statements.push(event.query.sql)
  }
  const oracle = new OracleShadowPlugin()
  let db: Db
  let url: string | undefined
  let cleanup: () => Promise<void>
  if (kind === 'postgres') {
    const name = `apd_test_${inject('runId')}_${process.pid}_${++counter}`
    await withAdmin((admin) => admin.query(`create database ${name} template ${inject('postgresTemplate')}`))
    url = postgresUrl(name)
    db = await createDatabase({ url, plugins: [oracle], log, poolSize: 5 })
    cleanup = () =>
      withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => {})
  } else {
    const dir = copyPgliteTemplate(inject('pgliteTemplate'))
    const pglite = await PGlite.create({ dataDir: dir, parsers: pgliteParsers })
    db = pgliteDb(pglite, { plugins: [oracle], log })
    cleanup = async () => rmSync(dir, { recursive: true, force: true })
  }
  return {
    kind,
    url,
    kysely: db.kysely,
    dialect: db.dialect,
    statements,
    oracle,
    async countQueries(fn) {
      const before = statements.length
      const result = await fn()
      const executed = statements.slice(before)
      return { result, count: executed.length, statements: executed }
    },
    async close() {
      await db.close()
      await cleanup()
    },
  }
}
