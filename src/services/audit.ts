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

/**
 * AUDITED_INTERACTION.OUTCOME as Delius (and the reference's shared audit library) spell it: 'P'
 * for a success, 'F' for a failure; Delius refuses any other value when it reads the row back.
 */
export const AuditOutcome = { success: 'P', failure: 'F' } as const

/** `offenderId='1',contactId='2'`: each value in single quotes, pairs joined by a bare comma (the reference's form). */
export function interactionParameters(parameters: Record<string, string | number>): string {
  return Object.entries(parameters)
    .map(([key, value]) => `${key}='${value}'`)
    .join(',')
}

export interface AuditEntry {
  /** Parameters, written in Delius's `key='value',key='value'` form. */
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
    outcome: AuditOutcome.success,
    interactionParameters: interactionParameters(entry.parameters),
    userId: audit.userId,
    businessInteractionId: interaction.businessInteractionId,
  }))
  await insertMany(db, dialect, 'auditedInteraction', rows)
}
