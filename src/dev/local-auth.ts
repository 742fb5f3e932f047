/**
 * A local stand-in for HMPPS Auth, used by the dev stack and the tests: a JWKS endpoint and a
 * client-credentials token endpoint, signing HMPPS-Auth-shaped RS256 tokens with a key made at start.
 * Never part of a production start.
 */
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import { base64url, type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose'
import { CASE_DETAIL_ROLE } from '../auth/roles.ts'

export interface LocalAuthClient {
  id: string
  secret: string
  authorities: string[]
}

/** Clients the dev stack knows: this service's own outbound client and a caller with the API role. */
export const LOCAL_AUTH_CLIENTS: readonly LocalAuthClient[] = [
  { id: 'accredited-programmes-and-delius', secret: 'local-client-secret', authorities: [] },
  {
    id: 'accredited-programmes-manage-and-deliver-api',
    secret: 'local-client-secret',
    authorities: [CASE_DETAIL_ROLE],
  },
]

export interface LocalAuthOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  clients?: readonly LocalAuthClient[]
  /** Lifetime of tokens from the token endpoint, in seconds. Default 1200 (HMPPS Auth's 20 minutes). */
  tokenTtlSeconds?: number
  /** Time used for `iat`/`exp`. */
  clock?: () => Date
}

export interface SignTokenOptions {
  /** Default `[CASE_DETAIL_ROLE]`; `null` leaves the `authorities` claim out altogether. */
  authorities?: string[] | null
  /** Default 'accredited-programmes-manage-and-deliver-api'. */
  clientId?: string
  /** Default: the username when given, else the client id (as HMPPS Auth does). */
  subject?: string
  /** Sets `user_name`, as on a user token. */
  username?: string
  /** Seconds from now until `exp`; negative for an already expired token. Default 1200. */
  expiresIn?: number
  /** Default: this server's issuer. */
  issuer?: string
  /** Default: the current key's kid. */
  kid?: string
  /**
   * RS256 (default). 'HS256' signs with the public key's PEM as the HMAC secret (the classic
   * algorithm-confusion forgery); 'none' produces an unsigned token. Both must be refused.
   */
  alg?: 'RS256' | 'HS256' | 'none'
  /** Sign with this RSA private key instead of the server's (forged signature tests). */
  privateKey?: CryptoKey
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>
}

export interface LocalAuth {
  /** Base URL like HMPPS_AUTH_URL, e.g. `http://127.0.0.1:PORT/auth`. */
  url: string
  issuer: string
  jwksUrl: string
  tokenUrl: string
  /** The kid of the current signing key. */
  readonly kid: string
  signToken(options?: SignTokenOptions): Promise<string>
  /** Replaces the signing key (new kid); the old key leaves the JWKS. */
  rotateKey(): Promise<void>
  /** JWKS fetches so far (caching tests). */
  readonly jwksRequests: number
  /** Token endpoint calls so far. */
  readonly tokenRequests: number
  /** While down, the JWKS endpoint answers 503. */
  setJwksDown(down: boolean): void
  stop(): Promise<void>
}

interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
  publicPem: string
}

let keyCounter = 0

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = `local-${++keyCounter}-${randomUUID().slice(0, 8)}`
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  return { kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) }
}

export async function startLocalAuth(options: LocalAuthOptions = {}): Promise<LocalAuth> {
  const host = options.host ?? '127.0.0.1'
  const clients = options.clients ?? LOCAL_AUTH_CLIENTS
  const tokenTtl = options.tokenTtlSeconds ?? 1200
  const clock = options.clock ?? (() => new Date())

  let key = await newSigningKey()
  let jwksRequests = 0
  let tokenRequests = 0
  let jwksDown = false
  // Assigned once listening; the handlers only run after that.
  let issuer = ''

  const signToken = async (opts: SignTokenOptions = {}): Promise<string> => {
    const now = Math.floor(clock().getTime() / 1000)
    const clientId = opts.clientId ?? 'accredited-programmes-manage-and-deliver-api'
    const authorities = opts.authorities === undefined ? [CASE_DETAIL_ROLE] : opts.authorities
    const claims: Record<string, unknown> = {
      sub: opts.subject ?? opts.username ?? clientId,
      client_id: clientId,
      auth_source: opts.username === undefined ? 'none' : 'delius',
      grant_type: 'client_credentials',
      scope: ['read'],
      iss: opts.issuer ?? issuer,
      iat: now,
      exp: now + (opts.expiresIn ?? 1200),
      jti: randomUUID(),
      ...(authorities === null ? {} : { authorities }),
      ...(opts.username === undefined ? {} : { user_name: opts.username }),
      ...opts.claims,
    }
    const kid = opts.kid ?? key.kid
    const alg = opts.alg ?? 'RS256'
    if (alg === 'none') {
      const encode = (value: unknown) => base64url.encode(JSON.stringify(value))
      return `${encode({ alg: 'none', typ: 'JWT', kid })}.${encode(claims)}.`
    }
    const jwt = new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', kid })
    if (alg === 'HS256') return jwt.sign(new TextEncoder().encode(key.publicPem))
    return jwt.sign(opts.privateKey ?? key.privateKey)
  }

  const app = new Hono().basePath('/auth')
  app.get('/.well-known/jwks.json', (c) => {
    jwksRequests++
    if (jwksDown) return c.json({ error: 'unavailable' }, 503)
    return c.json({ keys: [key.publicJwk] })
  })
  app.post('/oauth/token', async (c) => {
    tokenRequests++
    const client = basicClient(c.req.header('authorization'), clients)
    if (!client) {
      return c.json({ error: 'invalid_client', error_description: 'Bad client credentials' }, 401, {
        'WWW-Authenticate': 'Basic realm="oauth2/client"',
      })
    }
    const form = new URLSearchParams(await c.req.text())
    if (form.get('grant_type') !== 'client_credentials') {
      return c.json({ error: 'unsupported_grant_type' }, 400)
    }
    const accessToken = await signToken({
      clientId: client.id,
      authorities: client.authorities,
      expiresIn: tokenTtl,
    })
    return c.json({ access_token: accessToken, token_type: 'bearer', expires_in: tokenTtl, scope: 'read' })
  })

  // overrideGlobalObjects: false so an app sharing this process keeps the platform Request/Response.
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: host, overrideGlobalObjects: false },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    )
    server.once('error', reject)
  })

  const hostPart = host.includes(':') ? `[${host}]` : host
  const url = `http://${hostPart}:${port}/auth`
  issuer = `${url}/issuer`

  return {
    url,
    issuer,
    jwksUrl: `${url}/.well-known/jwks.json`,
    tokenUrl: `${url}/oauth/token`,
    get kid() {
      return key.kid
    },
    signToken,
    async rotateKey() {
      key = await newSigningKey()
    },
    get jwksRequests() {
      return jwksRequests
    },
    get tokenRequests() {
      return tokenRequests
    },
    setJwksDown(down) {
      jwksDown = down
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive connections from fetch would otherwise hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

/** The client named by an HTTP Basic header (form-encoded id and secret, RFC 6749 §2.3.1). */
function basicClient(header: string | undefined, clients: readonly LocalAuthClient[]) {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (!match?.[1]) return undefined
  const decoded = new TextDecoder().decode(base64Decode(match[1]))
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, ' '))
    } catch {
      return value
    }
  }
  const id = decode(decoded.slice(0, colon))
  const secret = decode(decoded.slice(colon + 1))
  return clients.find((client) => client.id === id && client.secret === secret)
}

function base64Decode(value: string): Uint8Array {
  const binary = atob(value)
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}
