/**
 * Sequence values handed out from blocks fetched `blockSize` at a time, so a busy listener asks the
 * database for ids once per block rather than once per contact. Unused values of a block are lost
 * when the process ends: gaps, as with Oracle's own sequence cache, never duplicates. Callers take
 * an id before their transaction starts, so fetching a block never needs a second pooled connection
 * while the caller holds one.
 */
export function idBlocks(fetch: (count: number) => Promise<number[]>, blockSize: number) {
  const ids: number[] = []
  let fetching: Promise<void> | undefined
  return async function nextId(): Promise<number> {
    while (ids.length === 0) {
      // Concurrent callers share one fetch; a failure reaches them all and is not remembered.
      fetching ??= fetch(blockSize)
        .then((block) => {
          ids.push(...block)
        })
        .finally(() => {
          fetching = undefined
        })
      await fetching
    }
    return ids.shift()!
  }
}
