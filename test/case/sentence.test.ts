import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED } from '../../src/db/seed.ts'
import { createTestApp, type TestApp } from '../helpers/app.ts'
import { createTestDb, type TestDb } from '../helpers/db.ts'
import {
  AUDIT,
  contactRow,
  day,
  disposalRow,
  eventRow,
  fixtureId,
  insert,
  LIVE,
  licenceConditionRow,
  requirementRow,
} from './fixtures.ts'

let db: TestDb
let t: TestApp

beforeAll(async () => {
  db = await createTestDb()
  t = await createTestApp(db)
})

afterAll(async () => {
  await t?.close()
  await db?.close()
})

const O = SEED.offenders
const E = SEED.events
const D = SEED.disposals
const C = SEED.custodies

const get = async (path: string) => {
  const response = await t.request(path)
  return { status: response.status, body: await response.json() }
}

/** Runs `change`, then `check`, and always `undo`, so the seed stays as the spec examples need it. */
async function withChange(
  change: () => Promise<unknown>,
  undo: () => Promise<unknown>,
  check: () => Promise<void>,
) {
  await change()
  try {
    await check()
  } finally {
    await undo()
  }
}

const CUSTODIAL = {
  description: 'ORA Adult Custody (inc PSS) (24 Months)',
  startDate: '2000-01-01',
  expectedEndDate: '2100-01-01',
  licenceExpiryDate: '2050-01-01',
  postSentenceSupervisionEndDate: '2100-01-01',
  twoThirdsSupervisionDate: '2067-01-01',
  custodial: true,
  releaseType: 'Released on Adult Licence',
  licenceConditions: [
    { code: 'LAP', description: 'Licence - Accredited Programmes' },
    { code: 'TEST', description: 'To only attend specific places.' },
    { code: 'LAP', description: 'Licence - Accredited Programmes' },
  ],
  requirements: [],
  postSentenceSupervisionRequirements: [
    { code: 'S09', description: 'Drug Testing' },
    { code: 'TEST', description: 'Pass drug tests' },
  ],
}

const COMMUNITY = {
  description: 'ORA Community Order (6 Months)',
  startDate: '2000-01-01',
  expectedEndDate: '2100-01-01',
  custodial: false,
  licenceConditions: [],
  requirements: [
    { code: '7', description: 'Court - Accredited Programmes' },
    { code: 'TEST', description: 'Building Choices' },
    { code: '7', description: 'Court - Accredited Programmes' },
  ],
  postSentenceSupervisionRequirements: [],
}

const OFFENCES = {
  mainOffence: {
    date: '2000-01-01',
    mainCategoryCode: '036',
    mainCategoryDescription: 'Kidnapping',
    subCategoryCode: '02',
    subCategoryDescription: 'Hijacking',
  },
  additionalOffences: [
    {
      date: '2000-01-01',
      mainCategoryCode: '036',
      mainCategoryDescription: 'Kidnapping',
      subCategoryCode: '03',
      subCategoryDescription: 'False Imprisonment',
    },
    {
      mainCategoryCode: '036',
      mainCategoryDescription: 'Kidnapping',
      subCategoryCode: '01',
      subCategoryDescription: 'Kidnapping',
    },
  ],
}

