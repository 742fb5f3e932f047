import fc from 'fast-check'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/app.ts'
import { createTestDb } from '../helpers/db.ts'
import {
  fitting,
  HUGE_STRINGS,
  hostileBody,
  MALFORMED_BODIES,
  nastyString,
  nastyValue,
} from './support/arbitraries.ts'
import { type Checksum, checksum } from './support/checksum.ts'
import {
  concretePath,
  encodeSegment,
  loadApiDocument,
  type Operation,
  operationsOf,
} from './support/openapi.ts'
import { type Problem, responseProblems } from './support/responses.ts'

/**
 * Issue 7 item 1: every route of the OpenAPI document, fed random and malformed path values, query
 * strings and bodies, never answers 5xx, answers errors in the standard shape with the security
 * headers, and never changes the database unless it accepted the request (a read never does).
 *
 * RELIABILITY_RUNS (default 40) sets the generated cases per route and kind; RELIABILITY_SEED
 * replays a failing run.
 */
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 40)
const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : undefined
const TEN_MB = 10 * 1024 * 1024

const db = await createTestDb()
const t = await createTestApp(db)
const document = await loadApiDocument(t)
const operations = operationsOf(document)

/** Cases and statuses per route, printed at the end (RELIABILITY.md quotes them). */
const tally = new Map<string, { cases: number; statuses: Map<number, number> }>()
let current: Checksum = await checksum(db)
let lastStatus = 0

interface Input {
  path: string
  query?: [string, string][]
  body?: string
  contentType?: string | null
}

/** Sends one request and returns what is wrong with the answer and the database afterwards. */
async function exercise(
  { name, method }: Pick<Operation, 'name' | 'method'>,
  input: Input,
): Promise<(Problem | string)[]> {
  const query = input.query?.length ? `?${new URLSearchParams(input.query).toString()}` : ''
  const headers: Record<string, string> = {}
  if (input.body !== undefined && input.contentType !== null) {
    headers['content-type'] = input.contentType ?? 'application/json'
  }
  const response = await t.request(`${input.path}${query}`, { method, body: input.body, headers })
  lastStatus = response.status
  const entry = tally.get(name) ?? { cases: 0, statuses: new Map() }
  entry.cases++
  entry.statuses.set(response.status, (entry.statuses.get(response.status) ?? 0) + 1)
  tally.set(name, entry)

  const sent = `${safeDecode(input.path)} ${safeDecode(query)} ${input.body?.slice(0, 200_000) ?? ''}`
  const problems: (Problem | string)[] = await responseProblems(response, sent)
  // Reads are checked once per test (afterEach): counts and row versions only grow, so a write
  // by any read of the test still shows then.
  if (method === 'GET') return problems
  const after = await checksum(db)
  const accepted = response.status >= 200 && response.status < 300
  if (!accepted && JSON.stringify(after) !== JSON.stringify(current)) {
    problems.push(`database changed by a ${response.status} ${method}: ${diff(current, after)}`)
  }
  current = after
  return problems
}

