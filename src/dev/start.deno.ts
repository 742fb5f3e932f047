// `deno task start`: the same dev stack under Deno.
import './start.ts'
