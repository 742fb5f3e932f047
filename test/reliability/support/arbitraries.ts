import fc from 'fast-check'
import { type ApiDocument, type JsonSchema, resolveSchema } from './openapi.ts'

/**
 * Inputs for the hostile-input walk: values that fit a route's schema (so the walk gets past the
 * first check and reaches the service and the database), then broken in a few places at a time with
 * values a hostile or careless caller could send.
 */

/** SQL fragments, injection probes, encodings and edge numbers, as strings. */
export const NASTY_STRINGS = [
  "' OR 1=1 --",
  "'; DROP TABLE contact; --",
  "A000001' OR '1'='1",
  '1; select pg_sleep(5)',
  '" OR ""="',
  "' UNION SELECT password FROM user_ --",
  '%',
  '%%',
  '_',
  '*',
  '\\',
  "'",
  '"',
  '\u0000',
  '\u0000A000001',
  'A000001\n',
  ' A000001 ',
  'a000001',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '99999999999999999999999999',
  '1e309',
  '-0',
  '0x10',
  '1.5',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell probe, sent as text
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '\uD800',
  '\uFEFF',
  '🦄'.repeat(100),
  'Ω≈ç√∫˜µ≤≥÷',
  'ÅÍÎÏ˝ÓÔÒÚÆ☃',
  '٠١٢٣٤٥٦٧٨٩',
  '\u202Eevil',
  '2026-02-30',
  '2026-13-01',
  '24:00:00',
  '12:60',
  '0000-00-00',
  '2026-05-01T12:00:00',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
]

/** Strings past every sensible size (sent as values; the 10 MB body is a separate case). */
export const HUGE_STRINGS = ['x'.repeat(100_000), 'é'.repeat(20_000), "' OR 1=1 --".repeat(5_000)]

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_STRINGS) },
)

/** A JSON value nested `depth` deep, arrays or objects. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value }
  return value
}

/** Any JSON-representable value a hostile caller could put where a field belongs. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      -1,
      1.5,
      -0,
      2 ** 31,
      2 ** 53 + 2,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      1e-300,
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(deeplyNested(200, 'array'), deeplyNested(200, 'object')) },
  { weight: 1, arbitrary: fc.array(fc.integer(), { minLength: 1001, maxLength: 1100 }) },
)

/**
 * A value that fits `schema` (types, enums, formats, bounds kept small). Documented examples, at
 * any level, are used as one of the choices for their place, so that reference codes that exist
 * (staff, team, requirement ids) turn up and some generated requests get through to the database.
 */
export function fitting(
  schema: JsonSchema,
  document: ApiDocument,
  depth = 0,
  hint?: unknown,
): fc.Arbitrary<unknown> {
  const s = resolveSchema(schema, document)
  if (depth > 8) return fc.constant(null)
  // A reference is the client's key: a fresh one each time, or every create after the first is a 409.
  const example = s.format === 'uuid' ? undefined : hint !== undefined ? hint : s.example
  const generated = fittingUnhinted(s, document, depth, example)
  // Whole example objects are not offered (they would be the same request each time); their
  // scalars are, place by place.
  return example === undefined || example === null || typeof example === 'object'
    ? generated
    : fc.oneof(fc.constant(example), generated)
}

function fittingUnhinted(
  s: JsonSchema,
  document: ApiDocument,
  depth: number,
  hint: unknown,
): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const)
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]))
  const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined
  if (alternatives) return fc.oneof(...alternatives.map((a) => fitting(a, document, depth + 1)))
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as JsonSchema[]).map((a) => resolveSchema(a, document))
    // `allOf: [X, {type: [..., 'null']}]` is how a nullable reference is written.
    const concrete = parts.find((p) => p.enum || p.properties || p.const !== undefined) ?? parts[0] ?? {}
    const nullable = parts.some((p) => Array.isArray(p.type) && p.type.includes('null'))
    const base = fitting(concrete, document, depth + 1, hint)
    return nullable ? fc.option(base, { nil: null, freq: 5 }) : base
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : []
  if (types.length > 1) {
    return fc.oneof(...types.map((type) => fittingType(type, s, document, depth, hint)))
  }
  const base = fittingType(types[0], s, document, depth, hint)
  return s.nullable === true ? fc.option(base, { nil: null, freq: 5 }) : base
}

