import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockComponent } from '../../src/db/queries/events/component.ts'
import { SEED } from '../../src/db/seed.ts'
import { BadRequestError, NotFoundError } from '../../src/errors.ts'
import { memoryLogger } from '../../src/logger.ts'
import { statusChangeReference } from '../../src/services/events/status-change.ts'
import { type StatusInfo, StatusInfoSchema } from '../../src/services/events/types.ts'
import { createServices } from '../../src/services/index.ts'
import { fixedClock, parseToLondon } from '../../src/time.ts'
import { TEST_NOW } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import { contactById, countRows, eventServices } from './support.ts'

let db: TestDb
let services: ReturnType<typeof eventServices>

const [REQ0, , REQ2] = SEED.requirements
const [LC0, LC1] = SEED.licenceConditions
const CT = SEED.contactTypes
/** A Delius user whose staff (STAFF03, of TEAM03) is not A000001's manager (STAFF01, TEAM01). */
const STAFF03_USER = { userId: 950_001, username: 'EventsStaff03User' }

/** The example message of events.md §A.3: 2025-09-09T09:15:30+01:00. */
const OCCURRED_AT = parseToLondon('2025-09-09T09:15:30.000+01:00')

let messageCounter = 0
/** A fresh SNS MessageId per call. */
const messageId = () => `00000000-0000-4000-8000-${String(++messageCounter).padStart(12, '0')}`

const onProgramme = (extra: Partial<StatusInfo> = {}): StatusInfo =>
  StatusInfoSchema.parse({
    newStatus: 'ON_PROGRAMME',
    sourcedFromEntityType: 'REQUIREMENT',
    sourcedFromEntityId: REQ0,
    notes: 'Some notes about the being on the programme',
    description: 'Some description',
    ...extra,
  })

const record = (
  detail: StatusInfo,
  crn = 'A000001',
  occurredAt = OCCURRED_AT,
  notificationId = messageId(),
) => services.statusChange.record({ crn, notificationId, occurredAt, detail })

beforeAll(async () => {
  db = await createTestDb()
  services = eventServices(db)
  await db.kysely
    .insertInto('user_')
    .values({
      userId: STAFF03_USER.userId,
      distinguishedName: STAFF03_USER.username,
      staffId: SEED.staff.STAFF03,
      forename: 'Events',
      surname: 'Staff03',
      systemUser: 0,
    })
    .execute()
})

afterAll(async () => {
  await db?.close()
})

describe('events.md §A.11 StatusChangedEventIntegrationTest (service called directly)', () => {
  it('1. breach on a licence condition → one EIBI contact linked to the licence condition', async () => {
    const result = await record(
      StatusInfoSchema.parse({
        newStatus: 'BREACH',
        sourcedFromEntityType: 'LICENCE_CONDITION',
        sourcedFromEntityId: LC0,
        notes: 'Some notes about the breach of the LC',
        description: 'Some description',
        username: 'testuser',
      }),
    )
    expect(result.created).toBe(true)
    const contact = await contactById(db, result.contactId!)
    expect(contact).toMatchObject({
      typeCode: 'EIBI',
      offenderId: SEED.offenders.A000001,
      eventId: SEED.events.A000001[1],
      licConditionId: LC0,
      rqmntId: null,
      notes: 'Some notes about the breach of the LC',
    })
    expect(contact.externalReference).not.toBeNull()
    // BREACH has no special handling: nothing but the contact.
    expect(await db.kysely.selectFrom('enforcement').selectAll().execute()).toHaveLength(0)
  })

  it('2. on programme on a requirement → one EIBE contact linked to the requirement', async () => {
    const result = await record(onProgramme())
    const contact = await contactById(db, result.contactId!)
    expect(contact).toMatchObject({
      typeCode: 'EIBE',
      rqmntId: REQ0,
      licConditionId: null,
      eventId: SEED.events.A000001[3],
      description: 'Some description',
      notes: 'Some notes about the being on the programme',
    })
    expect(contact.externalReference).not.toBeNull()
  })

  it('3. a CRN that is not the component\'s → "CRN and component do not match", nothing written', async () => {
    const before = await countRows(db, 'contact')
    const error = await record(onProgramme(), 'Z99999').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadRequestError)
    expect((error as Error).message).toBe('CRN and component do not match')
    expect(await countRows(db, 'contact')).toBe(before)
  })
})

