/**
 * The one table the bench prints: a row per measured figure, with its target (PostgreSQL rows
 * only, as issue 6 sets them) and PASS/MISS, or SKIP with the reason when a part is not built yet.
 */
export type Status = 'PASS' | 'MISS' | 'SKIP' | ''

export interface Row {
  section: string
  case: string
  runtime: string
  database: string
  result: string
  ceiling?: string
  ratio?: string
  target?: string
  status: Status
}

export function skipRow(section: string, name: string, runtime: string, database: string, why: string): Row {
  return { section, case: name, runtime, database, result: `not available yet: ${why}`, status: 'SKIP' }
}

export function passOrMiss(ok: boolean): Status {
  return ok ? 'PASS' : 'MISS'
}

const HEADERS = ['Section', 'Case', 'Runtime', 'DB', 'Result', 'Ceiling', 'Ours/ceiling', 'Target', 'Status']

/** A Markdown table of any cells, padded so it also reads well on a terminal (and as Biome formats it). */
export function markdownTable(headers: readonly string[], cells: readonly string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (values: readonly string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')
}

/** The bench's results table. */
export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    r.section,
    r.case,
    r.runtime,
    r.database,
    r.result,
    r.ceiling ?? '',
    r.ratio ?? '',
    r.target ?? '',
    r.status,
  ])
  return markdownTable(HEADERS, cells)
}
