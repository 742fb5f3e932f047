import type { Kysely, QueryCreator, SelectQueryBuilder } from 'kysely'
import { reusableQuery } from '../../compiled-query.ts'
import type { Database, LicConditionTable, RqmntTable } from '../../schema.ts'
import {
  PROGRAMME_LICENCE_CONDITION_CATEGORY,
  PROGRAMME_REQUIREMENT_CATEGORIES,
} from '../programme-components.ts'

/** The two sentence components the Accredited Programmes events refer to. */
export type ComponentTable = 'rqmnt' | 'licCondition'

type SharedColumn =
  | 'disposalId'
  | 'offenderId'
  | 'startDate'
  | 'commencementDate'
  | 'terminationDate'
  | 'pendingTransfer'
  | 'activeFlag'
  | 'softDeleted'
  | 'rowVersion'

/** The columns RQMNT and LIC_CONDITION have in common (same names, same meaning). */
export type SharedComponentColumns = Pick<RqmntTable, SharedColumn> & Pick<LicConditionTable, SharedColumn>

/** The database as a query sees it once the component is selected under the alias `c`. */
export type ComponentScope = Database & { c: SharedComponentColumns }

/**
 * `select <id> as componentId from rqmnt c where c.rqmnt_id = :id` (or LIC_CONDITION), typed by
 * the columns both tables share, so one query body serves both kinds. Only the table and id
 * column differ; everything joined or selected afterwards goes through the shared columns.
 */
/** Where a component select starts: the database, or the outer query's `eb` when it is embedded. */
export type SelectSource = Pick<QueryCreator<Database>, 'selectFrom'>

export function selectComponent(
  db: SelectSource,
  table: ComponentTable,
  id: number,
): SelectQueryBuilder<ComponentScope, 'c', { componentId: number }> {
  // Only accredited-programme components, as the case endpoints know them: an event about any
  // other requirement or licence condition is refused like an unknown one. The category is matched
  // by a subquery, not a join, so `lockComponent` still locks the component row alone.
  const query =
    table === 'rqmnt'
      ? db
          .selectFrom('rqmnt as c')
          .select('c.rqmntId as componentId')
          .where('c.rqmntId', '=', id)
          .where('c.rqmntTypeMainCategoryId', 'in', (eb) =>
            eb
              .selectFrom('rRqmntTypeMainCategory as ap')
              .select('ap.rqmntTypeMainCategoryId')
              .where('ap.code', 'in', PROGRAMME_REQUIREMENT_CATEGORIES),
          )
      : db
          .selectFrom('licCondition as c')
          .select('c.licConditionId as componentId')
          .where('c.licConditionId', '=', id)
          .where('c.licCondTypeMainCatId', 'in', (eb) =>
            eb
              .selectFrom('rLicCondTypeMainCat as ap')
              .select('ap.licCondTypeMainCatId')
              .where('ap.code', '=', PROGRAMME_LICENCE_CONDITION_CATEGORY),
          )
  return query as unknown as SelectQueryBuilder<ComponentScope, 'c', { componentId: number }>
}

/**
 * Locks an active, not soft-deleted component row until the transaction ends, and tells whether
 * it exists. Two consumers handling the same message (or two messages about one component) queue
 * here, so the second sees what the first wrote. A single-table `select ... for update` is valid on
 * Oracle and PostgreSQL alike (PostgreSQL refuses it across outer joins).
 */
export function lockComponent(db: Kysely<Database>, table: ComponentTable, id: number) {
  return selectComponent(db, table, id)
    .where('c.softDeleted', '=', 0)
    .where('c.activeFlag', '=', 1)
    .forUpdate()
}

const lockComponentQuery = reusableQuery<{ table: ComponentTable }, { id: number }, { componentId: number }>(
  (db, { table }, value) => lockComponent(db, table, value('id')),
)

/** `lockComponent`, compiled once per table (the status-change listener runs it for every message). */
export async function lockComponentById(
  db: Kysely<Database>,
  table: ComponentTable,
  id: number,
): Promise<{ componentId: number } | undefined> {
  const { rows } = await lockComponentQuery(db, { table }, { id })
  return rows[0]
}