describe('events.md §A.11 StatusChangeServiceStaffResolutionIntegrationTest', () => {
  it("4. the username of a user with staff → the contact is that staff member's", async () => {
    const result = await record(onProgramme({ username: 'TestUser' }))
    expect((await contactById(db, result.contactId!)).staffId).toBe(SEED.staff.STAFF01)

    // A user whose staff is not the manager: staff from the user, team and provider from the manager.
    const other = await record(onProgramme({ username: STAFF03_USER.username.toUpperCase() }))
    expect(await contactById(db, other.contactId!)).toMatchObject({
      staffId: SEED.staff.STAFF03,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      trustProviderTeamId: SEED.teams.TEAM01,
    })
  })

  it("5. a username that is not a Delius user → the person manager's staff", async () => {
    const result = await record(onProgramme({ username: 'nonexistentuser' }))
    expect((await contactById(db, result.contactId!)).staffId).toBe(SEED.staff.STAFF01)
  })

  it("6. a user with no staff → the person manager's staff (EIBF on LC[1])", async () => {
    const result = await record(
      StatusInfoSchema.parse({
        newStatus: 'PROGRAMME_COMPLETE',
        sourcedFromEntityType: 'LICENCE_CONDITION',
        sourcedFromEntityId: LC1,
        notes: 'Programme completed successfully',
        description: 'Some description',
        username: 'TestUserWithLimitedAccess',
      }),
    )
    expect(await contactById(db, result.contactId!)).toMatchObject({
      typeCode: 'EIBF',
      licConditionId: LC1,
      staffId: SEED.staff.STAFF01,
    })
  })

  it('7. every field of the contact (§A.7 step 8, §C)', async () => {
    const notificationId = 'aa2c2828-167f-529b-8e19-73735a2fb85c'
    const result = await record(
      onProgramme({ username: STAFF03_USER.username }),
      'A000001',
      OCCURRED_AT,
      notificationId,
    )
    const contact = await contactById(db, result.contactId!)
    expect(contact).toStrictEqual({
      typeCode: 'EIBE',
      contactId: result.contactId,
      rowVersion: 0,
      offenderId: SEED.offenders.A000001,
      eventId: SEED.events.A000001[3],
      rqmntId: REQ0,
      licConditionId: null,
      nsiId: null,
      pssRqmntId: null,
      contactDate: '2025-09-09 00:00:00',
      contactStartTime: '2025-09-09 09:15:30',
      contactEndTime: null,
      contactTypeId: CT.EIBE,
      contactOutcomeTypeId: null,
      staffId: SEED.staff.STAFF03,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      officeLocationId: null,
      attended: null,
      complied: null,
      enforcement: null,
      latestEnforcementActionId: null,
      linkedContactId: null,
      notes: 'Some notes about the being on the programme',
      description: 'Some description',
      externalReference: `urn:uk:gov:hmpps:accredited-programmes-service:${notificationId}`,
      sensitive: 'N',
      alertActive: null,
      rarActivity: null,
      visorContact: 'N',
      visorExported: null,
      trustProviderTeamId: SEED.teams.TEAM01,
      trustProviderFlag: 0,
      softDeleted: 0,
      partitionAreaId: 0,
      createdByUserId: SEED.users.auditUser,
      createdDatetime: '2026-05-01 12:00:00',
      lastUpdatedUserId: SEED.users.auditUser,
      lastUpdatedDatetime: '2026-05-01 12:00:00',
    })
  })
})

