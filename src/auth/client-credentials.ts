import { Buffer } from 'node:buffer'
import { decodeJwt } from 'jose'

export interface TokenProvider {
  /** A bearer token for outbound calls: cached, refreshed shortly before it expires. */
  getToken(): Promise<string>
}

export interface TokenProviderOptions {
  /** e.g. `https://sign-in.hmpps.service.justice.gov.uk/auth/oauth/token` */
  tokenUrl: string | URL
  clientId: string
  clientSecret: string
  clock?: () => Date
  fetch?: typeof globalThis.fetch
  /** Timeout for one token request. Default 10 s. */
  timeoutMs?: number
  /** Refresh this long before `expires_in` runs out. Default 60 s (capped at half the lifetime). */
  refreshBeforeExpiryMs?: number
}

export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError'
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** OAuth2 client-credentials grant against HMPPS Auth (events.md §B.3). */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const clock = options.clock ?? (() => new Date())
  const fetchImpl = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? 10_000
  const refreshBeforeMs = options.refreshBeforeExpiryMs ?? 60_000
  const tokenUrl = String(options.tokenUrl)
  // RFC 6749 §2.3.1: id and secret are form-encoded before going into the Basic header (Spring does too).
  const basic = Buffer.from(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`).toString(
    'base64',
  )

  let cached: { token: string; refreshAt: number } | undefined
  let inFlight: Promise<string> | undefined

  const fetchToken = async (): Promise<string> => {
    const requestedAt = clock().getTime()
    let response: Response
    try {
      response = await fetchImpl(tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const what =
        error instanceof Error && error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : 'failed'
      throw new TokenRequestError(
        `Token request to ${tokenUrl} for client ${options.clientId} ${what}`,
        undefined,
        {
          cause: error,
        },
      )
    }

    const text = await response.text().catch(() => '')
    if (!response.ok) {
      // The OAuth error code (e.g. invalid_client) helps; the body never echoes our secret.
      const oauthError = parseJson(text)?.error
      const detail = typeof oauthError === 'string' ? ` (${oauthError.slice(0, 100)})` : ''
      throw new TokenRequestError(
        `Token request to ${tokenUrl} for client ${options.clientId} failed: HTTP ${response.status}${detail}`,
        response.status,
      )
    }
    const body = parseJson(text)
    const token = body?.access_token
    if (typeof token !== 'string' || token === '') {
      throw new TokenRequestError(`Token response from ${tokenUrl} has no access_token`, response.status)
    }

    const lifetimeMs = lifetimeOf(body?.expires_in, token, requestedAt)
    if (lifetimeMs !== undefined) {
      // Timed from when we asked, so the cached copy never outlives the real one.
      cached = { token, refreshAt: requestedAt + lifetimeMs - Math.min(refreshBeforeMs, lifetimeMs / 2) }
    }
    return token
  }

  return {
    getToken() {
      if (cached && clock().getTime() < cached.refreshAt) return Promise.resolve(cached.token)
      // Concurrent callers share one request; a failure is not cached, so the next call retries.
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined
      })
      return inFlight
    },
  }
}

/** expires_in (seconds) when given, else the token's own `exp`; undefined means do not cache. */
function lifetimeOf(expiresIn: unknown, token: string, requestedAt: number): number | undefined {
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0) return expiresIn * 1000
  if (typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) && Number(expiresIn) > 0) {
    return Number(expiresIn) * 1000
  }
  try {
    const exp = decodeJwt(token).exp
    if (typeof exp === 'number' && exp * 1000 > requestedAt) return exp * 1000 - requestedAt
  } catch {
    // Opaque token without expires_in: fetch a new one each time rather than guess.
  }
  return undefined
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2)
}
