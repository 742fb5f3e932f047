import { z } from 'zod'
import { type InfoDocument, infoDocument } from './build-info.ts'
import { databaseSettings, type OracleConnection } from './database-settings.ts'

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

/**
 * Every variable the service reads, as data: the Helm chart test checks the chart against this
 * table both ways, and README's configuration table lists the same names.
 *
 * - `setting`: names sharing a setting are alternatives for one value (ours, the Cloud Platform
 *   secret's and the Spring name the reference's values map it to); setting two of them to
 *   different values stops start-up.
 * - `required`: when the service cannot start without the setting.
 */
export interface EnvVariable {
  name: string
  setting: string
  required?: 'always' | 'with-queue' | 'with-jdbc-url'
  secret?: boolean
}

export const ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'PORT', setting: 'PORT' },
  { name: 'DATABASE_URL', setting: 'DATABASE_URL', required: 'always', secret: true },
  { name: 'DB_URL', setting: 'DATABASE_URL', required: 'always', secret: true },
  { name: 'SPRING_DATASOURCE_URL', setting: 'DATABASE_URL', required: 'always', secret: true },
  { name: 'DB_USERNAME', setting: 'DB_USERNAME', required: 'with-jdbc-url', secret: true },
  { name: 'SPRING_DATASOURCE_USERNAME', setting: 'DB_USERNAME', required: 'with-jdbc-url', secret: true },
  { name: 'DB_PASSWORD', setting: 'DB_PASSWORD', required: 'with-jdbc-url', secret: true },
  { name: 'SPRING_DATASOURCE_PASSWORD', setting: 'DB_PASSWORD', required: 'with-jdbc-url', secret: true },
  { name: 'DATABASE_POOL_SIZE', setting: 'DATABASE_POOL_SIZE' },
  { name: 'SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE', setting: 'DATABASE_POOL_SIZE' },
  { name: 'DELIUS_USERNAME', setting: 'DELIUS_USERNAME' },
  { name: 'HMPPS_AUTH_URL', setting: 'HMPPS_AUTH_URL', required: 'always' },
  { name: 'CLIENT_ID', setting: 'CLIENT_ID', required: 'with-queue', secret: true },
  { name: 'OAUTH2_CLIENT-ID', setting: 'CLIENT_ID', required: 'with-queue', secret: true },
  { name: 'CLIENT_SECRET', setting: 'CLIENT_SECRET', required: 'with-queue', secret: true },
  { name: 'OAUTH2_CLIENT-SECRET', setting: 'CLIENT_SECRET', required: 'with-queue', secret: true },
  { name: 'MESSAGING_CONSUMER_QUEUE', setting: 'MESSAGING_CONSUMER_QUEUE', secret: true },
  { name: 'MESSAGING_CONSUMER_ENABLED', setting: 'MESSAGING_CONSUMER_ENABLED' },
  { name: 'MESSAGING_CONSUMER_DETAIL_URLS', setting: 'MESSAGING_CONSUMER_DETAIL_URLS' },
  { name: 'MESSAGING_CONSUMER_CONCURRENCY', setting: 'MESSAGING_CONSUMER_CONCURRENCY' },
  { name: 'AWS_REGION', setting: 'AWS_REGION' },
  { name: 'AWS_ENDPOINT_URL_SQS', setting: 'AWS_ENDPOINT_URL_SQS' },
  { name: 'LDAP_URL', setting: 'LDAP_URL' },
  { name: 'LDAP_BIND_DN', setting: 'LDAP_BIND_DN' },
  { name: 'LDAP_BIND_PASSWORD', setting: 'LDAP_BIND_PASSWORD', secret: true },
  { name: 'LOG_LEVEL', setting: 'LOG_LEVEL' },
  { name: 'REQUEST_BODY_LIMIT_BYTES', setting: 'REQUEST_BODY_LIMIT_BYTES' },
  { name: 'SHUTDOWN_GRACE_MS', setting: 'SHUTDOWN_GRACE_MS' },
  { name: 'VERSION', setting: 'VERSION' },
  { name: 'BUILD_INFO', setting: 'BUILD_INFO' },
  { name: 'GIT_INFO', setting: 'GIT_INFO' },
  { name: 'PRODUCT_ID', setting: 'PRODUCT_ID' },
]

/** The names that feed each setting, in table order (the first is the one README documents). */
export const SETTING_NAMES: ReadonlyMap<string, readonly string[]> = ENV_VARIABLES.reduce(
  (map, v) => map.set(v.setting, [...(map.get(v.setting) ?? []), v.name]),
  new Map<string, string[]>(),
)

/** Values that arrive as secrets are never trimmed: a password may end in a blank. */
const UNTRIMMED = new Set(['DB_PASSWORD', 'CLIENT_SECRET', 'LDAP_BIND_PASSWORD'])

interface Setting {
  name: string
  value: string
}

/**
 * One value per setting from whichever of its names is set (empty counts as unset). Two names with
 * different values are a conflict: a start-up error naming both, never a silent choice.
 */
