import type { Context, Next } from 'hono'
import { errorResponse } from '../http/error-body.ts'
import type { Logger } from '../logger.ts'
import { type JwtVerifier, type Principal, TokenVerificationError } from './jwt.ts'
import { hasCaseDetailAccess } from './roles.ts'

/** Hono context variables set by {@link requireRole}: `c.get('auth')`. */
export type AuthVariables = { auth: Principal }
export type AuthEnv = { Variables: AuthVariables }

/** A middleware usable with any Hono Env whose variables include `auth: Principal`. */
export type RoleMiddleware = <E extends AuthEnv>(c: Context<E>, next: Next) => Promise<Response | undefined>

/**
 * Requires a valid HMPPS Auth bearer token carrying the case-detail role (or the admin role).
 * 401/403 carry the standard error JSON plus `WWW-Authenticate` (README §3 item 2).
 */
export function requireRole(verifier: JwtVerifier, logger?: Logger): RoleMiddleware {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (token === undefined) {
      return errorResponse(401, 'Authentication required', { headers: { 'WWW-Authenticate': 'Bearer' } })
    }
    if (token === '') return invalidToken('Invalid token')

    let principal: Principal
    try {
      principal = await verifier.verify(token)
    } catch (error) {
      // Only the reason and jose's message are logged: neither contains the token.
      const reason = error instanceof TokenVerificationError ? error.reason : 'invalid'
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
      const fields = { reason, error: cause?.message ?? (error instanceof Error ? error.message : undefined) }
      if (reason === 'unavailable')
        logger?.warn('Token verification failed: signing keys unavailable', fields)
      else logger?.debug('Token rejected', fields)
      return invalidToken(error instanceof TokenVerificationError ? error.message : 'Invalid token')
    }

    if (!hasCaseDetailAccess(principal.authorities)) {
      logger?.info('Access denied: missing role', {
        clientId: principal.clientId,
        subject: principal.subject,
      })
      return errorResponse(403, 'Access Denied', {
        headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
      })
    }
    // E's Variables include `auth: Principal`; TS cannot see that through the generic.
    ;(c as unknown as Context<AuthEnv>).set('auth', principal)
    await next()
    return undefined
  }
}

function invalidToken(message: string): Response {
  return errorResponse(401, message, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } })
}

/**
 * undefined: no bearer credentials at all (no header, or another scheme such as Basic).
 * '': the Bearer scheme with nothing usable after it, which counts as an invalid token.
 */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const match = /^\s*bearer(?:\s+(.*))?$/i.exec(header)
  if (!match) return undefined
  return (match[1] ?? '').trim()
}
