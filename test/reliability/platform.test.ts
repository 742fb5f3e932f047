import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { startTestQueueServer, type TestQueueServer } from '../helpers/queue.ts'
import { copyPgliteTemplate, ensurePgliteTemplate } from '../helpers/template.ts'
import { ROOT, startServiceProcess } from './support/service-process.ts'

/**
 * Issue 15: the production entry (src/main.ts) started as the Cloud Platform starts it, with the
 * environment the reference's Helm values give the Kotlin service.
 */
let sqs: TestQueueServer
let auth: LocalAuth
const dirs: string[] = []

beforeAll(async () => {
  ;[sqs, auth] = await Promise.all([startTestQueueServer(), startLocalAuth()])
})
afterAll(async () => {
  await sqs?.close()
  await auth?.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

/** The production entry run to its exit with exactly `env` (plus PATH). */
function runToExit(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('start-up against the platform database secrets', () => {
  const password = 'Rotated-Pa55word-q3'

  it.each([
    ['Easy Connect', (port: number) => `jdbc:oracle:thin:@//127.0.0.1:${port}/DMDNDA`],
    [
      'TNS descriptor',
      (port: number) =>
        `jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.1)(PORT=${port}))(CONNECT_DATA=(SERVICE_NAME=DMDNDA)))`,
    ],
  ])(
    'a database that cannot be reached (%s): exit 1, stderr names host, port and service, never the password',
    async (_form, url) => {
      const port = await closedPort()
      const run = runToExit({
        SPRING_DATASOURCE_URL: url(port),
        SPRING_DATASOURCE_USERNAME: 'delius_pool',
        SPRING_DATASOURCE_PASSWORD: password,
        HMPPS_AUTH_URL: auth.url,
      })
      expect(run.status).toBe(1)
      expect(run.stderr).toContain(`Start-up failed (database 127.0.0.1:${port}/DMDNDA as delius_pool)`)
      // oracledb tried the address it was given (the descriptor reached the driver as it is).
      expect(run.stderr).toContain(`127.0.0.1 port ${port}`)
      const failure = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}')
      expect(failure).toMatchObject({
        level: 'error',
        message: 'Start-up failed',
        database: `127.0.0.1:${port}/DMDNDA as delius_pool`,
      })
      expect(run.stdout + run.stderr).not.toContain(password)
    },
  )

  it('conflicting or incomplete settings: exit 1 with the problems on stderr, no value shown', () => {
    const run = runToExit({
      DB_URL: 'jdbc:oracle:thin:@//db.example:1521/DMDNDA',
      SPRING_DATASOURCE_URL: 'jdbc:oracle:thin:@//other.example:1521/DMDNDA',
      DB_PASSWORD: password,
      HMPPS_AUTH_URL: auth.url,
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(
      'DB_URL and SPRING_DATASOURCE_URL are all set, to different values: set one of them',
    )
    expect(run.stderr).toContain('DB_USERNAME (or SPRING_DATASOURCE_USERNAME) is required with DB_URL')
    expect(run.stdout + run.stderr).not.toContain(password)
    expect(run.stdout + run.stderr).not.toContain('other.example')
  })
})

describe('MESSAGING_CONSUMER_ENABLED=false and /info on the production process', () => {
  it('the queue is not consumed at all while the HTTP API serves; /info carries the deployed version', async () => {
    const queue = await sqs.createQueue('consumer-switch', { visibilityTimeoutSeconds: 5 })
    await sqs.send(queue.url, JSON.stringify({ Type: 'Notification', MessageId: 'm-1', Message: '{}' }))
    const dir = copyPgliteTemplate(await ensurePgliteTemplate())
    dirs.push(dir)
    const properties = (text: string) => Buffer.from(text).toString('base64')
    const service = await startServiceProcess({
      DATABASE_URL: `pglite://${dir}`,
      HMPPS_AUTH_URL: auth.url,
      'OAUTH2_CLIENT-ID': 'accredited-programmes-and-delius',
      'OAUTH2_CLIENT-SECRET': 'local-client-secret',
      MESSAGING_CONSUMER_QUEUE: queue.url,
      MESSAGING_CONSUMER_ENABLED: 'false',
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      VERSION: '2026-12-06.42.abc1234',
      BUILD_INFO: properties('build.group=uk.gov.justice.digital.hmpps\nbuild.time=2026-12-06T10:15:30Z\n'),
      GIT_INFO: properties(
        'git.branch=main\ngit.commit.id=abc1234def\ngit.commit.time=2026-12-06T10:00:00Z\n',
      ),
    })
    try {
      const token = await auth.signToken()
      const details = await fetch(`${service.url}/case/A000001/personal-details`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(details.status).toBe(200)
      const info = await fetch(`${service.url}/info`)
      expect(await info.json()).toEqual({
        build: {
          artifact: 'accredited-programmes-and-delius',
          name: 'accredited-programmes-and-delius',
          group: 'uk.gov.justice.digital.hmpps',
          version: '2026-12-06.42.abc1234',
          time: '2026-12-06T10:15:30Z',
        },
        git: { branch: 'main', commit: { id: 'abc1234', time: '2026-12-06T10:00:00Z' } },
        productId: 'HMPPS518',
      })
      expect((await fetch(`${service.url}/health/readiness`)).status).toBe(200)
      // Longer than a poll would take to pick it up: the message is never received.
      await new Promise((resolve) => setTimeout(resolve, 3_000))
      expect(sqs.counts(queue.name)).toEqual({ visible: 1, inFlight: 0 })
      expect(service.lines.some((line) => line.message === 'Event listener disabled')).toBe(true)
      expect(service.lines.some((line) => line.event === 'NotificationReceived')).toBe(false)
    } finally {
      await service.stop()
    }
    const exit = await service.exited
    expect(exit.code).toBe(0)
  }, 90_000)
})

describe('readiness on SIGTERM (production process)', () => {
  it('goes OUT_OF_SERVICE as soon as the signal arrives, while the server drains', async () => {
    const dir = copyPgliteTemplate(await ensurePgliteTemplate())
    dirs.push(dir)
    const service = await startServiceProcess({ DATABASE_URL: `pglite://${dir}`, HMPPS_AUTH_URL: auth.url })
    try {
      expect((await fetch(`${service.url}/health/readiness`)).status).toBe(200)
      service.signal('SIGTERM')
      // Poll on the open keep-alive connection until the server stops answering.
      const seen: string[] = []
      for (let i = 0; i < 200; i++) {
        try {
          const response = await fetch(`${service.url}/health/readiness`)
          const body = (await response.json()) as { status: string }
          seen.push(`${response.status} ${body.status}`)
          if (response.status === 503) break
        } catch {
          break
        }
      }
      expect(seen).toContain('503 OUT_OF_SERVICE')
      // Once it said so, it never said UP again.
      expect(seen.slice(seen.indexOf('503 OUT_OF_SERVICE'))).not.toContain('200 UP')
    } finally {
      await service.stop()
    }
    expect((await service.exited).code).toBe(0)
  }, 90_000)
})
