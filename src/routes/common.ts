import { z } from '@hono/zod-openapi'
import { ErrorResponseSchema } from '../http/error-body.ts'

/** Error responses every protected route can give, for the OpenAPI document. */
const errorContent = { 'application/json': { schema: ErrorResponseSchema } }
export const errorResponses = {
  400: { description: 'Bad request', content: errorContent },
  401: { description: 'Missing or invalid token', content: errorContent },
  403: { description: 'Token lacks the role', content: errorContent },
  404: { description: 'Not found', content: errorContent },
  500: { description: 'Server error', content: errorContent },
} as const

export const CodedValueSchema = z
  .object({ code: z.string(), description: z.string() })
  .openapi('CodedValue', { example: { code: 'TEAM01', description: 'Test Team' } })

/** A CRN path parameter: letters and digits. Unknown CRNs are 404s, so the length is not fixed. */
export const CrnParam = z
  .string()
  .regex(/^[A-Za-z0-9]{1,20}$/, 'must be letters and digits')
  .openapi({ param: { name: 'crn', in: 'path' }, example: 'A000001' })
