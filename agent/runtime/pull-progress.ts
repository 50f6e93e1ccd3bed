/** @module A pull's progress stream (NDJSON from the engine) read to its outcome; used by docker-runtime.ts only. */
import type { Readable } from 'node:stream'

/**
 * A pull's progress stream: the engine reports a failure as a line `{"error": …}` with status 200. Lines that are
 * no JSON are skipped (dockerode's followProgress throws on them, in a 'data' callback: an uncaught exception).
 */
export function pullOutcome(stream: Readable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let buffered = ''
    let failure: string | undefined
    const take = (line: string) => {
      if (failure !== undefined || !line.trim()) return
      try {
        const parsed = JSON.parse(line) as { error?: unknown }
        if (parsed.error !== undefined) failure = String(parsed.error)
      } catch {}
    }
    stream.on('data', (chunk: Buffer | string) => {
      buffered += chunk.toString()
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        take(buffered.slice(0, nl))
        buffered = buffered.slice(nl + 1)
      }
    })
    // Kept for the stream's whole life: a destroyed stream may still emit 'error' after the pull settled.
    stream.on('error', (err) => reject(err))
    const end = () => {
      take(buffered)
      buffered = ''
      if (failure !== undefined) reject(new Error(failure))
      else resolve()
    }
    stream.once('end', end).once('close', end)
  })
}
