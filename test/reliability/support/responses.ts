/**
 * What every response must look like, whatever was sent: never a 5xx for bad input, errors in the
 * standard body with nothing internal in it, and the security headers.
 */

/** Headers `hono/secure-headers` sets; every response must carry them. */
export const SECURITY_HEADERS: Record<string, RegExp> = {
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^SAMEORIGIN$/,
  'strict-transport-security': /max-age=\d+/,
  'referrer-policy': /^no-referrer$/,
  'x-permitted-cross-domain-policies': /^none$/,
  'cross-origin-resource-policy': /^same-origin$/,
}

/** Text that would mean SQL, a stack trace or a file path leaked into a response. */
const LEAKS = [
  /\bat \S+ \(?\S+:\d+:\d+\)?/, // stack frame
  /node_modules|\/src\/|\.ts:\d+/,
  /\b(select|insert into|update|delete from)\b[\s\S]*\b(from|values|set|where)\b/i,
  /syntax error|relation "|column "|ORA-\d{5}|NJS-\d{3}|duplicate key|violates|constraint/i,
  /kysely|pglite|postgres|oracle/i,
]

export interface Problem {
  problem: string
  status: number
  body: string
}

/**
 * Problems with one response (empty when it is fine). `sent` is what the caller sent (URL and body):
 * a message may quote the caller's own input ("Person with crn of X not found"), which is no leak.
 */
export async function responseProblems(response: Response, sent = ''): Promise<Problem[]> {
  const problems: string[] = []
  const status = response.status
  const body = await response.text()
  if (status >= 500) problems.push(`server error ${status}`)
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) {
    const value = response.headers.get(name)
    if (value === null || !pattern.test(value)) problems.push(`header ${name} is ${value}`)
  }
  if (status >= 400)
    problems.push(...errorShapeProblems(status, body, response.headers.get('content-type'), sent))
  return problems.map((problem) => ({ problem, status, body: body.slice(0, 500) }))
}

/** `{status, message?, fields?}` and nothing else; no leaks. */
export function errorShapeProblems(
  status: number,
  text: string,
  contentType: string | null,
  sent = '',
): string[] {
  const problems: string[] = []
  if (!contentType?.startsWith('application/json')) problems.push(`error content-type ${contentType}`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return [...problems, 'error body is not JSON']
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return [...problems, 'error body not an object']
  const { status: bodyStatus, message, fields, ...rest } = body as Record<string, unknown>
  if (bodyStatus !== status) problems.push(`body status ${String(bodyStatus)} ≠ ${status}`)
  if (message !== undefined && typeof message !== 'string') problems.push('message not a string')
  if (Object.keys(rest).length > 0) problems.push(`extra error keys ${Object.keys(rest).join(',')}`)
  if (fields !== undefined) {
    const ok =
      Array.isArray(fields) &&
      fields.every(
        (f) =>
          f !== null &&
          typeof f === 'object' &&
          Object.keys(f).every((k) => ['type', 'message', 'field'].includes(k)) &&
          ['type', 'message', 'field'].every((k) => typeof (f as Record<string, unknown>)[k] === 'string'),
      )
    if (!ok) problems.push('fields not [{type, message, field}]')
  }
  for (const leak of LEAKS) {
    const match = leak.exec(text)
    if (match && !sent.includes(match[0])) problems.push(`error body leaks ${leak}`)
  }
  return problems
}
