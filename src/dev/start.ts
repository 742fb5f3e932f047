import { resolve } from 'node:path'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { buildService } from '../bootstrap.ts'
import { loadConfig } from '../config.ts'
import { pgliteDb } from '../db/pglite.ts'
import { createLogger } from '../logger.ts'
import { onShutdownSignal } from '../server/lifecycle.ts'
import { serve } from '../server/serve.ts'
import { staticStaffDirectory } from '../services/staff-directory.ts'
import { createTelemetry, loadTelemetryConfig } from '../telemetry/index.ts'
import { openDevDatabase } from './database.ts'
import { LOCAL_AUTH_CLIENTS, startLocalAuth } from './local-auth.ts'
import { DEV_QUEUE, devSqsClient, startLocalQueue } from './queue.ts'
import { startLocalUpstream } from './upstream.ts'

/**
 * The dev stack: everything on loopback, no set-up. Started only by `npm start` / `deno task start`;
 * the production entry point never falls back to any of this.
 */
const env = process.env
const port = Number(env.PORT ?? 8080)
const authPort = Number(env.DEV_AUTH_PORT ?? 9090)
const dbPort = Number(env.DEV_DB_PORT ?? 5433)
const sqsPort = Number(env.DEV_SQS_PORT ?? 9324)
const upstreamPort = Number(env.DEV_UPSTREAM_PORT ?? 9091)
const dataDir = resolve(env.DEV_DATA_DIR ?? '.data/pglite')
const logger = createLogger({ level: (env.LOG_LEVEL as 'info' | undefined) ?? 'info' })

const started = performance.now()
const auth = await startLocalAuth({ port: authPort })
const { pglite, created } = await openDevDatabase(dataDir)
const socket = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: dbPort, maxConnections: 4 })
await socket.start()
const queue = await startLocalQueue({ port: sqsPort })
const upstream = await startLocalUpstream({ port: upstreamPort })
// The listener's own client at the local auth; the SQS client gets dummy credentials below.
const ownClient = LOCAL_AUTH_CLIENTS.find((client) => client.authorities.length === 0)!

const config = loadConfig({
  ...env,
  PORT: String(port),
  DATABASE_URL: `pglite://${dataDir}`,
  HMPPS_AUTH_URL: auth.url,
  MESSAGING_CONSUMER_QUEUE: DEV_QUEUE,
  MESSAGING_CONSUMER_DETAIL_URLS: upstream.base,
  AWS_ENDPOINT_URL_SQS: queue.endpoint,
  CLIENT_ID: ownClient.id,
  CLIENT_SECRET: ownClient.secret,
})
// Without LDAP_URL, staff e-mails come from a fixed directory with the dev LDAP's one entry.
const staffDirectory = config.ldap ? undefined : staticStaffDirectory({ TestUser: 'test@example.com' })
// The same telemetry variables as production (APPLICATIONINSIGHTS_CONNECTION_STRING, SENTRY_DSN, ...).
const telemetry = await createTelemetry(loadTelemetryConfig(env))
const service = await buildService(config, {
  logger,
  telemetry,
  db: pgliteDb(pglite, { log: telemetry.databaseLog('pglite') }),
  staffDirectory,
  sqs: devSqsClient(queue.endpoint),
})
const server = await serve(service.app.fetch, { port, hostname: '127.0.0.1' })
const caller = LOCAL_AUTH_CLIENTS.find((client) => client.authorities.length > 0)!
const token = await auth.signToken({ clientId: caller.id })
service.listener?.start()
service.process.markStarted()

const base = `http://127.0.0.1:${server.port}`
process.stdout.write(`
Accredited Programmes and Delius — dev stack ready in ${Math.round(performance.now() - started)} ms
  API            ${base}   (Swagger UI: ${base}/swagger-ui)
  Database       PGlite in ${dataDir}${created ? ' (created and seeded)' : ''}
                 psql -h 127.0.0.1 -p ${dbPort} -U postgres
  HMPPS Auth     ${auth.url}   (JWKS ${auth.jwksUrl})
  SQS queue      ${queue.queueUrl}   (endpoint ${queue.endpoint}, DLQ after 3 receives${service.listener ? '' : '; not consumed: MESSAGING_CONSUMER_ENABLED=false'})
  Upstream API   ${upstream.base}/accredited-programmes-api/...   (detail documents)
  Telemetry      ${telemetry.enabled ? 'on (see APPLICATIONINSIGHTS_CONNECTION_STRING, OTEL_EXPORTER_OTLP_ENDPOINT, SENTRY_DSN)' : 'off'}

Bearer token (role ${caller.authorities.join(', ')}; \`npm run -s token\` prints a fresh one):
${token}

Try: curl -H "Authorization: Bearer $(npm run -s token)" ${base}/case/A000001/personal-details

Publish an event (npm run publish -- --help lists them), then see its contact:
  npm run publish -- status-changed-on-programme
  psql -h 127.0.0.1 -p ${dbPort} -U postgres -c "select c.contact_id, t.code, c.contact_date, c.rqmnt_id, c.notes from contact c join r_contact_type t on t.contact_type_id = c.contact_type_id where t.code like 'EIB%' order by c.contact_id desc limit 5"

`)

onShutdownSignal(logger, config.shutdownGraceMs, async () => {
  service.process.markStopping()
  await Promise.all([server.close(), service.listener?.stop()])
  await socket.stop()
  await service.close()
  await telemetry.shutdown(2_000)
  await Promise.all([queue.stop(), upstream.stop(), auth.stop()])
})
