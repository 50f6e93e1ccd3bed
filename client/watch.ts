/** @module Newline-delimited JSON stream → async iterator of parsed lines. */

export async function* readNdjson<T>(body: AsyncIterable<Uint8Array>): AsyncGenerator<T> {
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true })
    let newline = buffered.indexOf('\n')
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim()
      buffered = buffered.slice(newline + 1)
      if (line) yield JSON.parse(line) as T
      newline = buffered.indexOf('\n')
    }
  }
  const rest = buffered.trim()
  if (rest) yield JSON.parse(rest) as T
}
