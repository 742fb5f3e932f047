import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalAuth, startLocalAuth } from '../../src/dev/local-auth.ts'
import { copyPgliteTemplate, ensurePgliteTemplate } from '../helpers/template.ts'
import { type ServiceProcess, startServiceProcess } from '../reliability/support/service-process.ts'

/**
 * Issue 15 item 5: Swagger UI works with no internet. Debian's headless Chromium (installed by
 * .ci/run) opens /swagger-ui of the production process; every request the page makes must go to
 * the service itself (anything else is aborted and fails the test), it shows every operation of the
 * document, authorises with a dev token and runs "Try it out" on personal details.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const SCREENSHOT_DIR = join(tmpdir(), 'apd-swagger-ui')

let auth: LocalAuth
let service: ServiceProcess
let browser: Browser
let dir: string

// CI installs Chromium; a developer machine without it skips (CI=true never does).
describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('Swagger UI in headless Chromium', () => {
  beforeAll(async () => {
    auth = await startLocalAuth()
    dir = copyPgliteTemplate(await ensurePgliteTemplate())
    service = await startServiceProcess({ DATABASE_URL: `pglite://${dir}`, HMPPS_AUTH_URL: auth.url })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true })
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    await service?.stop()
    await auth?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('shows every operation, authorises with a token and gets 200 from personal details', async () => {
    const document = (await (await fetch(`${service.url}/v3/api-docs`)).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(operations.length).toBeGreaterThan(15)

    const page = await browser.newPage()
    const foreign: string[] = []
    await page.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(service.url) || url.startsWith('data:')) return route.continue()
      foreign.push(url)
      return route.abort()
    })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))

    await page.goto(`${service.url}/swagger-ui`)
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 })
    const shown = await page
      .locator('.opblock')
      .evaluateAll((blocks) =>
        blocks.map(
          (b) =>
            `${b.querySelector('.opblock-summary-method')?.textContent?.trim()} ${b.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
        ),
      )
    expect(shown.sort()).toEqual([...operations].sort())

    // Authorise with a dev token (the bearer scheme hmpps-auth-token).
    const token = await auth.signToken()
    await page.locator('button.authorize').first().click()
    await page.locator('.modal-ux input[type=text], .modal-ux input:not([type])').first().fill(token)
    await page.locator('.modal-ux button.authorize').click()
    await page.locator('.modal-ux button.btn-done, .modal-ux button.close-modal').first().click()

    // Try it out on personal details.
    const block = page.locator('.opblock', {
      has: page.locator('.opblock-summary-path[data-path="/case/{crn}/personal-details"]'),
    })
    await block.locator('.opblock-summary').click()
    await block.locator('button.try-out__btn').click()
    await block.locator('input[placeholder="crn"]').fill('A000001')
    await block.locator('button.execute').click()
    const status = block.locator('.live-responses-table .response .response-col_status').first()
    await status.waitFor({ timeout: 20_000 })
    expect((await status.textContent())?.trim()).toBe('200')
    const body = await block
      .locator('.live-responses-table .response-col_description pre')
      .first()
      .textContent()
    expect(JSON.parse(body ?? '{}')).toMatchObject({ crn: 'A000001' })

    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'personal-details.png'), fullPage: false })
    await block.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'try-it-out.png') })
    expect(foreign).toEqual([])
    expect(errors).toEqual([])
  }, 90_000)
})
