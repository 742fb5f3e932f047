import type { LocalAuth } from '../../src/dev/local-auth.ts'
import type { BenchDatabase } from './databases.ts'
import type { BenchOptions, DbKind } from './options.ts'

/** What every section gets: settings, the local HMPPS Auth, the bench databases, a log folder. */
export interface BenchContext {
  options: BenchOptions
  auth: LocalAuth
  /** A token with the case-detail role for the HTTP calls. */
  token: string
  databases: Map<DbKind, BenchDatabase>
  /** Service and ceiling logs go here (kept when a run fails). */
  logDir: string
  /** False when `npm run build` failed: the Node production entry cannot run. */
  built: boolean
  progress(message: string): void
}
