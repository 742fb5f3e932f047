import type { MiddlewareHandler } from 'hono'
import { errorResponse } from './error-body.ts'

/** `\u0000` in JSON text, not preceded by an escaping backslash. */
const JSON_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/i

/**
 * 400 for a NUL character in the URL or a JSON body. No Delius value holds one, PostgreSQL refuses
 * it in text ("invalid byte sequence", which would surface as a 500) and Oracle would store it
 * silently; found by the hostile-input walk (issue 7).
 */
export function rejectNul(): MiddlewareHandler {
  return async (c, next) => {
    if (/%00/.test(c.req.url)) return invalid(/%00/.test(new URL(c.req.url).pathname) ? 'path' : 'query')
    const type = c.req.header('content-type') ?? ''
    if (/json/i.test(type) && c.req.raw.body !== null && JSON_NUL.test(await c.req.text())) {
      return invalid('body')
    }
    await next()
  }
}

function invalid(field: string): Response {
  return errorResponse(400, 'Validation failure', {
    fields: [{ type: 'Pattern', message: 'must not contain NUL characters', field }],
  })
}
