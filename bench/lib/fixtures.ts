import { type Insertable, type Kysely, sql } from 'kysely'
import type { ContactTable, Database } from '../../src/db/schema.ts'
import { SEED } from '../../src/db/seed.ts'
import { newContact } from '../../src/services/contacts.ts'

/**
 * What the bench adds to a copy of the dev/test seed. Ids sit between the seed's (< 10,000) and the
 * sequences' (≥ 1,000,000), except the scaling filler, far above anything the service creates.
 * Every bench component hangs off A000004's community order (event 1, requirement 3031 cloned),
 * so A000001's responses stay exactly the seed's.
 */
const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i)

export const BENCH = {
  crn: 'A000004',
  offenderId: SEED.offenders.A000004,
  eventId: SEED.events.A000004[1],
  /** Searched by the HTTP and scaling sections; each has `contactsPerRequirement` CAPY contacts. */
  searchRequirements: range(900_001, 100),
  contactsPerRequirement: 5,
  /** Bulk writes create their appointments here. */
  writeRequirements: range(900_101, 10),
  /**
   * Status-updated events write their contacts here, round robin: the service locks the component
   * row per message, and different referrals rarely share a requirement.
   */
  eventRequirements: range(900_201, 100),
  firstContactId: 900_001,
  firstFillerContactId: 50_000_000,
} as const

const SEEDED_AT = '2025-01-01 12:00:00'
const audit = { userId: SEED.users.auditUser, now: SEEDED_AT }
const pad = (n: number) => String(n).padStart(2, '0')

/** Clones requirement 3031 (and its manager) for every bench requirement, then the search contacts. */
export async function addBenchFixtures(db: Kysely<Database>): Promise<void> {
  const template = SEED.appointments.requirement
  const requirement = await db
    .selectFrom('rqmnt')
    .selectAll()
    .where('rqmntId', '=', template)
    .executeTakeFirstOrThrow()
  const manager = await db
    .selectFrom('rqmntManager')
    .selectAll()
    .where('rqmntId', '=', template)
    .executeTakeFirstOrThrow()
  const ids = [...BENCH.searchRequirements, ...BENCH.writeRequirements, ...BENCH.eventRequirements]
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('rqmnt')
      .values(ids.map((rqmntId) => ({ ...requirement, rqmntId })))
      .execute()
    await trx
      .insertInto('rqmntManager')
      .values(ids.map((rqmntId) => ({ ...manager, rqmntManagerId: rqmntId + 100_000, rqmntId })))
      .execute()
    const contacts = BENCH.searchRequirements.flatMap((rqmntId, r) =>
      range(0, BENCH.contactsPerRequirement).map((i) => searchContact(rqmntId, r, i)),
    )
    for (let i = 0; i < contacts.length; i += 100) {
      await trx
        .insertInto('contact')
        .values(contacts.slice(i, i + 100))
        .execute()
    }
  })
}

/** A CAPY appointment in 2030, the shape POST /appointments would have written. */
function searchContact(rqmntId: number, r: number, i: number): Insertable<ContactTable> {
  const contactId = BENCH.firstContactId + r * BENCH.contactsPerRequirement + i
  const date = `2030-${pad(1 + (i % 12))}-${pad(1 + (r % 28))}`
  return newContact(
    {
      contactId,
      offenderId: BENCH.offenderId,
      eventId: BENCH.eventId,
      rqmntId,
      contactTypeId: SEED.contactTypes.CAPY,
      contactDate: `${date} 00:00:00`,
      contactStartTime: `${date} 10:00:00`,
      contactEndTime: `${date} 11:00:00`,
      staffId: SEED.staff.STAFF01,
      teamId: SEED.teams.TEAM01,
      probationAreaId: SEED.providers.PA1,
      officeLocationId: SEED.officeLocations.OFFICE1,
      notes: 'Bench appointment',
      externalReference: `urn:uk:gov:accredited-programmes:appointment:00000000-0000-4000-8000-${String(contactId).padStart(12, '0')}`,
    },
    audit,
  )
}

export async function countContacts(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('contact')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(n)
}

/**
 * Tops CONTACT up to `total` rows with filler on other components (half on requirements, a quarter
 * on licence conditions, a quarter on neither; a third CAPY), as most of a real Delius CONTACT table
 * belongs to other people. One INSERT ... SELECT generate_series: PostgreSQL/PGlite only, bench only.
 */
export async function fillContacts(db: Kysely<Database>, total: number): Promise<number> {
  const current = await countContacts(db)
  if (current < total) {
    const { n } = await db
      .selectFrom('contact')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('contactId', '>=', BENCH.firstFillerContactId)
      .executeTakeFirstOrThrow()
    const from = Number(n) + 1
    const to = Number(n) + (total - current)
    const lit = sql.lit
    await sql`
      insert into contact (contact_id, offender_id, event_id, rqmnt_id, lic_condition_id, contact_date,
        contact_start_time, contact_type_id, staff_id, team_id, probation_area_id, trust_provider_team_id,
        sensitive, visor_contact, notes, external_reference, created_by_user_id, created_datetime,
        last_updated_user_id, last_updated_datetime)
      select ${lit(BENCH.firstFillerContactId - 1)} + g, ${lit(BENCH.offenderId)}, ${lit(BENCH.eventId)},
        case when g % 4 < 2 then 910000 + g % 20000 end,
        case when g % 4 = 2 then 930000 + g % 20000 end,
        timestamp '2030-01-01' + (g % 730) * interval '1 day',
        timestamp '2030-01-01 10:00:00' + (g % 730) * interval '1 day',
        case when g % 3 = 0 then ${lit(SEED.contactTypes.CAPY)} else ${lit(SEED.contactTypes.OTHER)} end,
        ${lit(SEED.staff.STAFF01)}, ${lit(SEED.teams.TEAM01)}, ${lit(SEED.providers.PA1)},
        ${lit(SEED.teams.TEAM01)}, 'N', 'N', 'Bench filler contact', 'urn:bench:filler:' || g,
        ${lit(SEED.users.auditUser)}, timestamp '2025-01-01 12:00:00',
        ${lit(SEED.users.auditUser)}, timestamp '2025-01-01 12:00:00'
      from generate_series(${lit(from)}, ${lit(to)}) g`.execute(db)
    await sql`analyze contact`.execute(db)
  }
  return countContacts(db)
}