describe('what the real publisher sends (decisions 4 and 12)', () => {
  it('no username and notes: null → staff from the person manager, notes null', async () => {
    const detail = StatusInfoSchema.parse({
      newStatus: 'SCHEDULED',
      sourcedFromEntityType: 'REQUIREMENT',
      sourcedFromEntityId: String(REQ0),
      notes: null,
      description: 'Scheduled for a group',
    })
    expect(detail.username).toBeUndefined()
    const result = await record(detail)
    expect(await contactById(db, result.contactId!)).toMatchObject({
      typeCode: 'EIBD',
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      notes: null,
      description: 'Scheduled for a group',
    })
  })

  it.each(['DEFERRED', 'ON_HOLD'])('%s → an EIBL contact, telemetry status ON_HOLD', async (status) => {
    const result = await record(onProgramme({ newStatus: StatusInfoSchema.shape.newStatus.parse(status) }))
    expect((await contactById(db, result.contactId!)).typeCode).toBe('EIBL')
    expect(services.telemetry('StatusChanged').at(-1)?.properties).toStrictEqual({
      crn: 'A000001',
      componentId: String(REQ0),
      status: 'ON_HOLD',
    })
  })

  it('every status of the §A.6 table → its contact type', async () => {
    const expected = {
      AWAITING_ASSESSMENT: 'EIBA',
      AWAITING_ALLOCATION: 'EIBB',
      SUITABLE_BUT_NOT_READY: 'EIBC',
      SCHEDULED: 'EIBD',
      ON_PROGRAMME: 'EIBE',
      PROGRAMME_COMPLETE: 'EIBF',
      DEPRIORITISED: 'EIBG',
      RETURN_TO_COURT: 'EIBH',
      BREACH: 'EIBI',
      RECALL: 'EIBJ',
      WITHDRAWN: 'EIBK',
      ON_HOLD: 'EIBL',
    }
    for (const [status, code] of Object.entries(expected)) {
      const result = await record(onProgramme({ newStatus: status as StatusInfo['newStatus'] }))
      expect((await contactById(db, result.contactId!)).typeCode, status).toBe(code)
    }
  })
})

describe('telemetry', () => {
  it('StatusChanged {crn, componentId, status} after commit, once per contact', async () => {
    const before = services.telemetry('StatusChanged').length
    await record(onProgramme())
    const events = services.telemetry('StatusChanged')
    expect(events).toHaveLength(before + 1)
    expect(events.at(-1)!.properties).toStrictEqual({
      crn: 'A000001',
      componentId: String(REQ0),
      status: 'ON_PROGRAMME',
    })
  })
})

describe('idempotency by notification id (decision 3)', () => {
  it('the same notification twice → one contact; the second call writes nothing', async () => {
    const notificationId = messageId()
    const first = await record(onProgramme(), 'A000001', OCCURRED_AT, notificationId)
    const telemetryBefore = services.telemetry('StatusChanged').length
    const before = await countRows(db, 'contact')
    const {
      result: second,
      count,
      statements,
    } = await db.countQueries(() => record(onProgramme(), 'A000001', OCCURRED_AT, notificationId))
    expect(first.created).toBe(true)
    expect(second).toStrictEqual({ created: false, contactId: first.contactId })
    // begin, lock, insert (no row), lookup (finds the contact), commit; now and then a block of ids
    expect(count - idFetches(statements)).toBe(5)
    expect(await countRows(db, 'contact')).toBe(before)
    expect(services.telemetry('StatusChanged')).toHaveLength(telemetryBefore)
    const stored = await db.kysely
      .selectFrom('contact')
      .select('contactId')
      .where('externalReference', '=', statusChangeReference(notificationId))
      .execute()
    expect(stored).toHaveLength(1)
  })

  it('a soft-deleted contact with the reference does not count: a new one is written', async () => {
    const notificationId = messageId()
    const first = await record(onProgramme(), 'A000001', OCCURRED_AT, notificationId)
    await db.kysely
      .updateTable('contact')
      .set({ softDeleted: 1 })
      .where('contactId', '=', first.contactId!)
      .execute()
    const again = await record(onProgramme(), 'A000001', OCCURRED_AT, notificationId)
    expect(again.created).toBe(true)
    expect(again.contactId).not.toBe(first.contactId)
  })

  it('two consumers racing on one message on two connections → one contact (PostgreSQL)', async (context) => {
    if (!db.concurrent) {
      // PGlite has a single connection that runs one transaction at a time: there is no race to test.
      context.skip()
      return
    }
    const second = await db.openAnother({ poolSize: 2 })
    try {
      const otherServices = eventServices(second)
      for (let round = 0; round < 5; round++) {
        const notificationId = messageId()
        const input = { crn: 'A000001', notificationId, occurredAt: OCCURRED_AT, detail: onProgramme() }
        const results = await Promise.all([
          services.statusChange.record(input),
          otherServices.statusChange.record(input),
        ])
        expect(results.map((r) => r.created).sort()).toStrictEqual([false, true])
        const stored = await db.kysely
          .selectFrom('contact')
          .select('contactId')
          .where('externalReference', '=', statusChangeReference(notificationId))
          .execute()
        expect(stored).toHaveLength(1)
      }
    } finally {
      await second.close()
    }
  })
})

