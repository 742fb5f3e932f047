import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Issue 15 item 6: the image runs under the Cloud Platform's `runAsNonRoot` (no Docker engine here,
 * so the Dockerfile itself is read). Kubernetes can only check a numeric user.
 */
interface Instruction {
  keyword: string
  args: string
}

/** Instructions of a Dockerfile (comments dropped, `\` continuations joined), split into stages. */
function stages(text: string): Instruction[][] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
  const result: Instruction[][] = []
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line)
    if (!match) continue
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]!.trim() }
    if (instruction.keyword === 'FROM') result.push([])
    result.at(-1)?.push(instruction)
  }
  return result
}

const dockerfile = readFileSync(resolve(import.meta.dirname, '../../Dockerfile'), 'utf8')
const runtime = stages(dockerfile).at(-1)!

describe('Dockerfile runtime stage', () => {
  it('runs as the numeric user 2000:2000, set after every step that needs root', () => {
    const users = runtime.filter((i) => i.keyword === 'USER')
    expect(users.map((i) => i.args)).toEqual(['2000:2000'])
    const userAt = runtime.indexOf(users[0]!)
    expect(runtime.slice(userAt + 1).filter((i) => i.keyword === 'RUN' || i.keyword === 'COPY')).toEqual([])
  })

  it('creates that user and group with those ids', () => {
    const run = runtime
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join(' && ')
    expect(run).toMatch(/groupadd --gid 2000 \w+/)
    expect(run).toMatch(/useradd --uid 2000 --gid 2000 /)
  })

  it('every file copied in belongs to 2000:2000', () => {
    const copies = runtime.filter((i) => i.keyword === 'COPY')
    expect(copies.length).toBeGreaterThanOrEqual(3)
    for (const copy of copies) expect(copy.args).toMatch(/(^|\s)--chown=2000:2000(\s|$)/)
  })

  it('starts the bundle and checks the liveness path', () => {
    expect(runtime.find((i) => i.keyword === 'CMD')?.args).toBe('["node", "dist/main.mjs"]')
    expect(runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args).toContain('/health/liveness')
  })
})
