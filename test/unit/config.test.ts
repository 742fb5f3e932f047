import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.ts'

const production = {
  DATABASE_URL: 'oracle://user:secret@db.example:1521/DNDA',
  HMPPS_AUTH_URL: 'https://sign-in.hmpps.service.justice.gov.uk/auth/',
  CLIENT_ID: 'accredited-programmes-and-delius',
  CLIENT_SECRET: 'secret',
  MESSAGING_CONSUMER_QUEUE: 'probation-integration-dev-accredited-programmes-and-delius-queue',
  MESSAGING_CONSUMER_DETAIL_URLS:
    'https://accredited-programmes-manage-and-deliver-api-dev.hmpps.service.justice.gov.uk, https://accredited-programmes-api.hmpps.service.justice.gov.uk/',
}

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
  throw new Error('expected a ConfigError')
}

describe('configuration', () => {
  it('parses a full production environment', () => {
    const config = loadConfig(production)
    expect(config.port).toBe(8080)
    expect(config.deliusUsername).toBe('AccreditedProgrammesAndDelius')
    expect(config.auth).toEqual({
      baseUrl: 'https://sign-in.hmpps.service.justice.gov.uk/auth',
      issuer: 'https://sign-in.hmpps.service.justice.gov.uk/auth/issuer',
      jwksUrl: 'https://sign-in.hmpps.service.justice.gov.uk/auth/.well-known/jwks.json',
      tokenUrl: 'https://sign-in.hmpps.service.justice.gov.uk/auth/oauth/token',
    })
    expect(config.messaging).toEqual({
      queue: production.MESSAGING_CONSUMER_QUEUE,
      detailUrls: [
        'https://accredited-programmes-manage-and-deliver-api-dev.hmpps.service.justice.gov.uk',
        'https://accredited-programmes-api.hmpps.service.justice.gov.uk',
      ],
      concurrency: 10,
      enabled: true,
    })
    expect(config.client).toEqual({ id: 'accredited-programmes-and-delius', secret: 'secret' })
  })

  it('a missing database URL stops start-up naming every variable that could supply it', () => {
    const problems = problemsOf({ ...production, DATABASE_URL: undefined })
    expect(problems).toEqual(['DATABASE_URL (or DB_URL or SPRING_DATASOURCE_URL) is required'])
  })

  it('a missing HMPPS_AUTH_URL stops start-up with its name', () => {
    const problems = problemsOf({ ...production, HMPPS_AUTH_URL: undefined })
    expect(problems).toEqual(['HMPPS_AUTH_URL is required'])
  })

  it.each(['CLIENT_ID', 'CLIENT_SECRET'])(
    'a missing %s with a queue configured stops start-up with its name',
    (name) => {
      const problems = problemsOf({ ...production, [name]: undefined })
      expect(problems).toEqual([
        `${name} (or OAUTH2_${name.replace('_', '-')}) is required when MESSAGING_CONSUMER_QUEUE is set`,
      ])
    },
  )

  it('names every malformed variable', () => {
    const problems = problemsOf({
      ...production,
      DATABASE_URL: 'mysql://x',
      PORT: 'eighty',
      HMPPS_AUTH_URL: 'not a url',
    })
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'HMPPS_AUTH_URL', 'PORT'])
  })

  it('the listener is off without a queue, and client credentials are then optional', () => {
    const config = loadConfig({
      DATABASE_URL: 'pglite://memory',
      HMPPS_AUTH_URL: 'http://127.0.0.1:9090/auth',
    })
    expect(config.messaging).toBeUndefined()
    expect(config.client).toBeUndefined()
  })

  it('rejects a detail URL that is not a URL', () => {
    const problems = problemsOf({ ...production, MESSAGING_CONSUMER_DETAIL_URLS: 'nope' })
    expect(problems[0]).toMatch(/^MESSAGING_CONSUMER_DETAIL_URLS /)
  })
})
