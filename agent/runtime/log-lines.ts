/** @module Whole log lines out of a container's two outputs: the engine interleaves stdout and stderr frames, which need not end at a newline. */
import { PassThrough, type Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

/** Where a demultiplexer writes one output's bytes (dockerode's `modem.demuxStream` only calls `write`). */
export interface OutputSink {
  write(chunk: Buffer): unknown
}

/** Splits the engine's multiplexed stream `raw` into stdout and stderr (e.g. `modem.demuxStream`). */
export type Demux = (raw: Readable, stdout: OutputSink, stderr: OutputSink) => void

/**
 * One stream of whole lines from both outputs. A line is passed on once its newline arrived, so a
 * stderr line never lands inside a stdout line; a last line without one is ended with one. Ending or
 * destroying the result destroys `raw` (a follow stops); an error of `raw` destroys the result, unless
 * it is `signal` aborting the request (the reader asked to stop: the lines just end).
 */
export function mergedLines(raw: Readable, demux: Demux, signal?: AbortSignal): Readable {
  const out = new PassThrough()
  const sinks = [lineSink(out, raw), lineSink(out, raw)] as const
  demux(raw, sinks[0], sinks[1])
  let ended = false
  const end = () => {
    if (ended) return
    ended = true
    for (const sink of sinks) sink.flush()
    out.end()
  }
  raw.once('end', end).once('close', end)
  raw.on('error', (err) => (signal?.aborted ? end() : out.destroy(err)))
  out.once('close', () => raw.destroy())
  return out
}

function lineSink(out: PassThrough, raw: Readable): OutputSink & { flush(): void } {
  const decoder = new StringDecoder('utf8')
  let partial = ''
  const push = (text: string) => {
    // A client reading slower than the container writes holds the engine back rather than our memory.
    if (!out.write(text) && !raw.isPaused()) {
      raw.pause()
      out.once('drain', () => raw.resume())
    }
  }
  return {
    write(chunk: Buffer) {
      partial += decoder.write(chunk)
      const last = partial.lastIndexOf('\n')
      if (last < 0) return true
      push(partial.slice(0, last + 1))
      partial = partial.slice(last + 1)
      return true
    },
    flush() {
      partial += decoder.end()
      if (partial !== '' && !out.writableEnded) push(`${partial}\n`)
      partial = ''
    },
  }
}
