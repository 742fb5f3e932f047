/**
 * Checks the SQL log of a TEST_DB=oracle run (ORACLE_SQL_LOG): every statement the production Oracle
 * configuration sent, one per line. CI runs it after that suite.
 *
 * - the writes that matter were exercised: the status-change insert-select, the termination updates,
 *   the appointment inserts, updates and soft deletes, the audit rows;
 * - no identifier has a doubled underscore (what the casing plugin makes of an already-cased name);
 * - every quoted identifier is a table, column or sequence of src/db/ddl/oracle.sql, or an alias the
 *   same statement declares (kysely-oracledb writes aliases without AS: `"T"."COL" "ALIAS"`,
 *   `count(*) "N"`, `"TABLE" "T"`).
 *
 *   node scripts/check-oracle-sql-log.mjs <log>
 */
import { readFileSync } from 'node:fs'

const REQUIRED = {
  'status-change insert-select': /^insert into "CONTACT" \(.*\) select /,
  'requirement termination update': /^update "RQMNT" set .*"TERMINATION_DATE"/,
  'licence condition termination update': /^update "LIC_CONDITION" set .*"TERMINATION_DATE"/,
  'transfer rejection update': /^update "RQMNT_TRANSFER" "TR" set .*"NOTES" = case/,
  'future contacts soft-deleted on termination': /^update "CONTACT" set "SOFT_DELETED" = :1 where "RQMNT_ID"/,
  'appointment inserts': /^insert all into "CONTACT" /,
  'appointment bulk update': /^update "CONTACT" set "CONTACT_DATE" = /,
  'appointment notes as CLOB CASE': /"NOTES" = case "CONTACT_ID" when/,
  'audit rows': /^insert all into "AUDITED_INTERACTION" /,
}

const [logFile] = process.argv.slice(2)
if (!logFile) throw new Error('usage: node scripts/check-oracle-sql-log.mjs <log>')
const statements = [...new Set(readFileSync(logFile, 'utf8').split('\n').filter(Boolean))]
const ddl = readFileSync(new URL('../src/db/ddl/oracle.sql', import.meta.url), 'utf8')
const names = new Set([...ddl.matchAll(/^(?:CREATE TABLE|CREATE SEQUENCE|\s{2})\s*(\w+)/gm)].map((m) => m[1]))

const problems = []
for (const [what, pattern] of Object.entries(REQUIRED)) {
  if (!statements.some((sql) => pattern.test(sql))) problems.push(`not in the log: ${what}`)
}
for (const sql of statements) {
  const text = sql.replace(/'(?:[^']|'')*'/g, "''")
  const aliases = new Set()
  for (const m of text.matchAll(/(?:\bas|\bend|"|\)|\*|\b\d+|:\d+) "([^"]+)"/g)) aliases.add(m[1])
  for (const [, name] of text.matchAll(/"([^"]*)"/g)) {
    if (name.includes('__')) problems.push(`doubled underscore in "${name}": ${sql.slice(0, 300)}`)
    else if (!names.has(name) && !aliases.has(name))
      problems.push(`"${name}" is not in oracle.sql: ${sql.slice(0, 300)}`)
  }
}
const unique = [...new Set(problems)]
for (const problem of unique) console.error(problem)
console.log(`oracle SQL log: ${statements.length} distinct statements, ${unique.length} problems`)
process.exit(unique.length === 0 ? 0 : 1)
