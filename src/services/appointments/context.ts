import type { Kysely } from 'kysely'
import type { SqlDialect } from '../../db/dialect.ts'
import type { Database } from '../../db/schema.ts'
import type { EnforcementStamp } from './enforcement.ts'

/** What a write step needs: the transaction, the dialect, who and when (London), and the instant. */
export interface WriteContext {
  /** The open transaction. */
  db: Kysely<Database>
  dialect: SqlDialect
  stamp: EnforcementStamp
  instant: Date
}

/** A telemetry event, sent only after the transaction commits. */
export interface TelemetryEvent {
  name: 'AppointmentCreated' | 'AppointmentUpdated' | 'AppointmentDeleted' | 'ComponentCommenced'
  properties: Record<string, string | number | undefined>
}

/** Hands out ids fetched in one sequence call, in order. */
export function idSupply(ids: readonly number[]): () => number {
  let next = 0
  return () => {
    const id = ids[next++]
    if (id === undefined) throw new Error('More contact ids used than were fetched')
    return id
  }
}
