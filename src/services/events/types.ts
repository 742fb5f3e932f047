import { z } from 'zod'
import { DELIUS_TEXT_BYTES, deliusText } from '../../delius-text.ts'
import { parseDateTime, wallClockOf } from '../../time.ts'

/**
 * The detail documents of the two domain events (events.md §A.5), fetched from the event's
 * `detailUrl`. Shared by the queue listener (which parses them) and the event services (which act
 * on them); the AsyncAPI document is generated from them too.
 */

/** Referral statuses of the newest publisher (events.md §A.6). */
export const PROGRAMME_STATUSES = [
  'AWAITING_ASSESSMENT',
  'AWAITING_ALLOCATION',
  'SUITABLE_BUT_NOT_READY',
  'SCHEDULED',
  'ON_PROGRAMME',
  'PROGRAMME_COMPLETE',
  'DEPRIORITISED',
  'RETURN_TO_COURT',
  'BREACH',
  'RECALL',
  'WITHDRAWN',
  'ON_HOLD',
] as const
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number]

/** `DEFERRED` is what the publisher actually sends; it is read as ON_HOLD (decision 4). */
export const ProgrammeStatusSchema = z
  .enum([...PROGRAMME_STATUSES, 'DEFERRED'])
  .transform((status): ProgrammeStatus => (status === 'DEFERRED' ? 'ON_HOLD' : status))

export const ComponentTypeSchema = z.enum(['REQUIREMENT', 'LICENCE_CONDITION'])
export type ComponentType = z.infer<typeof ComponentTypeSchema>

/** A Delius component id: a JSON number, or a string of digits (Jackson reads both into a Long). */
const componentId = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d{1,18}$/, 'must be a numeric id')
    .transform(Number),
])

/** `GET /referral/{id}/status-change-details`. */
export const StatusInfoSchema = z.object({
  newStatus: ProgrammeStatusSchema,
  sourcedFromEntityType: ComponentTypeSchema,
  sourcedFromEntityId: componentId,
  /** May be an explicit null or absent (decision 12); becomes null. */
  notes: z
    .string()
    .nullish()
    .transform((notes) => notes ?? null),
  /** The contact's description: CONTACT.DESCRIPTION, at most 4,000 bytes; longer fails the message. */
  description: deliusText(DELIUS_TEXT_BYTES.contactDescription),
  /** The real publisher never sends it (decision 12): without it, staff is the person manager's. */
  username: z
    .string()
    .nullish()
    .transform((username) => username ?? undefined),
})
export type StatusInfo = z.output<typeof StatusInfoSchema>

/**
 * A local date-time `yyyy-MM-ddTHH:mm[:ss[.SSS]]` with an optional literal `Z` that means nothing,
 * which exists (src/time.ts: 2025-02-30T10:00 and 24:00 are refused, as Java's LocalDateTime
 * parser refuses them), as a Delius wall-clock value `2025-06-01 14:30:00`.
 */
function localDateTime(value: string): string | undefined {
  const parsed = parseDateTime(value)
  const literalZ = parsed?.offsetMinutes === 0 && /z$/i.test(value)
  if (!parsed?.hasTime || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined
  if (parsed.offsetMinutes !== null && !literalZ) return undefined
  return wallClockOf(parsed)
}

/**
 * `GET /referral/{id}/completion-data`. `licReqId` is a string holding the numeric component id
 * (a JSON number is accepted too, as Jackson would). `licReqCompletedAt` is a local date-time,
 * sent with a literal `Z` that means nothing: it is read as Europe/London wall-clock time.
 */
export const ReferralCompletionSchema = z.object({
  /** Parsed to the numeric component id (Kotlin `toLong()`); a non-numeric value fails. */
  licReqId: componentId,
  /** Becomes a Delius wall-clock value `YYYY-MM-DD HH:mm:ss` (the `Z` and any fraction dropped). */
  licReqCompletedAt: z
    .string()
    .refine((value) => localDateTime(value) !== undefined, 'must be a local date-time that exists')
    .transform((value) => localDateTime(value)!),
  sourcedFromEntityType: ComponentTypeSchema,
})
export type ReferralCompletion = z.output<typeof ReferralCompletionSchema>
