import type { Db } from '../../../src/db/database.ts'

/**
 * A fingerprint of the tables the service writes: row counts, row-version sums and maxima, the
 * newest update time and the soft-deleted count. Any insert, update or soft delete changes it.
 */
export type Checksum = Record<string, string>

const VERSIONED = ['contact', 'enforcement', 'event', 'rqmnt', 'licCondition'] as const

export async function checksum(db: Db): Promise<Checksum> {
  const out: Checksum = {}
  for (const table of VERSIONED) {
    const row = await db.kysely
      .selectFrom(table)
      .select((eb) => [
        eb.fn.countAll().as('rows'),
        eb.fn.sum('rowVersion').as('versions'),
        eb.fn.max('rowVersion').as('maxVersion'),
        eb.fn.max('lastUpdatedDatetime').as('updated'),
        eb.fn.sum('softDeleted').as('deleted'),
      ])
      .executeTakeFirstOrThrow()
    out[table] = JSON.stringify(row)
  }
  const audit = await db.kysely
    .selectFrom('auditedInteraction')
    .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.max('dateTime').as('updated')])
    .executeTakeFirstOrThrow()
  out.auditedInteraction = JSON.stringify(audit)
  return out
}
