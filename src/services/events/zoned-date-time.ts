import type { DeliusDateTime } from '../../db/schema.ts'
import { LONDON, londonOffsetMinutes, londonToInstant, toLondon } from '../../time.ts'

/**
 * A Delius wall-clock value as Java's `ZonedDateTime.toString()` in Europe/London prints it, which
 * is what the reference's telemetry carries: `2025-06-01T14:30+01:00[Europe/London]`,
 * `2024-01-01T14:30Z[Europe/London]`, `2025-06-01T14:30:15+01:00[Europe/London]` (seconds only
 * when not zero). Null stays null.
 */
export function zonedDateTimeString(value: DeliusDateTime | null): string | null {
  if (value === null) return null
  const instant = londonToInstant(value)
  const { date, time } = toLondon(instant)
  const [hours, minutes, seconds] = time.split(':')
  const offset = londonOffsetMinutes(instant)
  const zone = offset === 0 ? 'Z' : `+${String(offset / 60).padStart(2, '0')}:00`
  return `${date}T${hours}:${minutes}${seconds === '00' ? '' : `:${seconds}`}${zone}[${LONDON}]`
}