describe('GET /case/{crn}/sentence/{eventNumber}', () => {
  it('custodial event 1 of A000001 → exactly the spec example (two-thirds date from the PRST02 contact)', async () => {
    expect(await get('/case/A000001/sentence/1')).toStrictEqual({ status: 200, body: CUSTODIAL })
  })

  it('community event 3 of A000001 → exactly the spec example, null fields absent', async () => {
    expect(await get('/case/A000001/sentence/3')).toStrictEqual({ status: 200, body: COMMUNITY })
  })

  it('an event without a disposal (A000001/2) → 400 "Event is not sentenced"', async () => {
    expect(await get('/case/A000001/sentence/2')).toStrictEqual({
      status: 400,
      body: { status: 400, message: 'Event is not sentenced' },
    })
  })

  it('unknown CRN → 404 with the event message', async () => {
    expect(await get('/case/DOESNOTEXIST/sentence/1')).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Event for DOESNOTEXIST with number of 1 not found' },
    })
  })

  it.each(['null', '0', 'undefined', 'abc', '99', '-1', '1.0', ' 1', '%20'])(
    'event number %j that matches no event → 404, never 400/500 (decision 18)',
    async (eventNumber) => {
      const response = await t.request(`/case/A000001/sentence/${encodeURIComponent(eventNumber)}`)
      expect(response.status).toBe(404)
      expect(await response.json()).toStrictEqual({
        status: 404,
        message: `Event for A000001 with number of ${eventNumber} not found`,
      })
    },
  )

  it('another person’s event number is looked up under the requested CRN only', async () => {
    // A000002 has event 1 only; A000001 has 1–3.
    expect((await get('/case/A000002/sentence/3')).status).toBe(404)
  })

  it('an inactive or soft-deleted event, or a soft-deleted person, is not found', async () => {
    const event = () => db.kysely.updateTable('event').where('eventId', '=', E.A000001[3])
    await withChange(
      () => event().set({ activeFlag: 0 }).execute(),
      () => event().set({ activeFlag: 1 }).execute(),
      async () => expect((await get('/case/A000001/sentence/3')).status).toBe(404),
    )
    await withChange(
      () => event().set({ softDeleted: 1 }).execute(),
      () => event().set({ softDeleted: 0 }).execute(),
      async () => expect((await get('/case/A000001/sentence/3')).status).toBe(404),
    )
    const person = () => db.kysely.updateTable('offender').where('offenderId', '=', O.A000001)
    await withChange(
      () => person().set({ softDeleted: 1 }).execute(),
      () => person().set({ softDeleted: 0 }).execute(),
      async () => expect((await get('/case/A000001/sentence/3')).status).toBe(404),
    )
  })

  it('a soft-deleted disposal is not a sentence; an inactive one still is (active_flag not filtered)', async () => {
    const disposal = () => db.kysely.updateTable('disposal').where('disposalId', '=', D.A000001[3])
    await withChange(
      () => disposal().set({ softDeleted: 1 }).execute(),
      () => disposal().set({ softDeleted: 0 }).execute(),
      async () =>
        expect(await get('/case/A000001/sentence/3')).toStrictEqual({
          status: 400,
          body: { status: 400, message: 'Event is not sentenced' },
        }),
    )
    await withChange(
      () => disposal().set({ activeFlag: 0 }).execute(),
      () => disposal().set({ activeFlag: 1 }).execute(),
      async () =>
        expect(await get('/case/A000001/sentence/3')).toStrictEqual({ status: 200, body: COMMUNITY }),
    )
  })

  it('a soft-deleted custody drops the custody fields; the contact fallback still gives the two-thirds date', async () => {
    const custody = () => db.kysely.updateTable('custody').where('custodyId', '=', C.A000001)
    await withChange(
      () => custody().set({ softDeleted: 1 }).execute(),
      () => custody().set({ softDeleted: 0 }).execute(),
      async () =>
        expect(await get('/case/A000001/sentence/1')).toStrictEqual({
          status: 200,
          body: {
            description: 'ORA Adult Custody (inc PSS) (24 Months)',
            startDate: '2000-01-01',
            expectedEndDate: '2100-01-01',
            twoThirdsSupervisionDate: '2067-01-01',
            custodial: true,
            licenceConditions: CUSTODIAL.licenceConditions,
            requirements: [],
            postSentenceSupervisionRequirements: [],
          },
        }),
    )
  })

  it('soft-deleted key dates and releases, and inactive or deleted PSS requirements, are left out', async () => {
    const keyDates = () => db.kysely.updateTable('keyDate').where('custodyId', '=', C.A000001)
    const releases = () => db.kysely.updateTable('release').where('custodyId', '=', C.A000001)
    const pss = () => db.kysely.updateTable('pssRqmnt').where('pssRqmntId', '=', 4301)
    const pss2 = () => db.kysely.updateTable('pssRqmnt').where('pssRqmntId', '=', 4302)
    await withChange(
      async () => {
        await keyDates().set({ softDeleted: 1 }).execute()
        await releases().set({ softDeleted: 1 }).execute()
        await pss().set({ activeFlag: 0 }).execute()
        await pss2().set({ softDeleted: 1 }).execute()
      },
      async () => {
        await keyDates().set({ softDeleted: 0 }).execute()
        await releases().set({ softDeleted: 0 }).execute()
        await pss().set({ activeFlag: 1 }).execute()
        await pss2().set({ softDeleted: 0 }).execute()
      },
      async () => {
        const { body } = await get('/case/A000001/sentence/1')
        expect(body).toStrictEqual({
          description: 'ORA Adult Custody (inc PSS) (24 Months)',
          startDate: '2000-01-01',
          expectedEndDate: '2100-01-01',
          twoThirdsSupervisionDate: '2067-01-01',
          custodial: true,
          licenceConditions: CUSTODIAL.licenceConditions,
          requirements: [],
          postSentenceSupervisionRequirements: [],
        })
      },
    )
  })

  it('a PR1 key date wins over the contact fallback; PRST03 contacts count; the latest release wins', async () => {
    const pr1 = fixtureId()
    const later = fixtureId()
    const keyDateId = fixtureId()
    const releaseId = fixtureId()
    const contactId = fixtureId()
    await insert(db, 'rStandardReferenceList', [
      {
        standardReferenceListId: pr1,
        codeValue: 'PR1',
        codeDescription: 'Probation reset date',
        referenceDataMasterId: 8005,
        selectable: 'Y',
      },
      {
        standardReferenceListId: later,
        codeValue: 'NPD',
        codeDescription: 'Released on Licence',
        referenceDataMasterId: 8004,
        selectable: 'Y',
      },
    ])
    const undo = async () => {
      await db.kysely.deleteFrom('keyDate').where('keyDateId', '=', keyDateId).execute()
      await db.kysely.deleteFrom('release').where('releaseId', '=', releaseId).execute()
      await db.kysely.deleteFrom('contact').where('contactId', '=', contactId).execute()
    }
    try {
      // A PRST03 contact later than the PRST02 one moves the fallback date.
      await insert(db, 'contact', [
        contactRow(O.A000001, SEED.contactTypes.PRST03, '2068-02-03', { contactId, eventId: E.A000001[1] }),
      ])
      expect((await get('/case/A000001/sentence/1')).body.twoThirdsSupervisionDate).toBe('2068-02-03')
      // A release with a later date but an earlier creation time is still the most recent.
      await insert(db, 'release', [
        {
          releaseId,
          custodyId: C.A000001,
          releaseTypeId: later,
          actualReleaseDate: day('2011-01-01'),
          ...LIVE,
          ...AUDIT,
          createdDatetime: '2009-01-01 12:00:00',
        },
      ])
      await insert(db, 'keyDate', [
        {
          keyDateId,
          custodyId: C.A000001,
          keyDateTypeId: pr1,
          keyDate: day('2060-06-30'),
          ...LIVE,
          ...AUDIT,
        },
      ])
      const { body } = await get('/case/A000001/sentence/1')
      expect(body).toStrictEqual({
        ...CUSTODIAL,
        twoThirdsSupervisionDate: '2060-06-30',
        releaseType: 'Released on Licence',
      })
    } finally {
      await undo()
    }
  })

  it('the entered notional end date wins; no length → no brackets; a length without units → 500', async () => {
    const disposal = () => db.kysely.updateTable('disposal').where('disposalId', '=', D.A000001[3])
    await withChange(
      () =>
        disposal()
          .set({ enteredNotionalEndDate: day('2099-12-31'), entryLength: null })
          .execute(),
      () => disposal().set({ enteredNotionalEndDate: null, entryLength: 6 }).execute(),
      async () =>
        expect((await get('/case/A000001/sentence/3')).body).toStrictEqual({
          ...COMMUNITY,
          description: 'ORA Community Order',
          expectedEndDate: '2099-12-31',
        }),
    )
    await withChange(
      () => disposal().set({ entryLengthUnitsId: null }).execute(),
      () => disposal().set({ entryLengthUnitsId: SEED.referenceData.months }).execute(),
      async () =>
        expect(await get('/case/A000001/sentence/3')).toStrictEqual({
          status: 500,
          body: { status: 500, message: 'Sentence has a length without units' },
        }),
    )
  })

  it('answers in a fixed number of round trips: 6 custodial, 3 community, 1 unsentenced or unknown', async () => {
    const count = async (path: string, status = 200) =>
      (
        await db.countQueries(async () => {
          expect((await t.request(path)).status).toBe(status)
        })
      ).count
    expect(await count('/case/A000001/sentence/1')).toBe(6)
    expect(await count('/case/A000001/sentence/3')).toBe(3)
    expect(await count('/case/A000001/sentence/2', 400)).toBe(1)
    expect(await count('/case/A000001/sentence/null', 404)).toBe(1)
  })

  it('an event number or CRN longer than its Delius column is no event: 404 without a query', async () => {
    const long = '1'.repeat(5_000)
    for (const path of [
      `/case/A000001/sentence/${long}`,
      `/case/A000001/sentence/${long}/offences`,
      '/case/A000001/sentence/12345678901',
      `/case/A000001${'X'.repeat(10)}/sentence/1`,
    ]) {
      const { result, count } = await db.countQueries(() => t.request(path))
      expect(result.status, path).toBe(404)
      expect((await result.json()).message).toMatch(/^Event for .* with number of .* not found$/)
      expect(count, path).toBe(0)
    }
  })

  it('the round trips do not grow with 20 more requirements, licence conditions, PSS requirements, key dates, releases and contacts', async () => {
    const requirements = Array.from({ length: 20 }, () => requirementRow(D.A000001[3], O.A000001))
    const licenceConditions = Array.from({ length: 20 }, () => licenceConditionRow(D.A000001[1], O.A000001))
    const pss = Array.from({ length: 20 }, () => ({
      pssRqmntId: fixtureId(),
      custodyId: C.A000001,
      pssRqmntTypeMainCatId: SEED.pssMainCategories.S09,
      pssRqmntTypeSubCatId: null,
      activeFlag: 1,
      ...LIVE,
      ...AUDIT,
    }))
    const keyDates = Array.from({ length: 20 }, () => ({
      keyDateId: fixtureId(),
      custodyId: C.A000001,
      keyDateTypeId: SEED.referenceData.licenceExpiryDate,
      keyDate: day('2051-01-01'),
      ...LIVE,
      ...AUDIT,
    }))
    const releases = Array.from({ length: 20 }, () => ({
      releaseId: fixtureId(),
      custodyId: C.A000001,
      releaseTypeId: SEED.referenceData.adultLicence,
      actualReleaseDate: day('2001-01-01'),
      ...LIVE,
      ...AUDIT,
    }))
    const contacts = Array.from({ length: 20 }, () =>
      contactRow(O.A000001, SEED.contactTypes.PRST02, '2001-01-01', { eventId: E.A000001[1] }),
    )
    const ids = <K extends string>(rows: Record<K, unknown>[], key: K) => rows.map((r) => r[key] as number)
    await insert(db, 'rqmnt', requirements)
    await insert(db, 'licCondition', licenceConditions)
    await insert(db, 'pssRqmnt', pss)
    await insert(db, 'keyDate', keyDates)
    await insert(db, 'release', releases)
    await insert(db, 'contact', contacts)
    try {
      const custodial = await db.countQueries(() => get('/case/A000001/sentence/1'))
      expect(custodial.count).toBe(6)
      expect(custodial.result.body.licenceConditions).toHaveLength(23)
      expect(custodial.result.body.postSentenceSupervisionRequirements).toHaveLength(22)
      // The seeded key dates come first (id order), the extra release is older: the answer stands.
      expect(custodial.result.body.licenceExpiryDate).toBe('2050-01-01')
      expect(custodial.result.body.releaseType).toBe('Released on Adult Licence')
      const community = await db.countQueries(() => get('/case/A000001/sentence/3'))
      expect(community.count).toBe(3)
      expect(community.result.body.requirements).toHaveLength(23)
    } finally {
      await db.kysely.deleteFrom('rqmnt').where('rqmntId', 'in', ids(requirements, 'rqmntId')).execute()
      await db.kysely
        .deleteFrom('licCondition')
        .where('licConditionId', 'in', ids(licenceConditions, 'licConditionId'))
        .execute()
      await db.kysely.deleteFrom('pssRqmnt').where('pssRqmntId', 'in', ids(pss, 'pssRqmntId')).execute()
      await db.kysely.deleteFrom('keyDate').where('keyDateId', 'in', ids(keyDates, 'keyDateId')).execute()
      await db.kysely.deleteFrom('release').where('releaseId', 'in', ids(releases, 'releaseId')).execute()
      await db.kysely.deleteFrom('contact').where('contactId', 'in', ids(contacts, 'contactId')).execute()
    }
    expect(await get('/case/A000001/sentence/1')).toStrictEqual({ status: 200, body: CUSTODIAL })
  })
})

