import { createRemoteJWKSet, customFetch, errors, type JWTPayload, jwtVerify } from 'jose'

/** Who called: taken from an HMPPS Auth access token. */
export interface Principal {
  subject?: string
  clientId?: string
  username?: string
  /** From the `authorities` claim; a missing claim means no roles. */
  authorities: string[]
}

export interface JwtVerifier {
  /** Resolves with the principal, or rejects with a {@link TokenVerificationError}; never anything else. */
  verify(token: string): Promise<Principal>
}

/**
 * Why a token was refused. `unavailable` means the keys could not be fetched (auth server down, slow
 * or answering nonsense): still a 401 for the caller, but worth a warning in the logs.
 */
export type TokenFailureReason = 'expired' | 'invalid' | 'unavailable'

export class TokenVerificationError extends Error {
  override readonly name = 'TokenVerificationError'
  constructor(
    readonly reason: TokenFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export interface JwtVerifierOptions {
  /** HMPPS Auth JWKS, e.g. `https://sign-in.hmpps.service.justice.gov.uk/auth/.well-known/jwks.json`. */
  jwksUrl: URL
  /** Expected `iss`, e.g. `https://sign-in.hmpps.service.justice.gov.uk/auth/issuer`. */
  issuer: string
  /** Current time for the expiry check (tests). The JWKS cache itself runs on the real clock. */
  clock?: () => Date
  /** JWKS HTTP timeout. Default 5 s. */
  timeoutMs?: number
  /** Minimum time between JWKS fetches triggered by an unknown `kid`. Default 30 s. */
  cooldownMs?: number
  /** How long fetched keys are trusted before a refetch. Default 10 min. */
  cacheMaxAgeMs?: number
  /** Allowed clock skew for `exp`/`nbf`, in seconds. Default 60 (Spring Security's default). */
  clockToleranceSeconds?: number
  /** Allowed signature algorithms. Default RS256 only, which is what HMPPS Auth signs with. */
  algorithms?: string[]
  /** Verified tokens remembered (see below). Default 1,000; 0 turns the memory off. */
  maxRememberedTokens?: number
}

interface RememberedToken {
  principal: Principal
  exp: number
  nbf?: number
  /** The key set the signature was checked against. */
  keySet: number
}

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const clock = options.clock ?? (() => new Date())
  // The key set is cached; an unknown kid refetches at most once per cooldown, so a stream of forged
  // tokens cannot hammer the auth server.
  // Every fetch of the key set starts a new generation: tokens remembered under an older one are
  // checked again, so a key that left the JWKS stops working as soon as the new set arrives.
  let keySet = 0
  const keys = createRemoteJWKSet(options.jwksUrl, {
    timeoutDuration: options.timeoutMs ?? 5000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
    [customFetch]: (url: string, init: RequestInit) => {
      keySet++
      return fetch(url, init)
    },
  })
  // An explicit allow-list is what stops `alg: none` and HS256-with-the-public-key tokens.
  const algorithms = options.algorithms ?? ['RS256']
  const clockTolerance = options.clockToleranceSeconds ?? 60

  // Callers are a few services, each sending one client-credentials token for its 20-minute life,
  // so the RSA check of the same token on every request is repeated work (~10 % of a case read's
  // CPU). A verified token is remembered, keyed by its exact text, while its key set is current and
  // fresh; `exp` and `nbf` are checked on every use as jose does. Refused tokens are never remembered.
  const maxRemembered = options.maxRememberedTokens ?? 1000
  const remembered = new Map<string, RememberedToken>()

  function recall(token: string, now: number): Principal | undefined {
    const entry = remembered.get(token)
    if (entry === undefined) return undefined
    const usable =
      entry.keySet === keySet &&
      keys.fresh &&
      now < entry.exp + clockTolerance &&
      (entry.nbf === undefined || entry.nbf <= now + clockTolerance)
    if (usable) return entry.principal
    remembered.delete(token)
    return undefined
  }

  function remember(token: string, payload: JWTPayload, principal: Principal, verifiedKeySet: number) {
    // A key set fetched meanwhile may have dropped the key this token was checked with.
    if (maxRemembered === 0 || verifiedKeySet !== keySet || typeof payload.exp !== 'number') return
    // Oldest first: a Map iterates in insertion order.
    if (remembered.size >= maxRemembered) remembered.delete(remembered.keys().next().value!)
    remembered.set(token, {
      principal,
      exp: payload.exp,
      nbf: typeof payload.nbf === 'number' ? payload.nbf : undefined,
      keySet: verifiedKeySet,
    })
  }

  return {
    async verify(token) {
      const currentDate = clock()
      const known = recall(token, currentDate.getTime() / 1000)
      if (known !== undefined) return known
      const keySetBefore = keySet
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          algorithms,
          currentDate,
          clockTolerance,
          requiredClaims: ['exp'],
        })
        const principal = toPrincipal(payload)
        remember(token, payload, principal, keySetBefore)
        return principal
      } catch (error) {
        throw classify(error)
      }
    },
  }
}

function toPrincipal(payload: JWTPayload): Principal {
  // Frozen: a remembered principal is shared by every request carrying the token.
  const principal: Principal = { authorities: Object.freeze(stringArray(payload.authorities)) as string[] }
  if (typeof payload.sub === 'string') principal.subject = payload.sub
  if (typeof payload.client_id === 'string') principal.clientId = payload.client_id
  // HMPPS Auth puts the user on `user_name` for user tokens (and client tokens asked for a user).
  if (typeof payload.user_name === 'string') principal.username = payload.user_name
  return Object.freeze(principal)
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

function classify(error: unknown): TokenVerificationError {
  if (error instanceof TokenVerificationError) return error
  if (error instanceof errors.JWTExpired) {
    return new TokenVerificationError('expired', 'Token expired', { cause: error })
  }
  // Timeouts, refused connections (TypeError from fetch), non-200 answers and unparsable key sets are
  // the auth server's fault, not the caller's. jose reports the last two as a bare JOSEError.
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError) ||
    error.code === errors.JOSEError.code
  ) {
    return new TokenVerificationError('unavailable', 'Unable to verify token: signing keys unavailable', {
      cause: error,
    })
  }
  return new TokenVerificationError('invalid', 'Invalid token', { cause: error })
}
