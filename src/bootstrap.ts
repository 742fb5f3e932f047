import type { SQSClient } from '@aws-sdk/client-sqs'
import { createApp } from './app.ts'
import { createJwtVerifier } from './auth/jwt.ts'
import type { Config } from './config.ts'
import { createDatabase, type Db, dialectNameOf } from './db/database.ts'
import { findUserId } from './db/queries/audit-user.ts'
import { createEventListener, type SqsListener } from './listeners/index.ts'
import type { Logger } from './logger.ts'
import { createProcessState, type ProcessState } from './services/health.ts'
import { createServices, type Services } from './services/index.ts'
import { createLdapStaffDirectory } from './services/ldap-staff-directory.ts'
import type { StaffDirectory } from './services/staff-directory.ts'
import { withTelemetryEvents } from './telemetry/index.ts'
import { noTelemetry, type Telemetry } from './telemetry/types.ts'
import { type Clock, systemClock } from './time.ts'

export interface Service {
  app: ReturnType<typeof createApp>
  db: Db
  services: Services
  auditUserId: number
  /** Started/stopping, as the readiness probe reports it: the entry point marks both. */
  process: ProcessState
  /** The domain-event listener (not yet started), when MESSAGING_CONSUMER_QUEUE is set and enabled. */
  listener?: SqsListener
  /** Releases what the service holds: stops the listener (its messages finished), then the pool. */
  close(): Promise<void>
}

export interface BuildOptions {
  logger: Logger
  clock?: Clock
  /** An already open database (the dev stack hands over its PGlite); otherwise opened from config. */
  db?: Db
  staffDirectory?: StaffDirectory
  /** The listener's SQS client (the dev stack's local queue); otherwise from the AWS configuration. */
  sqs?: SQSClient
  /** Telemetry (src/telemetry); off by default. An injected `db` gets no statement dependencies. */
  telemetry?: Telemetry
  /** Default: a fresh state, not yet started. */
  process?: ProcessState
}

/** Fails start-up unless the Delius audit user exists (events.md §B.6). */
export async function resolveAuditUserId(db: Db, username: string): Promise<number> {
  const id = await findUserId(db.kysely, username)
  if (id === undefined) throw new Error(`DB Username Not Found: Delius user ${username} does not exist`)
  return id
}

/** Builds everything the production entry points serve, from validated configuration. */
export async function buildService(config: Config, options: BuildOptions): Promise<Service> {
  const clock = options.clock ?? systemClock
  const telemetry = options.telemetry ?? noTelemetry
  // Business events (logger.event) also become telemetry custom events.
  const logger = withTelemetryEvents(options.logger, telemetry)
  const state = options.process ?? createProcessState()
  const db =
    options.db ??
    (await createDatabase({
      url: config.databaseUrl,
      oracle: config.database.oracle,
      deliusUsername: config.deliusUsername,
      poolSize: config.databasePoolSize,
      log: telemetry.databaseLog(dialectNameOf(config.databaseUrl)),
    }))
  try {
    const auditUserId = await resolveAuditUserId(db, config.deliusUsername)
    // Staff e-mails from LDAP when configured (spec README §3.10); otherwise they are left out.
    const staffDirectory =
      options.staffDirectory ??
      (config.ldap ? createLdapStaffDirectory({ ...config.ldap, logger }) : undefined)
    const services = createServices({
      db,
      clock,
      logger,
      auditUserId,
      staffDirectory,
      process: state,
    })
    const verifier = createJwtVerifier({ jwksUrl: new URL(config.auth.jwksUrl), issuer: config.auth.issuer })
    const app = createApp({
      db,
      clock,
      logger,
      verifier,
      services,
      telemetry,
      config: { bodyLimitBytes: config.bodyLimitBytes, info: config.info },
    })
    // Running messages get most of the shutdown grace, whoever stops the listener; the rest is for
    // closing the pool after it.
    const stopDeadlineMs = Math.floor(config.shutdownGraceMs * 0.8)
    // MESSAGING_CONSUMER_ENABLED=false (the team's "stop consumers while Delius is offline" workflow):
    // the queue stays configured but is not consumed at all; the HTTP API keeps serving.
    if (config.messaging && !config.messaging.enabled) {
      options.logger.info('Event listener disabled', { reason: 'MESSAGING_CONSUMER_ENABLED=false' })
    }
    const listener = config.messaging?.enabled
      ? createEventListener(config, {
          services,
          logger,
          clock,
          sqs: options.sqs,
          telemetry,
          listener: { stopDeadlineMs },
        })
      : undefined
    const close = async () => {
      await listener?.stop()
      await staffDirectory?.close?.()
      await db.close()
    }
    return { app, db, services, auditUserId, process: state, listener, close }
  } catch (error) {
    await db.close().catch(() => {})
    throw error
  }
}
