import { PGlite, types } from '@electric-sql/pglite'
import { CamelCasePlugin, Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { dialectFor } from './dialect.ts'
import { markingDatabaseErrors } from './driver-errors.ts'
import type { Database } from './schema.ts'
import type { DatabaseOptions, Db } from './types.ts'

/** Same text-for-dates, number-for-int8 rule as the postgres pool (see database.ts). */
export const pgliteParsers = {
  [types.INT8]: (value: string) => Number(value),
  [types.NUMERIC]: (value: string) => Number(value),
  [types.DATE]: (value: string) => value,
  [types.TIMESTAMP]: (value: string) => value,
  [types.TIMESTAMPTZ]: (value: string) => value,
}

/** `pglite://memory` → in memory; `pglite:///abs/dir` → file-backed in that directory. */
export function pgliteDataDir(url: string): string | undefined {
  const rest = url.slice('pglite://'.length)
  if (rest === 'memory' || rest === '') return undefined
  return decodeURIComponent(new URL(url).pathname)
}

export async function openPglite(url: string): Promise<PGlite> {
  const dataDir = pgliteDataDir(url)
  return PGlite.create({ dataDir, parsers: pgliteParsers })
}

export function pgliteDb(pglite: PGlite, options: Pick<DatabaseOptions, 'plugins' | 'log'> = {}): Db {
  const kysely = new Kysely<Database>({
    dialect: markingDatabaseErrors(new PGliteDialect(pglite)),
    plugins: [new CamelCasePlugin(), ...(options.plugins ?? [])],
    log: options.log,
  })
  return {
    kysely,
    dialect: dialectFor('pglite'),
    close: async () => {
      await kysely.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}

export async function createPgliteDatabase(options: DatabaseOptions): Promise<Db> {
  return pgliteDb(await openPglite(options.url), options)
}
