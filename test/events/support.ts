import type { Db } from '../../src/db/database.ts'
import { SEED } from '../../src/db/seed.ts'
import { memoryLogger } from '../../src/logger.ts'
import { componentTerminationService } from '../../src/services/events/component-termination.ts'
import { statusChangeService } from '../../src/services/events/status-change.ts'
import { fixedClock } from '../../src/time.ts'
import { TEST_NOW } from '../helpers/app.ts'

/** The event services over a test database, with their telemetry captured. */
export function eventServices(db: Db, clock = fixedClock(TEST_NOW)) {
  const logger = memoryLogger()
  const deps = { db, clock, logger, auditUserId: SEED.users.auditUser }
  return {
    logger,
    statusChange: statusChangeService(deps),
    componentTermination: componentTerminationService(deps),
    /** Telemetry events logged so far, as `{ event, properties }`. */
    telemetry(name?: string) {
      return logger.lines
        .filter((line) => typeof line.event === 'string' && (name === undefined || line.event === name))
        .map((line) => ({
          event: line.event as string,
          properties: line.properties as Record<string, unknown>,
        }))
    },
  }
}

/** One CONTACT row by id, with its type code. */
export async function contactById(db: Db, contactId: number) {
  return db.kysely
    .selectFrom('contact as c')
    .innerJoin('rContactType as ct', 'ct.contactTypeId', 'c.contactTypeId')
    .selectAll('c')
    .select('ct.code as typeCode')
    .where('c.contactId', '=', contactId)
    .executeTakeFirstOrThrow()
}

/** Number of rows of a table (to prove nothing was written). */
export async function countRows(db: Db, table: 'contact' | 'domainEvent' | 'rejectedTransferDiary') {
  const row = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