function fittingType(
  type: string | undefined,
  s: JsonSchema,
  document: ApiDocument,
  depth: number,
  hint: unknown,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return fc.integer({
        min: typeof s.minimum === 'number' ? Math.ceil(s.minimum) : 1,
        max: typeof s.maximum === 'number' ? Math.floor(s.maximum) : 1_000_000_000,
      })
    case 'number':
      return fc.double({
        min: typeof s.minimum === 'number' ? s.minimum : -1e6,
        max: typeof s.maximum === 'number' ? s.maximum : 1e6,
        noNaN: true,
      })
    case 'string':
      return fittingString(s)
    case 'array': {
      const items = (s.items as JsonSchema | undefined) ?? {}
      const minLength = typeof s.minItems === 'number' ? s.minItems : 0
      const maxLength = Math.max(minLength, Math.min(typeof s.maxItems === 'number' ? s.maxItems : 3, 3))
      const itemHint = Array.isArray(hint) ? hint[0] : undefined
      return fc.array(fitting(items, document, depth + 1, itemHint), { minLength, maxLength })
    }
    case 'object':
    case undefined: {
      const properties = (s.properties as Record<string, JsonSchema> | undefined) ?? {}
      const required = (s.required as string[] | undefined) ?? []
      if (Object.keys(properties).length === 0) {
        return type === 'object' ? fc.constant({}) : fc.jsonValue({ maxDepth: 2 })
      }
      const hints = hint !== null && typeof hint === 'object' ? (hint as Record<string, unknown>) : {}
      const model: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, value] of Object.entries(properties)) {
        model[key] = fitting(value, document, depth + 1, hints[key])
      }
      return fc.record(model, { requiredKeys: required.filter((key) => key in properties) })
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function fittingString(s: JsonSchema): fc.Arbitrary<string> {
  const examples = [s.example, ...((s.examples as unknown[] | undefined) ?? [])].filter(
    (e): e is string => typeof e === 'string',
  )
  let base: fc.Arbitrary<string>
  switch (s.format) {
    case 'uuid':
      base = fc.uuid()
      break
    case 'date':
      base = fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2035-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10))
      break
    case 'date-time':
      base = fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2035-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString())
      break
    case 'time':
      base = fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`)
      break
    default:
      if (typeof s.pattern === 'string') {
        try {
          base = fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= 200)
          break
        } catch {
          // An unsupported pattern: fall through to plain strings.
        }
      }
      base = fc.string({
        minLength: typeof s.minLength === 'number' ? s.minLength : 0,
        maxLength: Math.max(typeof s.minLength === 'number' ? s.minLength : 0, 20),
      })
  }
  return examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), base) : base
}

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'extra'; at: number; key: string; value: unknown }
  | { kind: 'wrap'; at: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: nastyValue }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      at: fc.nat(),
      key: fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'id', 'crn', 'sql'),
        fc.string({ maxLength: 10 }),
      ),
      value: nastyValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), at: fc.nat() }) },
)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The schema's documented example with every UUID replaced by a fresh one (a new client key). */
function freshExample(example: unknown): fc.Arbitrary<unknown> {
  return fc.array(fc.uuid(), { minLength: 50, maxLength: 50 }).map((uuids) => {
    let next = 0
    return JSON.parse(JSON.stringify(example), (_key, value) =>
      typeof value === 'string' && UUID.test(value) ? uuids[next++ % uuids.length] : value,
    )
  })
}

const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 })
const mutate = ([value, list]: [unknown, Mutation[]]) => list.reduce(applyMutation, structuredClone(value))

/**
 * Bodies for a route: schema-fitting values and the documented example (valid, so some requests
 * write), each as is or with 1–3 hostile mutations, and arbitrary JSON.
 */
export function hostileBody(schema: JsonSchema, document: ApiDocument): fc.Arbitrary<unknown> {
  const example = resolveSchema(schema, document).example
  const arms: fc.WeightedArbitrary<unknown>[] = [
    { weight: 1, arbitrary: fitting(schema, document) },
    { weight: 4, arbitrary: fc.tuple(fitting(schema, document), mutations).map(mutate) },
    { weight: 1, arbitrary: nastyValue },
  ]
  if (example !== undefined) {
    arms.push(
      { weight: 1, arbitrary: freshExample(example) },
      { weight: 3, arbitrary: fc.tuple(freshExample(example), mutations).map(mutate) },
    )
  }
  return fc.oneof(...arms)
}

type Container = Record<string, unknown> | unknown[]
interface Slot {
  parent?: Container
  key?: string | number
  value: unknown
}

/** Every place in a JSON value, the root first. */
function slots(root: unknown): Slot[] {
  const found: Slot[] = [{ value: root }]
  const walk = (value: unknown) => {
    if (value === null || typeof value !== 'object') return
    const container = value as Container
    for (const key of Object.keys(container)) {
      const child = (container as Record<string, unknown>)[key]
      found.push({ parent: container, key: Array.isArray(container) ? Number(key) : key, value: child })
      walk(child)
    }
  }
  walk(root)
  return found
}

function applyMutation(root: unknown, m: Mutation): unknown {
  const all = slots(root)
  const slot = all[m.at % all.length] as Slot
  const set = (value: unknown): unknown => {
    if (!slot.parent) return value
    ;(slot.parent as Record<string | number, unknown>)[slot.key as string | number] = value
    return root
  }
  switch (m.kind) {
    case 'replace':
      return set(structuredClone(m.value))
    case 'wrap':
      return set([slot.value])
    case 'delete':
      if (!slot.parent) return undefined
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1)
      else delete slot.parent[slot.key as string]
      return root
    case 'extra':
      if (slot.value !== null && typeof slot.value === 'object' && !Array.isArray(slot.value)) {
        // defineProperty so that `__proto__` becomes an own JSON key, not a prototype change.
        Object.defineProperty(slot.value, m.key, {
          value: structuredClone(m.value),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return root
  }
}

/** Raw request bodies that are not JSON at all, or broken JSON. */
export const MALFORMED_BODIES = [
  '',
  ' ',
  '{',
  '{"appointments":',
  '{"a":1,}',
  "{'a':1}",
  'null',
  'true',
  '0',
  '"string"',
  '[]',
  '{}',
  'NaN',
  '\u0000',
  '{"a":"\u0000"}',
  '{"a":1}{"a":2}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
  '\uFEFF{}',
  '<xml/>',
  'a=1&b=2',
]
