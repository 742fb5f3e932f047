import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { createSchema } from '../db/ddl/index.ts'
import { openPglite, pgliteDb } from '../db/pglite.ts'
import { seed } from '../db/seed.ts'

/**
 * The dev stack's database: PGlite in a git-ignored folder, with schema and seed created on first
 * start and reused afterwards (a reopen takes well under a second; a fresh one ~5 s).
 */
export async function openDevDatabase(dataDir: string): Promise<{ pglite: PGlite; created: boolean }> {
  const dir = resolve(dataDir)
  const created = !existsSync(join(dir, 'PG_VERSION'))
  mkdirSync(dir, { recursive: true })
  const pglite = await openPglite(`pglite://${dir}`)
  if (created) {
    await createSchema((text) => pglite.exec(text))
    const db = pgliteDb(pglite)
    await seed(db.kysely, db.dialect)
  }
  return { pglite, created }
}
