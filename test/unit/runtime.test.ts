/**
 * The tests run on the Node the production image runs: the Dockerfile's `FROM node:N-…` lines, the
 * `node` dev dependency (the runtime npm scripts use, from the npm registry) and the Node running this
 * suite must name one major. Drift between them fails here, in every CI run.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isDeno } from '../../src/runtime.ts'

const root = new URL('../../', import.meta.url)
const read = (file: string) => readFileSync(new URL(file, root), 'utf8')

/** Every base image's Node major, in the order of the FROM lines. */
function dockerNodeMajors(dockerfile: string): number[] {
  return [...dockerfile.matchAll(/^FROM\s+node:(\d+)[^\s]*/gm)].map((match) => Number(match[1]))
}

/** The major a semver range such as `^26.10.0` or `26.10.0` starts from. */
function rangeMajor(range: string): number {
  const major = /^[\^~>=\s]*(\d+)/.exec(range)?.[1]
  if (!major) throw new Error(`Cannot read a major from ${range}`)
  return Number(major)
}

const dockerfile = read('Dockerfile')
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string }
  devDependencies: { node: string }
}
const imageMajor = dockerNodeMajors(dockerfile)[0]

describe('the Node runtime', () => {
  it('every stage of the Dockerfile is built FROM one Node major', () => {
    const majors = dockerNodeMajors(dockerfile)
    expect(majors.length).toBeGreaterThan(0)
    expect(new Set(majors)).toEqual(new Set([imageMajor]))
  })

  it("the node dev dependency (the npm scripts' runtime) is the image's major", () => {
    expect(rangeMajor(pkg.devDependencies.node)).toBe(imageMajor)
  })

  it("engines admits no Node older than the image's major", () => {
    expect(pkg.engines.node).toBe(`>=${imageMajor}`)
  })

  // Deno reports the Node version its compatibility layer implements, not a Node it runs.
  it.skipIf(isDeno)("this suite runs on the image's Node major (under Deno: not a Node)", () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(imageMajor)
  })

  it('the readers find what they look for', () => {
    expect(dockerNodeMajors('FROM node:26-slim AS build\nFROM node:26.1.0\n')).toEqual([26, 26])
    expect(rangeMajor('^26.10.0')).toBe(26)
    expect(rangeMajor('26.10.0')).toBe(26)
  })
})
