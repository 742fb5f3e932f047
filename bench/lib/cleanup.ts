/** Things to undo when the bench ends, also on Ctrl-C: child processes, databases, temp dirs. */
const steps: (() => Promise<unknown> | unknown)[] = []

export function onCleanup(step: () => Promise<unknown> | unknown): () => void {
  steps.push(step)
  return () => {
    const index = steps.indexOf(step)
    if (index >= 0) steps.splice(index, 1)
  }
}

export async function cleanupAll(): Promise<void> {
  while (steps.length > 0) {
    const step = steps.pop()!
    try {
      await step()
    } catch (error) {
      process.stderr.write(`cleanup: ${(error as Error).message}\n`)
    }
  }
}
