/**
 * Ids may come back as strings (Oracle NUMBER without a fetch type, `max()` over bigint on some
 * drivers); the event queries hand numbers to the services.
 */
export function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value)
}
