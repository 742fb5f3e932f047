import { z } from '@hono/zod-openapi'

export const FieldErrorSchema = z
  .object({
    type: z.string().openapi({ example: 'NotNull' }),
    message: z.string().openapi({ example: 'must not be null' }),
    field: z.string().openapi({ example: 'appointments[0].reference' }),
  })
  .openapi('FieldError')

/** The standard error body of events.md §B.4. Null members are left out. */
export const ErrorResponseSchema = z
  .object({
    status: z.number().int().openapi({ example: 404 }),
    message: z.string().optional().openapi({ example: 'Person with crn of X123456 not found' }),
    fields: z.array(FieldErrorSchema).optional(),
  })
  .openapi('ErrorResponse')

export type FieldError = z.infer<typeof FieldErrorSchema>
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>

export function errorBody(status: number, message?: string, fields?: FieldError[]): ErrorResponse {
  const body: ErrorResponse = { status }
  if (message !== undefined) body.message = message
  if (fields !== undefined && fields.length > 0) body.fields = fields
  return body
}

/** JSON error response; headers (e.g. WWW-Authenticate) optional. */
export function errorResponse(
  status: number,
  message?: string,
  init?: { fields?: FieldError[]; headers?: Record<string, string> },
): Response {
  return new Response(JSON.stringify(errorBody(status, message, init?.fields)), {
    status,
    headers: { 'content-type': 'application/json', ...init?.headers },
  })
}
