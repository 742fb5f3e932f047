/**
 * Production bundle: src/main.ts and everything it imports in one ES module, dist/main.mjs.
 *
 * Why: Node spends most of its start-up resolving and compiling the ~1,000 small ES modules of
 * the dependencies (Kysely alone ~300 ms on the 2-core dev machine); one minified file loads in a
 * fraction of that. oracledb (optional native parts), PGlite (loads its WebAssembly files from beside
 * its own modules) and pg-native (never installed) stay external and resolve from node_modules at
 * run time; the DDL the embedded database is translated from (oracle.sql) is copied beside.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

// BUNDLE_OUT_DIR: somewhere else than dist/ (the telemetry test bundles into a temporary directory).
const outDir = process.env.BUNDLE_OUT_DIR ?? 'dist'
mkdirSync(outDir, { recursive: true })
await build({
  entryPoints: ['src/main.ts'],
  outfile: join(outDir, 'main.mjs'),
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node26',
  // @sentry/deno is imported only under Deno, which runs the sources, never this bundle.
  external: [
    'oracledb',
    'pg-native',
    'cloudflare:sockets',
    '@electric-sql/pglite',
    '@electric-sql/pglite/*',
    '@sentry/deno',
  ],
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
})
copyFileSync('src/db/ddl/oracle.sql', join(outDir, 'oracle.sql'))
