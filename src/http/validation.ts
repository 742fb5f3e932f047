import type { Hook } from '@hono/zod-openapi'
import type { z } from 'zod'
import type { FieldError } from './error-body.ts'
import { errorResponse } from './error-body.ts'

/** Bean-validation-like constraint names for zod issue codes, so `fields[].type` reads as in Delius. */
function constraintType(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'NotNull' : 'TypeMismatch'
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string' ? 'Size' : 'Min'
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string' ? 'Size' : 'Max'
    case 'invalid_format':
      return 'Pattern'
    case 'invalid_value':
      return 'Enum'
    case 'unrecognized_keys':
      return 'Unknown'
    default:
      return 'Invalid'
  }
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    type: constraintType(issue),
    message: issue.message,
    field: issue.path.map(String).join('.') || 'body',
  }))
}

/** 400 `{status, message: "Validation failure", fields}` as Spring's bean validation gives. */
export function validationFailure(error: z.ZodError): Response {
  return errorResponse(400, 'Validation failure', { fields: fieldErrors(error) })
}

// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by every route
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) return validationFailure(result.error)
}
