// Waiting in e2e scenarios: a plain sleep and waitFor, which polls until a condition holds or times out.
import { show } from './text.js'

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Polls fn until it returns something other than undefined/false. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  opts: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<T> {
  const { timeoutMs, intervalMs = 250, what } = opts
  const deadline = Date.now() + timeoutMs
  let last = 'nothing yet'
  for (;;) {
    try {
      const v = await fn()
      if (v !== undefined && v !== false) return v as T
      last = `last value: ${show(v)}`
    } catch (err) {
      last = `last error: ${show(err)}`
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what} (${last})`)
    await sleep(intervalMs)
  }
}
