// Deno entry point: the same service as main.ts (Deno.serve is chosen by server/serve.ts).
import { main } from './main.ts'

await main()