describe('the component lock (PostgreSQL)', () => {
  it('a consumer waits while another transaction holds the component row, then proceeds', async (context) => {
    if (!db.concurrent) {
      // PGlite has one connection: a second transaction cannot even start while the first runs.
      context.skip()
      return
    }
    const second = await db.openAnother({ poolSize: 1 })
    try {
      let pending: Promise<unknown> | undefined
      let settled = false
      await second.kysely.transaction().execute(async (trx) => {
        await lockComponent(trx, 'rqmnt', REQ0).execute()
        pending = record(onProgramme()).finally(() => {
          settled = true
        })
        await new Promise((resolve) => setTimeout(resolve, 300))
        expect(settled).toBe(false)
      })
      await expect(pending).resolves.toMatchObject({ created: true })
    } finally {
      await second.close()
    }
  })
})

describe('failures: the exact error and nothing written', () => {
  const expectFailure = async (
    run: () => Promise<unknown>,
    type: abstract new (...args: never[]) => Error,
    message: string,
  ) => {
    const contactsBefore = await countRows(db, 'contact')
    const telemetryBefore = services.telemetry().length
    const error = await run().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(type)
    expect((error as Error).message).toBe(message)
    expect(await countRows(db, 'contact')).toBe(contactsBefore)
    expect(services.telemetry()).toHaveLength(telemetryBefore)
  }

  it('an unknown requirement → NotFound "Requirement with id of N not found"', async () => {
    await expectFailure(
      () => record(onProgramme({ sourcedFromEntityId: 999_999 })),
      NotFoundError,
      'Requirement with id of 999999 not found',
    )
  })

  it('an unknown licence condition → NotFound "LicenceCondition with id of N not found"', async () => {
    await expectFailure(
      () => record(onProgramme({ sourcedFromEntityType: 'LICENCE_CONDITION', sourcedFromEntityId: 999_998 })),
      NotFoundError,
      'LicenceCondition with id of 999998 not found',
    )
  })

  it('components that are not accredited programmes are not found (as on the case endpoints)', async () => {
    await expectFailure(
      () => record(onProgramme({ sourcedFromEntityId: SEED.appointments.nonApRequirement })),
      NotFoundError,
      `Requirement with id of ${SEED.appointments.nonApRequirement} not found`,
    )
    await expectFailure(
      () =>
        record(
          onProgramme({
            sourcedFromEntityType: 'LICENCE_CONDITION',
            sourcedFromEntityId: SEED.appointments.nonLapLicenceCondition,
          }),
        ),
      NotFoundError,
      `LicenceCondition with id of ${SEED.appointments.nonLapLicenceCondition} not found`,
    )
  })

  it('soft-deleted or inactive components are not found', async () => {
    for (const id of [SEED.hidden.deletedRequirement, SEED.hidden.inactiveRequirement]) {
      await expectFailure(
        () => record(onProgramme({ sourcedFromEntityId: id })),
        NotFoundError,
        `Requirement with id of ${id} not found`,
      )
    }
    for (const id of [SEED.hidden.deletedLicenceCondition, SEED.hidden.inactiveLicenceCondition]) {
      await expectFailure(
        () => record(onProgramme({ sourcedFromEntityType: 'LICENCE_CONDITION', sourcedFromEntityId: id })),
        NotFoundError,
        `LicenceCondition with id of ${id} not found`,
      )
    }
  })

  it('a CRN mismatch → "CRN and component do not match"', async () => {
    await expectFailure(
      () => record(onProgramme(), 'A000003'),
      BadRequestError,
      'CRN and component do not match',
    )
  })

  it('a person without an active manager → "Person manager not found"', async () => {
    await expectFailure(
      () => record(onProgramme({ sourcedFromEntityId: REQ2 }), 'A000002'),
      BadRequestError,
      'Person manager not found',
    )
  })

  it('a contact type missing from R_CONTACT_TYPE → NotFound "ContactType with code of X not found"', async () => {
    // This suite's own database copy: EIBH (RETURN_TO_COURT) is removed for this case only.
    await db.kysely.deleteFrom('rContactType').where('code', '=', 'EIBH').execute()
    try {
      await expectFailure(
        () => record(onProgramme({ newStatus: 'RETURN_TO_COURT' })),
        NotFoundError,
        'ContactType with code of EIBH not found',
      )
    } finally {
      await db.kysely
        .insertInto('rContactType')
        .values({
          contactTypeId: CT.EIBH,
          code: 'EIBH',
          description: 'Accredited Programme - Return to Court',
          attendanceContact: 'N',
          nationalStandardsContact: 'N',
          contactOutcomeFlag: 'N',
        })
        .execute()
    }
  })
})

