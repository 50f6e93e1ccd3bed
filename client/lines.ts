/** @module A text stream → async iterator of its lines (without newlines; a last line without one is yielded too). */

export async function* readLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true })
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    yield* lines
  }
  buffered += decoder.decode()
  if (buffered !== '') yield buffered
}
