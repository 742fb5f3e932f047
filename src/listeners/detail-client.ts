import type { TokenProvider } from '../auth/client-credentials.ts'

/**
 * Fetches an event's detail document (events.md §A.4): only from allowed bases, with a
 * client-credentials bearer token, bounded by timeouts, retried on transient failures.
 */
export interface DetailClient {
  fetch(detailUrl: string | null | undefined): Promise<unknown>
}

export interface DetailClientOptions {
  /** Allowed `scheme://authority` bases; the service always configures some (DEFAULT_DETAIL_URLS). */
  allowedBases: readonly string[]
  tokens: TokenProvider
  /** Time allowed to connect and send the request (until the response headers arrive, less the read time). */
  connectTimeoutMs?: number
  /** Time allowed for the response to arrive and be read. */
  readTimeoutMs?: number
  /** Attempts per detail fetch (events.md §A.4: 3). */
  attempts?: number
  /** Back-off before attempt n+1 is `backoffMs × n²` (100 ms in production). */
  backoffMs?: number
  fetch?: typeof globalThis.fetch
}

export class DetailRequestError extends Error {
  override readonly name = 'DetailRequestError'
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** 5xx, 429 and failures to get an answer at all are worth another try; other 4xx are not. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof DetailRequestError)) return false
  return error.status === undefined || error.status >= 500 || error.status === 429
}

export function baseOf(url: URL): string {
  return `${url.protocol}//${url.host}`
}

export function createDetailClient(options: DetailClientOptions): DetailClient {
  const allowed = new Set(options.allowedBases.map((base) => baseOf(new URL(base))))
  const connectTimeoutMs = options.connectTimeoutMs ?? 1_000
  const readTimeoutMs = options.readTimeoutMs ?? 5_000
  const attempts = options.attempts ?? 3
  const backoffMs = options.backoffMs ?? 100
  const fetchImpl = options.fetch ?? globalThis.fetch

  const getOnce = async (url: URL): Promise<unknown> => {
    const token = await options.tokens.getToken()
    const where = `GET ${url.origin}${url.pathname}`
    let response: Response
    let text: string
    try {
      // fetch has no separate connect phase: the headers must arrive within connect + read time,
      // and the body within the read time after that.
      response = await fetchImpl(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(connectTimeoutMs + readTimeoutMs),
        redirect: 'error',
      })
      text = await withTimeout(response.text(), readTimeoutMs, () => response.body?.cancel())
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      throw new DetailRequestError(
        `Detail request ${where} ${timedOut ? 'timed out' : 'failed'}`,
        undefined,
        {
          cause: error,
        },
      )
    }
    if (!response.ok) {
      throw new DetailRequestError(`Detail request ${where} failed: HTTP ${response.status}`, response.status)
    }
    try {
      return JSON.parse(text)
    } catch {
      throw new DetailRequestError(`Detail response from ${where} is not JSON`, response.status)
    }
  }

  return {
    async fetch(detailUrl) {
      if (detailUrl === null || detailUrl === undefined) throw new Error('Detail URL must not be null')
      let url: URL
      try {
        url = new URL(detailUrl)
      } catch {
        throw new Error(`Unexpected detail URL: ${detailUrl.slice(0, 200)}`)
      }
      if (!allowed.has(baseOf(url))) throw new Error(`Unexpected detail URL: ${baseOf(url)}`)
      for (let attempt = 1; ; attempt++) {
        try {
          return await getOnce(url)
        } catch (error) {
          if (attempt >= attempts || !isTransient(error)) throw error
          await new Promise((resolve) => setTimeout(resolve, backoffMs * attempt * attempt))
        }
      }
    },
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => unknown): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      Promise.resolve(onTimeout()).catch(() => {})
      reject(Object.assign(new Error('Detail response body timed out'), { name: 'TimeoutError' }))
    }, ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
