import { z } from 'zod'

/**
 * The environment contract (spec README §2). Production configuration is validated at start-up;
 * a missing or malformed variable stops the process with a message naming it.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional()

const urlString = z.string().trim().url()

const databaseUrl = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .refine((v) => /^(oracle|postgres|postgresql|pglite):\/\//.test(v), {
    message: 'must start with oracle://, postgres://, postgresql:// or pglite://',
  })

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter((s) => s.length > 0),
  )
  .pipe(z.array(z.string().url()))

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? String(fallback) : v))
    .pipe(
      z
        .string()
        .regex(/^-?\d+$/, 'must be an integer')
        .transform(Number)
        .pipe(z.number().int().min(min).max(max)),
    )

export const EnvSchema = z
  .object({
    PORT: integer(8080, 0, 65535),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: integer(10, 1, 200),
    DELIUS_USERNAME: z.string().trim().min(1).default('AccreditedProgrammesAndDelius'),
    HMPPS_AUTH_URL: z
      .string({ error: 'is required' })
      .pipe(urlString)
      .transform((v) => v.replace(/\/+$/, '')),
    CLIENT_ID: optionalString,
    CLIENT_SECRET: optionalString,
    MESSAGING_CONSUMER_QUEUE: optionalString,
    MESSAGING_CONSUMER_DETAIL_URLS: commaList,
    MESSAGING_CONSUMER_CONCURRENCY: integer(10, 1, 100),
    AWS_REGION: z.string().trim().default('eu-west-2'),
    AWS_ENDPOINT_URL_SQS: optionalString.pipe(urlString.optional()),
    LDAP_URL: optionalString,
    LDAP_BIND_DN: optionalString,
    LDAP_BIND_PASSWORD: optionalString,
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    REQUEST_BODY_LIMIT_BYTES: integer(5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    SHUTDOWN_GRACE_MS: integer(25_000, 0, 600_000),
    BUILD_VERSION: optionalString,
    GIT_COMMIT: optionalString,
  })
  .superRefine((env, ctx) => {
    if (env.MESSAGING_CONSUMER_QUEUE) {
      for (const name of ['CLIENT_ID', 'CLIENT_SECRET'] as const) {
        if (!env[name])
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'is required when MESSAGING_CONSUMER_QUEUE is set',
          })
      }
    }
    if (env.LDAP_URL && !env.LDAP_BIND_DN) {
      ctx.addIssue({ code: 'custom', path: ['LDAP_BIND_DN'], message: 'is required when LDAP_URL is set' })
    }
  })

export type Env = z.infer<typeof EnvSchema>

export interface Config {
  port: number
  databaseUrl: string
  databasePoolSize: number
  deliusUsername: string
  auth: { baseUrl: string; issuer: string; jwksUrl: string; tokenUrl: string }
  client?: { id: string; secret: string }
  messaging?: { queue: string; detailUrls: string[]; concurrency: number }
  aws: { region: string; sqsEndpoint?: string }
  ldap?: { url: string; bindDn: string; bindPassword: string }
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  bodyLimitBytes: number
  shutdownGraceMs: number
  build: { version: string; commit?: string }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`)
    this.name = 'ConfigError'
  }
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment')
        const message =
          env[name] === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message
        return `${name} ${message}`
      }),
    )
  }
  const e = parsed.data
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    deliusUsername: e.DELIUS_USERNAME,
    auth: {
      baseUrl: e.HMPPS_AUTH_URL,
      issuer: `${e.HMPPS_AUTH_URL}/issuer`,
      jwksUrl: `${e.HMPPS_AUTH_URL}/.well-known/jwks.json`,
      tokenUrl: `${e.HMPPS_AUTH_URL}/oauth/token`,
    },
    client: e.CLIENT_ID && e.CLIENT_SECRET ? { id: e.CLIENT_ID, secret: e.CLIENT_SECRET } : undefined,
    messaging: e.MESSAGING_CONSUMER_QUEUE
      ? {
          queue: e.MESSAGING_CONSUMER_QUEUE,
          detailUrls: e.MESSAGING_CONSUMER_DETAIL_URLS,
          concurrency: e.MESSAGING_CONSUMER_CONCURRENCY,
        }
      : undefined,
    aws: { region: e.AWS_REGION, sqsEndpoint: e.AWS_ENDPOINT_URL_SQS },
    ldap:
      e.LDAP_URL && e.LDAP_BIND_DN
        ? { url: e.LDAP_URL, bindDn: e.LDAP_BIND_DN, bindPassword: e.LDAP_BIND_PASSWORD ?? '' }
        : undefined,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.REQUEST_BODY_LIMIT_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    build: { version: e.BUILD_VERSION ?? '0.1.0', commit: e.GIT_COMMIT },
  }
}
