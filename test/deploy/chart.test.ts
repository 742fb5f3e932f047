import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ENV_VARIABLES, loadConfig, SETTING_NAMES } from '../../src/config.ts'
import { TelemetryEnvSchema } from '../../src/telemetry/config.ts'

/**
 * Issue 15 item 7: the Helm chart under deploy/ checked both ways against the configuration loader's
 * table of variables (src/config.ts ENV_VARIABLES): every variable the service requires is supplied
 * by an env entry or a secret in every environment, and every variable the values set is one the
 * service reads.
 */
const DEPLOY = resolve(import.meta.dirname, '../../deploy')
const ENVIRONMENTS = ['dev', 'preprod', 'prod'] as const

/**
 * Read by the telemetry module (issue 16, built in parallel), not by the configuration loader yet.
 * When that work adds them to ENV_VARIABLES, drop them from here (the test below says so).
 * (VERSION, which telemetry reads too, is already in the loader's table: /info reads it.)
 */
/** The telemetry module reads its own section of the environment (src/telemetry/config.ts). */
const READ_BY_TELEMETRY = new Set(Object.keys(TelemetryEnvSchema.shape))
const LOADER_NAMES = new Set(ENV_VARIABLES.map((v) => v.name))
const READ = new Set([...LOADER_NAMES, ...READ_BY_TELEMETRY])

type Values = Record<string, unknown>

const load = (file: string): Values => parse(readFileSync(resolve(DEPLOY, file), 'utf8')) as Values

/** Helm's merge of values files: maps merge key by key, anything else is replaced. */
function merge(base: Values, over: Values): Values {
  const out: Values = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const current = out[key]
    out[key] = isMap(current) && isMap(value) ? merge(current as Values, value as Values) : (value as unknown)
  }
  return out
}
const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v)

interface Deployment {
  service: Values
  alerts: Values
  /** Plain env entries, as the container sees them (generic-service quotes every value). */
  env: Record<string, string>
  /** Env name → `secret/key`. */
  secrets: Record<string, string>
}

function deployment(environment: (typeof ENVIRONMENTS)[number]): Deployment {
  const values = merge(load('values.yaml'), load(`values-${environment}.yml`))
  const service = values['generic-service'] as Values
  const env = Object.fromEntries(
    Object.entries((service.env ?? {}) as Values).map(([name, value]) => [name, String(value)]),
  )
  const secrets: Record<string, string> = {}
  for (const [secret, keys] of Object.entries((service.namespace_secrets ?? {}) as Record<string, Values>)) {
    for (const [name, key] of Object.entries(keys)) secrets[name] = `${secret}/${key}`
  }
  return { service, alerts: values['generic-prometheus-alerts'] as Values, env, secrets }
}

/** What the platform's secrets hold, in their real shapes (values invented). */
const SECRET_VALUES: Record<string, string> = {
  'common/DB_URL': 'jdbc:oracle:thin:@//delius-db.example:1521/DMDNDA',
  'common/APPLICATIONINSIGHTS_CONNECTION_STRING': 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
  'accredited-programmes-and-delius-client-credentials/CLIENT_ID': 'accredited-programmes-and-delius',
  'accredited-programmes-and-delius-client-credentials/CLIENT_SECRET': 'client-secret',
  'accredited-programmes-and-delius-database/DB_USERNAME': 'delius_pool',
  'accredited-programmes-and-delius-database/DB_PASSWORD': 'db-password',
  'accredited-programmes-and-delius-sentry/SENTRY_DSN': 'https://key@sentry.example/1',
  'accredited-programmes-and-delius-queue/QUEUE_NAME':
    'probation-integration-dev-accredited-programmes-and-delius-queue',
}

describe('deploy/Chart.yaml', () => {
  it('depends on generic-service and generic-prometheus-alerts from the HMPPS chart repository', () => {
    const chart = load('Chart.yaml')
    expect(chart.name).toBe('accredited-programmes-and-delius')
    expect(chart.dependencies).toEqual([
      {
        name: 'generic-service',
        version: '3',
        repository: 'https://ministryofjustice.github.io/hmpps-helm-charts',
      },
      {
        name: 'generic-prometheus-alerts',
        version: '1',
        repository: 'https://ministryofjustice.github.io/hmpps-helm-charts',
      },
    ])
  })
})