export function resolveSettings(env: Record<string, string | undefined>): {
  settings: Map<string, Setting>
  problems: string[]
} {
  const settings = new Map<string, Setting>()
  const problems: string[] = []
  for (const [setting, names] of SETTING_NAMES) {
    const given = names
      .map((name) => ({ name, value: env[name] }))
      .filter((s): s is Setting => s.value !== undefined && s.value.trim() !== '')
      .map((s) => (UNTRIMMED.has(setting) ? s : { name: s.name, value: s.value.trim() }))
    if (given.length === 0) continue
    const differing = given.filter((s) => s.value !== given[0]!.value)
    if (differing.length > 0) {
      problems.push(
        `${given.map((s) => s.name).join(' and ')} are all set, to different values: set one of them`,
      )
    }
    // Kept even on a conflict, so the conflict is the one problem reported for this setting.
    settings.set(setting, given[0]!)
  }
  return { settings, problems }
}

const booleanFlag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => (v === undefined || v === '' ? String(fallback) : v))
    .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
    .transform((v) => v === 'true')

export const EnvSchema = z
  .object({
    PORT: integer(8080, 0, 65535),
    DATABASE_POOL_SIZE: integer(10, 1, 200),
    DELIUS_USERNAME: z.string().trim().min(1).default('AccreditedProgrammesAndDelius'),
    HMPPS_AUTH_URL: z
      .string({ error: 'is required' })
      .pipe(urlString)
      .transform((v) => v.replace(/\/+$/, '')),
    CLIENT_ID: optionalString,
    CLIENT_SECRET: z.string().optional(),
    MESSAGING_CONSUMER_QUEUE: optionalString,
    MESSAGING_CONSUMER_ENABLED: booleanFlag(true),
    MESSAGING_CONSUMER_DETAIL_URLS: commaList,
    MESSAGING_CONSUMER_CONCURRENCY: integer(10, 1, 100),
    AWS_REGION: z.string().trim().default('eu-west-2'),
    AWS_ENDPOINT_URL_SQS: optionalString.pipe(urlString.optional()),
    LDAP_URL: optionalString,
    LDAP_BIND_DN: optionalString,
    LDAP_BIND_PASSWORD: z.string().optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    REQUEST_BODY_LIMIT_BYTES: integer(5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    SHUTDOWN_GRACE_MS: integer(25_000, 0, 600_000),
    VERSION: optionalString,
    BUILD_INFO: optionalString,
    GIT_INFO: optionalString,
    PRODUCT_ID: optionalString,
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
  /** What createDatabase opens (for a JDBC URL, a credential-free `oracle://host:port/service`). */
  databaseUrl: string
  /** The Oracle connection a JDBC URL resolved to, and host/service to name in start-up messages. */
  database: { target: string; oracle?: OracleConnection }
  databasePoolSize: number
  deliusUsername: string
  auth: { baseUrl: string; issuer: string; jwksUrl: string; tokenUrl: string }
  client?: { id: string; secret: string }
  /** The queue; `enabled` false (MESSAGING_CONSUMER_ENABLED=false) means configured but not consumed. */
  messaging?: { queue: string; enabled: boolean; detailUrls: string[]; concurrency: number }
  aws: { region: string; sqsEndpoint?: string }
  ldap?: { url: string; bindDn: string; bindPassword: string }
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  bodyLimitBytes: number
  shutdownGraceMs: number
  info: InfoDocument
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`)
    this.name = 'ConfigError'
  }
}

/** `CLIENT_ID (or OAUTH2_CLIENT-ID)`: every name that would have supplied a missing setting. */
function missingName(setting: string): string {
  const [first, ...others] = SETTING_NAMES.get(setting) ?? [setting]
  return others.length === 0 ? first! : `${first} (or ${others.join(' or ')})`
}

/** Parses the environment; throws a ConfigError naming every bad variable (never its value). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const { settings, problems } = resolveSettings(env)
  const canonical = Object.fromEntries([...settings].map(([setting, given]) => [setting, given.value]))
  const parsed = EnvSchema.safeParse(canonical)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const setting = String(issue.path[0] ?? 'environment')
      const given = settings.get(setting)
      if (given === undefined) {
        problems.push(
          `${missingName(setting)} ${issue.code === 'invalid_type' ? 'is required' : issue.message}`,
        )
      } else {
        problems.push(`${given.name} ${issue.message}`)
      }
    }
  }
  const url = settings.get('DATABASE_URL')
  const database = url
    ? databaseSettings({ url, username: settings.get('DB_USERNAME'), password: settings.get('DB_PASSWORD') })
    : undefined
  if (!url) {
    problems.unshift(`${missingName('DATABASE_URL')} is required`)
    for (const setting of ['DB_USERNAME', 'DB_PASSWORD']) {
      const given = settings.get(setting)
      if (given) problems.push(`${given.name} is set but no database URL (DB_URL or DATABASE_URL) is`)
    }
  } else if (database && !database.ok) {
    problems.unshift(...database.problems)
  }
  let info: InfoDocument | undefined
  if (parsed.success) {
    try {
      info = infoDocument({
        version: parsed.data.VERSION,
        buildInfo: parsed.data.BUILD_INFO,
        gitInfo: parsed.data.GIT_INFO,
        productId: parsed.data.PRODUCT_ID,
      })
    } catch {
      problems.push('BUILD_INFO and GIT_INFO must be base64-encoded .properties files')
    }
  }
  if (problems.length > 0 || !parsed.success || !database?.ok || !info) throw new ConfigError(problems)
  const e = parsed.data
  return {
    port: e.PORT,
    databaseUrl: database.settings.url,
    database: { target: database.settings.target, oracle: database.settings.oracle },
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
          enabled: e.MESSAGING_CONSUMER_ENABLED,
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
    info,
  }
}
