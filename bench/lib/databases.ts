import { rmSync } from 'node:fs'
import type { LogConfig } from 'kysely'
import { createDatabase, type Db } from '../../src/db/database.ts'
import { openPglite, pgliteDb } from '../../src/db/pglite.ts'
import {
  copyPgliteTemplate,
  createPostgresTemplate,
  ensurePgliteTemplate,
  postgresUrl,
  withAdmin,
} from '../../test/helpers/template.ts'
import { onCleanup } from './cleanup.ts'
import { addBenchFixtures } from './fixtures.ts'
import type { DbKind } from './options.ts'

/**
 * A bench database: the DDL and the dev/test seed (built the way the test suite builds its
 * templates) plus the bench fixtures. PGlite: a data directory copied from the seeded template;
 * PostgreSQL: a database on the server, dropped when the bench ends.
 */
export interface BenchDatabase {
  kind: DbKind
  /** DATABASE_URL for the service. */
  url: string
  open(options?: { log?: LogConfig; poolSize?: number }): Promise<Db>
}

export async function createBenchDatabase(kind: DbKind, label: string): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const dir = copyPgliteTemplate(await ensurePgliteTemplate())
    onCleanup(() => rmSync(dir, { recursive: true, force: true }))
    const url = `pglite://${dir}`
    const db = pgliteDb(await openPglite(url))
    try {
      await addBenchFixtures(db.kysely)
    } finally {
      await db.close()
    }
    return { kind, url, open: (options = {}) => createDatabase({ url, log: options.log }) }
  }
  const name = `apd_bench_${label}_${process.pid}`
  await createPostgresTemplate(name)
  onCleanup(() => withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`)))
  const url = postgresUrl(name)
  const db = await createDatabase({ url })
  try {
    await addBenchFixtures(db.kysely)
  } finally {
    await db.close()
  }
  return {
    kind,
    url,
    open: (options = {}) => createDatabase({ url, log: options.log, poolSize: options.poolSize }),
  }
}
