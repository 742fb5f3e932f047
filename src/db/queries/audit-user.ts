import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'

/** USER_.USER_ID of the Delius user the service audits as (events.md §B.6). */
export async function findUserId(db: Kysely<Database>, username: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('user_')
    .select('userId')
    .where((eb) => eb(eb.fn('upper', ['distinguishedName']), '=', username.toUpperCase()))
    .orderBy('userId')
    .offset(0)
    .fetch(1)
    .executeTakeFirst()
  return row?.userId
}
