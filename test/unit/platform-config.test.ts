import { describe, expect, it } from 'vitest'
import { decodeProperties, infoDocument, parseProperties } from '../../src/build-info.ts'
import { ConfigError, ENV_VARIABLES, loadConfig } from '../../src/config.ts'
import { parseJdbcOracleUrl } from '../../src/database-settings.ts'

/**
 * Issue 15 items 1 and 3: the service starts from the secrets and values the Cloud Platform already
 * has for the Kotlin service (`namespace_secrets` of the reference's deploy/values.yaml).
 */
const auth = { HMPPS_AUTH_URL: 'https://sign-in-dev.hmpps.service.justice.gov.uk/auth' }
const platform = {
  ...auth,
  SPRING_DATASOURCE_URL: 'jdbc:oracle:thin:@//delius-db.example:1521/DMDNDA',
  SPRING_DATASOURCE_USERNAME: 'delius_pool',
  SPRING_DATASOURCE_PASSWORD: 'rotated Pa55 ',
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

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

describe('JDBC URLs', () => {
  it.each([
    ['jdbc:oracle:thin:@//db.example:1521/DMDNDA', 'db.example:1521/DMDNDA', 'db.example', 'DMDNDA'],
    ['jdbc:oracle:thin:@db.example:1522/DMDNDA', 'db.example:1522/DMDNDA', 'db.example', 'DMDNDA'],
    ['jdbc:oracle:thin:@//db.example/DMDNDA', 'db.example:1521/DMDNDA', 'db.example', 'DMDNDA'],
    [
      'jdbc:oracle:thin:@tcps://db.example:2484/DMDNDA',
      'tcps://db.example:2484/DMDNDA',
      'db.example',
      'DMDNDA',
    ],
    [
      'jdbc:oracle:thin:@db.example:1521:DNDA',
      '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db.example)(PORT=1521))(CONNECT_DATA=(SID=DNDA)))',
      'db.example',
      'DNDA',
    ],
  ])('%s → connect string %s', (url, connectString, host, service) => {
    expect(parseJdbcOracleUrl(url)).toMatchObject({ connectString, host, service })
  })

  it('a TNS descriptor is passed to oracledb as it is; host, port and service are read from it', () => {
    const descriptor =
      '(DESCRIPTION=(ADDRESS_LIST=(ADDRESS=(PROTOCOL=TCP)(HOST=delius-a.example)(PORT=1521))(ADDRESS=(PROTOCOL=TCP)(HOST=delius-b.example)(PORT=1521)))(CONNECT_DATA=(SERVICE_NAME=DMDNDA_TAF)))'
    expect(parseJdbcOracleUrl(`jdbc:oracle:thin:@${descriptor}`)).toEqual({
      connectString: descriptor,
      host: 'delius-a.example',
      port: 1521,
      service: 'DMDNDA_TAF',
    })
  })

  it.each([
    'jdbc:postgresql://db/x',
    'jdbc:oracle:thin:user/pw@//db:1521/X',
    'jdbc:oracle:thin:@(ADDRESS=x)',
  ])('rejects %s', (url) => {
    expect(parseJdbcOracleUrl(url)).toBeUndefined()
  })
})

describe('database settings from the platform secrets', () => {
  it('SPRING_DATASOURCE_* (what the reference values map DB_URL, DB_USERNAME and DB_PASSWORD to)', () => {
    const config = loadConfig(platform)
    expect(config.database).toEqual({
      target: 'delius-db.example:1521/DMDNDA as delius_pool',
      oracle: {
        user: 'delius_pool',
        password: 'rotated Pa55 ',
        connectString: 'delius-db.example:1521/DMDNDA',
      },
    })
    // The factory picks the dialect from this URL; it carries no credentials.
    expect(config.databaseUrl).toBe('oracle://delius-db.example:1521/DMDNDA')
  })

  it('DB_URL / DB_USERNAME / DB_PASSWORD (the secret keys themselves)', () => {
    const config = loadConfig({
      ...auth,
      DB_URL: 'jdbc:oracle:thin:@delius-db.example:1521/DMDNDA',
      DB_USERNAME: 'delius_pool',
      DB_PASSWORD: 'secret',
    })
    expect(config.database.oracle).toEqual({
      user: 'delius_pool',
      password: 'secret',
      connectString: 'delius-db.example:1521/DMDNDA',
    })
  })

  it('the same value under both names is fine; different values stop start-up naming both', () => {
    expect(() => loadConfig({ ...platform, DB_URL: platform.SPRING_DATASOURCE_URL })).not.toThrow()
    expect(problemsOf({ ...platform, DB_PASSWORD: 'other' })).toEqual([
      'DB_PASSWORD and SPRING_DATASOURCE_PASSWORD are all set, to different values: set one of them',
    ])
    expect(problemsOf({ ...platform, DATABASE_URL: 'postgres://u:p@localhost/db' })).toContain(
      'DATABASE_URL and SPRING_DATASOURCE_URL are all set, to different values: set one of them',
    )
  })

  it('a JDBC URL without its user or password stops start-up naming what is missing', () => {
    expect(
      problemsOf({ ...platform, SPRING_DATASOURCE_USERNAME: undefined, SPRING_DATASOURCE_PASSWORD: '' }),
    ).toEqual([
      'DB_USERNAME (or SPRING_DATASOURCE_USERNAME) is required with SPRING_DATASOURCE_URL',
      'DB_PASSWORD (or SPRING_DATASOURCE_PASSWORD) is required with SPRING_DATASOURCE_URL',
    ])
  })

  it('credentials without a URL, a URL with its own credentials too, or a malformed JDBC URL stop start-up', () => {
    expect(problemsOf({ ...auth, DB_USERNAME: 'u', DB_PASSWORD: 'p' })).toEqual([
      'DATABASE_URL (or DB_URL or SPRING_DATASOURCE_URL) is required',
      'DB_USERNAME is set but no database URL (DB_URL or DATABASE_URL) is',
      'DB_PASSWORD is set but no database URL (DB_URL or DATABASE_URL) is',
    ])
    expect(problemsOf({ ...auth, DATABASE_URL: 'oracle://a:b@db:1521/X', DB_PASSWORD: 'p' })).toEqual([
      'DB_PASSWORD and a password in DATABASE_URL are both set: set one',
    ])
    expect(problemsOf({ ...platform, SPRING_DATASOURCE_URL: 'jdbc:oracle:thin:@nonsense' })[0]).toMatch(
      /^SPRING_DATASOURCE_URL must be a JDBC Oracle URL/,
    )
  })

  it('separate credentials fill in a DATABASE_URL that has none', () => {
    const config = loadConfig({
      ...auth,
      DATABASE_URL: 'postgres://127.0.0.1:5432/delius',
      DB_USERNAME: 'app',
      DB_PASSWORD: 'p@ss/word',
    })
    expect(new URL(config.databaseUrl).username).toBe('app')
    expect(decodeURIComponent(new URL(config.databaseUrl).password)).toBe('p@ss/word')
    expect(config.database.target).toBe('127.0.0.1:5432/delius as app')
  })

  it('no problem message ever carries a value, only names', () => {
    const secret = 'Sup3rSecret!'
    const all = [
      ...problemsOf({ ...platform, SPRING_DATASOURCE_PASSWORD: secret, DB_PASSWORD: `${secret}2` }),
      ...problemsOf({ ...auth, DATABASE_URL: `oracle://u:${secret}@db/X`, DB_PASSWORD: secret }),
      ...problemsOf({ ...auth, DATABASE_URL: `mysql://u:${secret}@db/X` }),
    ]
    expect(all.length).toBeGreaterThan(2)
    for (const problem of all) expect(problem).not.toContain(secret)
  })
})

describe('client credentials and the consumer switch', () => {
  const queue = {
    ...platform,
    MESSAGING_CONSUMER_QUEUE: 'probation-integration-dev-accredited-programmes-and-delius-queue',
  }

  it('OAUTH2_CLIENT-ID / OAUTH2_CLIENT-SECRET (the reference values) stand for CLIENT_ID / CLIENT_SECRET', () => {
    const config = loadConfig({
      ...queue,
      'OAUTH2_CLIENT-ID': 'apd-client',
      'OAUTH2_CLIENT-SECRET': 's3cret',
    })
    expect(config.client).toEqual({ id: 'apd-client', secret: 's3cret' })
    expect(
      problemsOf({ ...queue, CLIENT_ID: 'a', 'OAUTH2_CLIENT-ID': 'b', 'OAUTH2_CLIENT-SECRET': 's' }),
    ).toEqual(['CLIENT_ID and OAUTH2_CLIENT-ID are all set, to different values: set one of them'])
  })

  it.each([
    [undefined, true],
    ['true', true],
    ['TRUE', true],
    ['false', false],
    [' false ', false],
  ])('MESSAGING_CONSUMER_ENABLED=%s → consume: %s', (value, enabled) => {
    const config = loadConfig({
      ...queue,
      CLIENT_ID: 'a',
      CLIENT_SECRET: 'b',
      MESSAGING_CONSUMER_ENABLED: value,
    })
    expect(config.messaging?.enabled).toBe(enabled)
  })

  it('MESSAGING_CONSUMER_ENABLED must be true or false', () => {
    expect(
      problemsOf({ ...queue, CLIENT_ID: 'a', CLIENT_SECRET: 'b', MESSAGING_CONSUMER_ENABLED: 'no' }),
    ).toEqual(['MESSAGING_CONSUMER_ENABLED must be true or false'])
  })

  it('the pool size also comes from the Spring name the shared Helm defaults set', () => {
    expect(loadConfig({ ...platform, SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE: '7' }).databasePoolSize).toBe(
      7,
    )
  })

  it('the variables table names each variable once', () => {
    const names = ENV_VARIABLES.map((v) => v.name)
    expect(new Set(names).size).toBe(names.length)
  })
})

describe('/info from VERSION, BUILD_INFO, GIT_INFO and PRODUCT_ID', () => {
  it('reads .properties the way java.util.Properties does', () => {
    const properties = parseProperties(
      [
        'build.artifact=value1',
        'build.group    =  value2',
        'build.name=value3\\nvalue3',
        '#build.version=value4',
        '',
        '! comment',
        'build.time: 2026-12-06T10:15:30Z',
        'long = a\\',
        '   b',
        'unicode=caf\\u00e9',
      ].join('\n'),
    )
    expect(Object.fromEntries(properties)).toEqual({
      'build.artifact': 'value1',
      'build.group': 'value2',
      'build.name': 'value3\nvalue3',
      'build.time': '2026-12-06T10:15:30Z',
      long: 'ab',
      unicode: 'café',
    })
  })

  it('the whole document in Spring Boot shape; VERSION is build.version', () => {
    const config = loadConfig({
      ...platform,
      VERSION: '2026-12-06.42.abc1234',
      BUILD_INFO: base64(
        'build.artifact=accredited-programmes-and-delius\nbuild.name=accredited-programmes-and-delius\nbuild.group=uk.gov.justice.digital.hmpps\nbuild.version=2026-12-06.42.abc1234\nbuild.time=2026-12-06T10\\:15\\:30.000Z\n',
      ),
      GIT_INFO: base64('git.branch=main\ngit.commit.id=abc1234def5678\ngit.commit.time=1796120130\n'),
    })
    expect(config.info).toEqual({
      build: {
        artifact: 'accredited-programmes-and-delius',
        name: 'accredited-programmes-and-delius',
        group: 'uk.gov.justice.digital.hmpps',
        version: '2026-12-06.42.abc1234',
        time: '2026-12-06T10:15:30Z',
      },
      git: {
        branch: 'main',
        commit: { id: 'abc1234', time: new Date(1796120130 * 1000).toISOString().replace('.000Z', 'Z') },
      },
      productId: 'HMPPS518',
    })
  })

  it('omits what is not known; PRODUCT_ID overrides the default', () => {
    expect(infoDocument({ productId: 'HMPPS999' })).toEqual({
      build: { artifact: 'accredited-programmes-and-delius', name: 'accredited-programmes-and-delius' },
      productId: 'HMPPS999',
    })
    expect(infoDocument({ version: '1.2.3', gitInfo: base64('git.branch=main') })).toEqual({
      build: {
        artifact: 'accredited-programmes-and-delius',
        name: 'accredited-programmes-and-delius',
        version: '1.2.3',
      },
      git: { branch: 'main' },
      productId: 'HMPPS518',
    })
  })

  it('BUILD_INFO that is not base64 stops start-up', () => {
    expect(() => decodeProperties('not base64!', 'build.')).toThrow()
    expect(problemsOf({ ...platform, BUILD_INFO: 'not base64!' })).toEqual([
      'BUILD_INFO and GIT_INFO must be base64-encoded .properties files',
    ])
  })
})