describe('Europe/London dates from occurredAt', () => {
  it('a BST instant → the London date and wall-clock start time', async () => {
    const result = await record(onProgramme(), 'A000001', parseToLondon('2025-09-09T08:15:30Z'))
    expect(await contactById(db, result.contactId!)).toMatchObject({
      contactDate: '2025-09-09 00:00:00',
      contactStartTime: '2025-09-09 09:15:30',
    })
  })

  it('23:30Z in summer is 00:30 the next London day', async () => {
    const result = await record(onProgramme(), 'A000001', parseToLondon('2025-09-09T23:30:00Z'))
    expect(await contactById(db, result.contactId!)).toMatchObject({
      contactDate: '2025-09-10 00:00:00',
      contactStartTime: '2025-09-10 00:30:00',
    })
  })

  it('a winter instant is London = UTC', async () => {
    const result = await record(onProgramme(), 'A000001', parseToLondon('2025-12-01T23:30:00Z'))
    expect(await contactById(db, result.contactId!)).toMatchObject({
      contactDate: '2025-12-01 00:00:00',
      contactStartTime: '2025-12-01 23:30:00',
    })
  })
})

describe('round trips and Oracle', () => {
  it('a new contact costs 2 statements (lock, insert ... select) in one transaction, all valid Oracle', async () => {
    const { statements } = await db.countQueries(() => record(onProgramme({ username: 'TestUser' })))
    const transaction = statements.slice(statements.indexOf('begin'))
    expect(transaction).toHaveLength(4)
    expect(transaction[1]).toMatch(/for update$/)
    expect(transaction[2]).toMatch(/^insert into "contact" \(.*\) select /i)
    expect(transaction[3]).toBe('commit')
  })

  it('contact ids come from the sequence 20 at a time, before the transaction', async () => {
    const { statements } = await db.countQueries(async () => {
      for (let i = 0; i < 40; i++) await record(onProgramme())
    })
    // 40 contacts, 160 statements in their transactions, and 2 or 3 sequence fetches (one may
    // be left from the tests before)
    expect(statements.length - idFetches(statements)).toBe(160)
    expect(idFetches(statements)).toBeGreaterThanOrEqual(2)
    expect(idFetches(statements)).toBeLessThanOrEqual(3)
    for (let i = 0; i < statements.length; i++) {
      if (/contact_id_seq/i.test(statements[i]!)) expect(statements[i + 1]).toBe('begin')
    }
  })
})

describe('wiring', () => {
  it('createServices exposes services.statusChange.record', async () => {
    const logger = memoryLogger()
    const all = createServices({ db, clock: fixedClock(TEST_NOW), logger, auditUserId: SEED.users.auditUser })
    const result = await all.statusChange.record({
      crn: 'A000001',
      notificationId: messageId(),
      occurredAt: OCCURRED_AT,
      detail: onProgramme(),
    })
    expect(result.created).toBe(true)
    expect(logger.lines.filter((line) => line.event === 'StatusChanged')).toHaveLength(1)
  })
})

/** The statements that fetch a block of contact ids. */
function idFetches(statements: readonly string[]): number {
  return statements.filter((statement) => /contact_id_seq/i.test(statement)).length
}