describe('GET /case/{crn}/sentence/{eventNumber}/offences', () => {
  it('A000001/1 → exactly the spec example, including an additional offence without a date', async () => {
    expect(await get('/case/A000001/sentence/1/offences')).toStrictEqual({ status: 200, body: OFFENCES })
  })

  it('unknown CRN → 404 with the event message', async () => {
    expect(await get('/case/DOESNOTEXIST/sentence/1/offences')).toStrictEqual({
      status: 404,
      body: { status: 404, message: 'Event for DOESNOTEXIST with number of 1 not found' },
    })
  })

  it.each(['null', '0', 'abc'])('event number %j → 404', async (eventNumber) => {
    expect(await get(`/case/A000001/sentence/${eventNumber}/offences`)).toStrictEqual({
      status: 404,
      body: { status: 404, message: `Event for A000001 with number of ${eventNumber} not found` },
    })
  })

  it('needs no sentence: the unsentenced event 2 has offences', async () => {
    const { status, body } = await get('/case/A000001/sentence/2/offences')
    expect(status).toBe(200)
    expect(body).toStrictEqual({
      mainOffence: {
        date: '2000-01-01',
        mainCategoryCode: '036',
        mainCategoryDescription: 'Kidnapping',
        subCategoryCode: '01',
        subCategoryDescription: 'Kidnapping',
      },
      additionalOffences: [],
    })
  })

  it('a soft-deleted main offence leaves none (500); two live main offences → 400', async () => {
    const main = () => db.kysely.updateTable('mainOffence').where('mainOffenceId', '=', 5002)
    await withChange(
      () => main().set({ softDeleted: 1 }).execute(),
      () => main().set({ softDeleted: 0 }).execute(),
      async () =>
        expect(await get('/case/A000001/sentence/2/offences')).toStrictEqual({
          status: 500,
          body: { status: 500, message: 'Event does not have a main offence' },
        }),
    )
    const second = fixtureId()
    await withChange(
      () =>
        insert(db, 'mainOffence', [
          {
            mainOffenceId: second,
            eventId: E.A000001[2],
            offenderId: O.A000001,
            offenceId: SEED.offences['036/03'],
            offenceDate: day('2000-01-01'),
            ...LIVE,
            ...AUDIT,
          },
        ]),
      () => db.kysely.deleteFrom('mainOffence').where('mainOffenceId', '=', second).execute(),
      async () =>
        expect(await get('/case/A000001/sentence/2/offences')).toStrictEqual({
          status: 400,
          body: { status: 400, message: 'Event has more than one main offence' },
        }),
    )
  })

  it('answers in 2 round trips, also with 20 more additional offences', async () => {
    const first = await db.countQueries(() => get('/case/A000001/sentence/1/offences'))
    expect(first.count).toBe(2)
    const extra = Array.from({ length: 20 }, () => ({
      additionalOffenceId: fixtureId(),
      eventId: E.A000001[1],
      offenceId: SEED.offences['036/01'],
      offenceDate: null,
      ...LIVE,
      ...AUDIT,
    }))
    await insert(db, 'additionalOffence', extra)
    try {
      const more = await db.countQueries(() => get('/case/A000001/sentence/1/offences'))
      expect(more.count).toBe(2)
      expect(more.result.body.additionalOffences).toHaveLength(22)
    } finally {
      await db.kysely
        .deleteFrom('additionalOffence')
        .where(
          'additionalOffenceId',
          'in',
          extra.map((r) => r.additionalOffenceId),
        )
        .execute()
    }
  })
})

describe('event fixtures on another person', () => {
  it('an event of a fresh person with only a disposal and no components → empty lists, not omitted', async () => {
    const event = eventRow(O.A000004, '7')
    const disposal = disposalRow(event.eventId as number, O.A000004, { entryLength: null })
    await insert(db, 'event', [event])
    await insert(db, 'disposal', [disposal])
    expect(await get('/case/A000004/sentence/7')).toStrictEqual({
      status: 200,
      body: {
        description: 'ORA Community Order',
        startDate: '2000-01-01',
        expectedEndDate: '2100-01-01',
        custodial: false,
        licenceConditions: [],
        requirements: [],
        postSentenceSupervisionRequirements: [],
      },
    })
  })
})
