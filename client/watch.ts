/** @module Newline-delimited JSON stream → async iterator of parsed lines. */
import { readLines } from './lines.js'

export async function* readNdjson<T>(body: AsyncIterable<Uint8Array>): AsyncGenerator<T> {
  for await (const line of readLines(body)) {
    const text = line.trim()
    if (text) yield JSON.parse(text) as T
  }
}
