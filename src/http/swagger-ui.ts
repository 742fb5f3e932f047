import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Context } from 'hono'

/**
 * Swagger UI served from the pinned `swagger-ui-dist` package: the page works with no internet
 * access and loads no script from a CDN (an unpinned CDN script is a supply-chain risk). Assets are
 * read from the installed package on first use and kept in memory (~1.5 MB).
 */
export interface SwaggerUiOptions {
  /** Where the page is served; assets live under it (`<base>/swagger-ui-bundle.js`). */
  base: string
  /** The OpenAPI document the page loads. */
  documentUrl: string
}

/** The package's files the page needs, with their content types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

function page(options: SwaggerUiOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Accredited Programmes and Delius - Swagger UI</title>
  <link rel="stylesheet" href="${options.base}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${options.base}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${options.base}/swagger-ui-bundle.js"></script>
  <script src="${options.base}/swagger-initializer.js"></script>
</body>
</html>
`
}

function initializer(options: SwaggerUiOptions): string {
  return `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(options.documentUrl)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
});
`
}

/** The installed package's folder, resolved beside this module (or the bundle in dist/). */
function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
}

/** Handlers for the page (`base` and `base/index.html`) and its assets (`base/:file`). */
export function swaggerUi(options: SwaggerUiOptions) {
  const html = page(options)
  const init = initializer(options)
  const cache = new Map<string, Promise<ArrayBuffer>>()
  const load = (file: string) => {
    let content = cache.get(file)
    if (!content) {
      content = readFile(join(packageDir(), file)).then(
        (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
      )
      content.catch(() => cache.delete(file))
      cache.set(file, content)
    }
    return content
  }
  return {
    page: (c: Context) => c.html(html),
    async asset(c: Context) {
      const file = c.req.param('file') ?? ''
      if (file === 'swagger-initializer.js') {
        return c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' })
      }
      const type = ASSETS[file]
      if (!type) return c.notFound()
      return c.body(await load(file), 200, {
        'content-type': type,
        // The package is pinned: an asset changes only with a new image.
        'cache-control': 'public, max-age=86400',
      })
    },
  }
}
