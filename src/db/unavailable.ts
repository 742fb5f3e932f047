import { isDatabaseError } from './driver-errors.ts'

/**
 * Whether an error means the database could not be reached (as opposed to a fault of the request or
 * message): the HTTP layer answers 503, the listener holds the message and retries.
 * Such a message is worth holding and retrying in-process: redelivering it would only use up its
 * receive count and send a good message to the dead-letter queue during an outage.
 *
 * Only errors the database driver threw count (driver-errors.ts marks them): an ECONNRESET is as
 * likely the HTTP client's own socket (an aborted upload) or an upstream API's (issue 13).
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/** PostgreSQL SQLSTATE classes/codes for lost or refused connections and server shutdown. */
const POSTGRES_STATES = /^(08...|57P0[1-3]|53300)$/

/** Oracle: connection lost, listener unreachable, pool timeout (thin driver NJS codes and ORA codes). */
const ORACLE_MESSAGES =
  /^(NJS-(500|501|503|040|521)|DPI-1080|ORA-(03113|03114|03135|12170|12514|12541|12543|01033|01089))\b/

const DRIVER_MESSAGES = [
  /PGlite is closed/i,
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection due to administrator command/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end on the pool/i,
]

/** Kysely's own, thrown above the driver once our pool is closed: not the message's fault either. */
const KYSELY_DESTROYED = /driver has already been destroyed/i

export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0, false)
}

/** Walks causes and aggregated errors; `fromDriver` once an error on the way was the driver's. */
function unavailable(error: unknown, depth: number, fromDriver: boolean): boolean {
  if (!(error instanceof Error) || depth > 5) return false
  if (KYSELY_DESTROYED.test(error.message)) return true
  const driver = fromDriver || isDatabaseError(error)
  if (driver && isConnectionFailure(error)) return true
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => unavailable(inner, depth + 1, driver))
  ) {
    return true
  }
  return unavailable(error.cause, depth + 1, driver)
}

function isConnectionFailure(error: Error): boolean {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code))) return true
  return ORACLE_MESSAGES.test(error.message) || DRIVER_MESSAGES.some((pattern) => pattern.test(error.message))
}
