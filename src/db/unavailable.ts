/**
 * Whether an error means the database could not be reached (as opposed to a fault of the request or
 * message): the HTTP layer answers 503, the listener holds the message and retries.
 * Such a message is worth holding and retrying in-process: redelivering it would only use up its
 * receive count and send a good message to the dead-letter queue during an outage.
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

const MESSAGES = [
  /PGlite is closed/i,
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection due to administrator command/i,
  /Client has encountered a connection error/i,
  // Our own pool already closed (PGlite dialect, pg): not the message's fault either.
  /driver has already been destroyed/i,
  /Cannot use a pool after calling end on the pool/i,
]

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code))) return true
  if (ORACLE_MESSAGES.test(error.message)) return true
  if (MESSAGES.some((pattern) => pattern.test(error.message))) return true
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  ) {
    return true
  }
  return isDatabaseUnavailable(error.cause, depth + 1)
}
