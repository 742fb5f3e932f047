import type { ExpressionBuilder, Kysely } from 'kysely'
import { inList } from '../dialect.ts'
import type { Database, DeliusDateTime } from '../schema.ts'

type PersonScope = ExpressionBuilder<Database, 'offender'>

/** Active exclusions of the person (`userId`: of that user only). End null or after `now`. */
function exclusions(eb: PersonScope, now: DeliusDateTime, userId?: number) {
  let query = eb
    .selectFrom('exclusion')
    .select((sub) => sub.lit(1).as('found'))
    .whereRef('exclusion.offenderId', '=', 'offender.offenderId')
    .where((sub) =>
      sub.or([sub('exclusion.exclusionEndTime', 'is', null), sub('exclusion.exclusionEndTime', '>', now)]),
    )
  if (userId !== undefined) query = query.where('exclusion.userId', '=', userId)
  return query
}

/** Active restrictions of the person (`userId`: naming that user only). End null or after `now`. */
function restrictions(eb: PersonScope, now: DeliusDateTime, userId?: number) {
  let query = eb
    .selectFrom('restriction')
    .select((sub) => sub.lit(1).as('found'))
    .whereRef('restriction.offenderId', '=', 'offender.offenderId')
    .where((sub) =>
      sub.or([
        sub('restriction.restrictionEndTime', 'is', null),
        sub('restriction.restrictionEndTime', '>', now),
      ]),
    )
  if (userId !== undefined) query = query.where('restriction.userId', '=', userId)
  return query
}

/**
 * The limited-access flags (1/0) and messages of every live person among `crns`, for a known user
 * (`userId`) or an unknown one (undefined), in one round trip (case-details.md §2.6):
 * - known user: excluded when an active exclusion names the user; restricted when the person has an
 *   active restriction (an allow-list) and none names the user;
 * - unknown user: excluded / restricted when the person has any active exclusion / restriction.
 * CRNs with no live person have no row.
 */
export function findAccessLimitations(
  db: Kysely<Database>,
  crns: readonly string[],
  userId: number | undefined,
  now: DeliusDateTime,
) {
  return db
    .selectFrom('offender')
    .select((eb) => [
      'offender.crn',
      'offender.exclusionMessage',
      'offender.restrictionMessage',
      eb
        .case()
        .when(eb.exists(exclusions(eb, now, userId)))
        .then(eb.lit(1))
        .else(eb.lit(0))
        .end()
        .as('excluded'),
      eb
        .case()
        .when(
          userId === undefined
            ? eb.exists(restrictions(eb, now))
            : eb.and([eb.exists(restrictions(eb, now)), eb.not(eb.exists(restrictions(eb, now, userId)))]),
        )
        .then(eb.lit(1))
        .else(eb.lit(0))
        .end()
        .as('restricted'),
    ])
    .where((eb) => inList(eb, 'offender.crn', crns))
    .where('offender.softDeleted', '=', 0)
    .orderBy('offender.offenderId')
    .execute()
}