afterEach(async () => {
  const before = current
  current = await checksum(db)
  if (JSON.stringify(before) !== JSON.stringify(current)) {
    throw new Error(`a read changed the database: ${diff(before, current)}`)
  }
})

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function diff(before: Checksum, after: Checksum): string {
  return Object.keys(after)
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key} ${before[key]} → ${after[key]}`)
    .join('; ')
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value))

/** A body the route accepts in shape, or none when it takes none. */
function bodyFor(op: Operation): fc.Arbitrary<string | undefined> {
  return op.body ? fitting(op.body, document).map(json) : fc.constant(undefined)
}

/** Runs a property; a failure report is cut short (counterexamples can hold 100 KB strings). */
async function check(property: fc.IAsyncProperty<[Input]>) {
  try {
    await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: true })
  } catch (error) {
    const cause = (error as Error).cause
    const full = `${(error as Error).message}\n${cause instanceof Error ? cause.message : ''}`
    // Repeated runs (of one character or a short pattern such as "' OR 1=1 --") shown once, counted.
    const message = full
      .replace(/(.)\1{200,}/gs, (run) => `${run.slice(0, 20)}…(${run.length})`)
      .replace(/(.{2,40}?)\1{10,}/gs, (run, unit: string) => `${unit}…(×${run.length / unit.length})`)
    throw new Error(message.length > 6000 ? `${message.slice(0, 6000)}…` : message)
  }
}

/** The property body: problems with the answer fail the case. */
const noProblems = (op: Pick<Operation, 'name' | 'method'>) => async (input: Input) => {
  const problems = await exercise(op, input)
  if (problems.length > 0) throw new Error(`Problems: ${JSON.stringify(problems, null, 1).slice(0, 3000)}`)
}

afterAll(async () => {
  const lines = [...tally.entries()].map(([name, { cases, statuses }]) => {
    const byStatus = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ')
    return `  ${name.padEnd(48)} ${String(cases).padStart(5)} cases  (${byStatus})`
  })
  const total = [...tally.values()].reduce((sum, { cases }) => sum + cases, 0)
  console.log(
    `hostile-input on ${db.kind}, ${RUNS} runs per property, ${total} requests:\n${lines.join('\n')}`,
  )
  await t?.close()
  await db?.close()
})

it('the document lists routes to walk', () => {
  expect(operations.map((op) => op.name)).toContain('GET /case/{crn}/personal-details')
})

for (const op of operations) {
  describe(op.name, () => {
    it('path and query values: hostile strings never give 5xx, leak or write', async () => {
      const pathValues = fc.record(
        Object.fromEntries(
          op.pathParams.map((p) => [p.name, fc.oneof(fc.constant(p.example), nastyString)] as const),
        ),
      )
      const documentedQuery = fc.array(
        fc.tuple(
          fc.constantFrom(...op.queryParams.map((p) => p.name), 'unknown'),
          fc.oneof(...op.queryParams.map((p) => fc.constant(p.example)), nastyString),
        ),
        { maxLength: 4 },
      )
      await check(
        fc.asyncProperty(
          fc
            .tuple(pathValues, documentedQuery, bodyFor(op))
            .map(([values, query, body]): Input => ({ path: concretePath(op, values), query, body })),
          noProblems(op),
        ),
      )
    })

    it('huge and broken URLs', async () => {
      const cases: Input[] = [
        { path: concretePath(op), query: [['q', 'x'.repeat(200_000)]] },
        ...op.pathParams.flatMap((p) => [
          ...HUGE_STRINGS.map((value) => ({ path: concretePath(op, { [p.name]: value }) })),
          // Raw, not encoded: a bad percent escape and a slash where a segment belongs.
          { path: op.path.replace(`{${p.name}}`, '%E0%A4%A') },
          { path: op.path.replace(`{${p.name}}`, '%') },
          { path: op.path.replace(`{${p.name}}`, '..%2F..%2Fhealth') },
          { path: op.path.replace(`{${p.name}}`, '') },
        ]),
      ]
      const body = op.body
        ? json(fc.sample(fitting(op.body, document), { numRuns: 1, seed: 1 })[0])
        : undefined
      for (const input of cases) expect(await exercise(op, { ...input, body })).toEqual([])
    })

    if (op.method !== 'GET') {
      it('bodies: schema-shaped values broken in up to three places', async () => {
        const schema = op.body ?? {}
        await check(
          fc.asyncProperty(
            hostileBody(schema, document).map(
              (body): Input => ({ path: concretePath(op), body: json(body) ?? '' }),
            ),
            noProblems(op),
          ),
        )
      })

      it('bodies: any JSON at all', async () => {
        await check(
          fc.asyncProperty(
            nastyValue.map((body): Input => ({ path: concretePath(op), body: json(body) })),
            noProblems(op),
          ),
        )
      })

      it('malformed JSON, deep nesting, wrong content types', async () => {
        const valid = op.body ? json(fc.sample(fitting(op.body, document), { numRuns: 1, seed: 2 })[0]) : '{}'
        const cases: Input[] = [
          ...MALFORMED_BODIES.map((body) => ({ path: concretePath(op), body })),
          ...[
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
          ].map((contentType) => ({ path: concretePath(op), body: valid, contentType })),
          { path: concretePath(op), body: valid, contentType: 'application/json; charset=latin1' },
          { path: concretePath(op), body: valid, contentType: null },
          // Numbers JavaScript cannot hold: past 2^53, and past the double range.
          { path: concretePath(op), body: valid?.replace(/:(-?\d+)/g, ':9007199254740993') },
          { path: concretePath(op), body: valid?.replace(/:(-?\d+)/g, ':1e400') },
        ]
        for (const input of cases) expect(await exercise(op, input)).toEqual([])
      })

      it('a 10 MB body → 413 in the error shape, nothing written', async () => {
        const body = JSON.stringify({ appointments: [], padding: 'x'.repeat(TEN_MB) })
        const before = await checksum(db)
        expect(await exercise(op, { path: concretePath(op), body })).toEqual([])
        expect(lastStatus).toBe(413)
        expect(await checksum(db)).toEqual(before)
      })
    }
  })
}

describe('undocumented methods on documented paths', () => {
  for (const path of new Set(operations.map((op) => op.path))) {
    it(`${path} → 404/405 in the error shape`, async () => {
      const op = operations.find((o) => o.path === path) as Operation
      const documented = operations.filter((o) => o.path === path).map((o) => o.method)
      for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => !documented.includes(m))) {
        const name = `${path} (other methods)`
        const body = method === 'GET' ? undefined : '{}'
        expect(await exercise({ name, method }, { path: concretePath(op), body })).toEqual([])
        expect([404, 405]).toContain(lastStatus)
      }
    })
  }
})

describe('paths no route serves', () => {
  it('answer 404 in the error shape, never 5xx', async () => {
    await check(
      fc.asyncProperty(
        fc
          .array(fc.oneof(nastyString, fc.constantFrom('case', 'appointments', 'user', 'regions')), {
            minLength: 1,
            maxLength: 4,
          })
          .map((segments): Input => ({ path: `/${segments.map(encodeSegment).join('/')}` })),
        async (input) => {
          expect(await exercise({ name: 'GET (unknown paths)', method: 'GET' }, input)).toEqual([])
          // 400: a NUL character is refused before routing.
          expect([400, 401, 404, 405]).toContain(lastStatus)
        },
      ),
    )
  })
})
