import { describe, expect, it } from 'vitest'
import { oracleSchemaSql } from '../../src/db/ddl/index.ts'
import { schemaOf, translate } from '../helpers/oracle-on-postgres.ts'

/** The Oracle mode's translation: what it rewrites, and what it refuses instead of hiding. */
const schema = schemaOf(await oracleSchemaSql())
const SLOW = { timeout: 60_000 }

describe('Oracle-on-PostgreSQL translation', SLOW, () => {
  it('rewrites binds, unquoted names, sequences over DUAL and the session statements', () => {
    expect(
      translate('select contact_id_seq.nextval as id from dual connect by level <= :1', schema).text,
    ).toBe(`select nextval('"CONTACT_ID_SEQ"') as id from generate_series(1, $1::int)`)
    expect(translate('select 1 as ok from dual', schema).text).toBe('select 1 as ok')
    expect(translate("alter session set time_zone = 'Europe/London'", schema)).toMatchObject({
      session: true,
    })
  })

  it('turns insert all into one multi-row insert and marks the CLOB binds', () => {
    const t = translate(
      'insert all into "CONTACT" ("CONTACT_ID", "NOTES") values (:1, :2) into "CONTACT" ("CONTACT_ID", "NOTES") values (:3, :4) select 1 from dual',
      schema,
    )
    expect(t.text).toBe('insert into "CONTACT" ( "CONTACT_ID" , "NOTES" ) values ( $1 , $2 ) , ( $3 , $4 )')
    expect([...t.clobBinds].sort()).toStrictEqual([2, 4])
  })

  it('CASE keys are not values: only the THEN/ELSE binds of a CLOB column must be CLOBs', () => {
    const t = translate(
      'update "CONTACT" set "NOTES" = case "CONTACT_ID" when :1 then :2 when :3 then :4 end, "DESCRIPTION" = :5 where "CONTACT_ID" in (:6, :7)',
      schema,
    )
    expect([...t.clobBinds].sort()).toStrictEqual([2, 4])
  })

  it('refuses Oracle words it does not translate, PostgreSQL syntax and Oracle rule breaks', () => {
    expect(() => translate('select sysdate from dual', schema)).toThrow(/sysdate/)
    expect(() => translate('select "CRN" from "OFFENDER" where "CRN" = :1::text', schema)).toThrow()
    expect(() => translate('select "CRN" from "OFFENDER" limit :1', schema)).toThrow()
    expect(() =>
      translate('select "CRN" from "OFFENDER" connect by prior "OFFENDER_ID" = 1', schema),
    ).toThrow()
    expect(() => translate('select nope_seq.nextval as id from dual', schema)).toThrow(/no sequence NOPE_SEQ/)
  })
})