describe.each(ENVIRONMENTS)('deploy/values-%s.yml over values.yaml', (environment) => {
  const d = deployment(environment)
  const supplied = new Set([...Object.keys(d.env), ...Object.keys(d.secrets)])

  it('every variable the values set is one the service reads', () => {
    expect([...supplied].filter((name) => !READ.has(name))).toEqual([])
  })

  it('every variable the service requires is supplied (queue configured, JDBC database URL)', () => {
    const required = ENV_VARIABLES.filter((v) => v.required !== undefined).map((v) => v.setting)
    for (const setting of new Set(required)) {
      const names = SETTING_NAMES.get(setting) ?? []
      expect(
        names.filter((name) => supplied.has(name)),
        `${setting}: one of ${names.join(', ')}`,
      ).toHaveLength(1)
    }
    // The conditions those requirements hang on hold here.
    expect(d.secrets.MESSAGING_CONSUMER_QUEUE).toBe('accredited-programmes-and-delius-queue/QUEUE_NAME')
    expect(d.secrets.SPRING_DATASOURCE_URL).toBe('common/DB_URL')
  })

  it('no setting is supplied under two names (they could disagree)', () => {
    for (const names of SETTING_NAMES.values()) {
      expect(names.filter((name) => supplied.has(name)).length).toBeLessThanOrEqual(1)
    }
  })

  it('the container environment it gives loads: Oracle from the JDBC secret, the queue consumed, this HMPPS Auth', () => {
    const env: Record<string, string> = { ...d.env }
    for (const [name, ref] of Object.entries(d.secrets)) {
      expect(SECRET_VALUES[ref], `a value for secret ${ref}`).toBeDefined()
      env[name] = SECRET_VALUES[ref]!
    }
    const config = loadConfig(env)
    expect(config.database).toEqual({
      target: 'delius-db.example:1521/DMDNDA as delius_pool',
      oracle: {
        user: 'delius_pool',
        password: 'db-password',
        connectString: 'delius-db.example:1521/DMDNDA',
      },
    })
    expect(config.client).toEqual({ id: 'accredited-programmes-and-delius', secret: 'client-secret' })
    expect(config.messaging?.enabled).toBe(true)
    const signIn = environment === 'prod' ? 'sign-in' : `sign-in-${environment}`
    expect(config.auth.baseUrl).toBe(`https://${signIn}.hmpps.service.justice.gov.uk/auth`)
    expect(config.messaging?.detailUrls).toContain(
      `https://accredited-programmes-manage-and-deliver-api${environment === 'prod' ? '' : `-${environment}`}.hmpps.service.justice.gov.uk`,
    )
    expect(d.env.SENTRY_ENVIRONMENT).toBe(environment)
    expect(d.secrets.SENTRY_DSN).toBe('accredited-programmes-and-delius-sentry/SENTRY_DSN')
    expect(d.secrets.APPLICATIONINSIGHTS_CONNECTION_STRING).toBe(
      'common/APPLICATIONINSIGHTS_CONNECTION_STRING',
    )
  })

  it('probes on the Spring Boot paths, replicas, and resources sized from the measured memory', () => {
    const path = (probe: string) => ((d.service[probe] as Values).httpGet as Values).path
    expect(path('startupProbe')).toBe('/health/liveness')
    expect(path('livenessProbe')).toBe('/health/liveness')
    expect(path('readinessProbe')).toBe('/health/readiness')
    expect(d.service.replicaCount).toBeGreaterThanOrEqual(2)
    expect(d.service.productId).toBe('HMPPS518')
    const resources = d.service.resources as { requests: Values; limits: Values }
    // ~100 MB idle, at most ~250 MB under load (BENCHMARKS.md, RELIABILITY.md): well under the JVM's 1 GiB.
    expect(resources.requests.memory).toBe('256Mi')
    expect(resources.limits.memory).toBe('512Mi')
    expect((d.service.image as Values).port).toBe(8080)
  })

  it('alerts when the oldest message on this environment queue is too old', () => {
    expect(d.alerts.targetApplication).toBe('accredited-programmes-and-delius')
    expect(d.alerts.sqsOldestAlertQueueNames).toEqual([
      `probation-integration-${environment}-accredited-programmes-and-delius-queue`,
    ])
    expect(d.alerts.sqsAlertsOldestThreshold).toBe(30)
  })
})

describe("README's configuration table", () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8')
  const rows = readme.split('\n').filter((line) => line.startsWith('| `'))
  const firstCells = rows.map((row) => row.split(' | ')[0] ?? '')

  it.each([...READ])('lists %s with a platform source', (name) => {
    const row = rows[firstCells.findIndex((cell) => cell.includes(`\`${name}\``))]
    expect(row, `${name} in the table`).toBeDefined()
    expect(row!.split(' | ').length).toBeGreaterThanOrEqual(3)
  })
})
