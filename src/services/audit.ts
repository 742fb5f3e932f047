import type { Insertable, Kysely } from 'kysely'
import { insertMany, type SqlDialect } from '../db/dialect.ts'
import type { AuditedInteractionTable, Database, DeliusDateTime } from '../db/schema.ts'

/** Delius business interactions the service records (appointments.md §2.1, §2.3, §2.5). */
export const BusinessInteraction = {
  addContact: 'CLBI003',
  updateContact: 'CLBI007',
  deleteContact: 'CLBI009',
} as const
export type BusinessInteractionCode = (typeof BusinessInteraction)[keyof typeof BusinessInteraction]

export interface AuditEntry {
  /** Parameters in Delius's `key=value, key=value` form. */
  parameters: Record<string, string | number>
}

/**
 * Writes AUDITED_INTERACTION rows for a batch in one lookup and one insert, whatever the batch size.
 */
export async function recordInteractions(
  db: Kysely<Database>,
  dialect: SqlDialect,
  code: BusinessInteractionCode,
  entries: readonly AuditEntry[],
  audit: { userId: number; now: DeliusDateTime },
): Promise<void> {
  if (entries.length === 0) return
  const interaction = await db
    .selectFrom('businessInteraction')
    .select('businessInteractionId')
    .where('businessInteractionCode', '=', code)
    .executeTakeFirst()
  if (!interaction) throw new Error(`Business interaction ${code} is not in BUSINESS_INTERACTION`)
  const rows: Insertable<AuditedInteractionTable>[] = entries.map((entry) => ({
    dateTime: audit.now,
    outcome: 'S',
    interactionParameters: Object.entries(entry.parameters)
      .map(([key, value]) => `${key}=${value}`)
      .join(', '),
    userId: audit.userId,
    businessInteractionId: interaction.businessInteractionId,
    spgUsername: null,
  }))
  await insertMany(db, dialect, 'auditedInteraction', rows)
}
