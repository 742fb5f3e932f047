/**
 * Production bundle: src/main.ts and everything it imports in one ES module, dist/main.mjs.
 *
 * Why: Node spends most of its start-up resolving and compiling the ~1,000 small ES modules of
 * the dependencies (Kysely alone ~300 ms on the 2-core dev machine); one minified file loads in a
 * fraction of that. oracledb (optional native parts), PGlite (loads its WebAssembly files from beside
 * its own modules) and pg-native (never installed) stay external and resolve from node_modules at
 * run time; the DDL the embedded database needs is copied beside.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { build } from 'esbuild'

mkdirSync('dist', { recursive: true })
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.mjs',
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node26',
  external: ['oracledb', 'pg-native', 'cloudflare:sockets', '@electric-sql/pglite', '@electric-sql/pglite/*'],
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
})
copyFileSync('src/db/ddl/schema.sql', 'dist/schema.sql')
