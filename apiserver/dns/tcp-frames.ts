/** @module DNS over TCP framing (RFC 1035 4.2.2): 2-byte length-prefixed messages, put back together from chunks. */

/** Collects chunks and copies them once per completed frame, never once per chunk (a frame may come a byte at a time). */
export class FrameReader {
  private chunks: Buffer[] = []
  private bytes = 0

  /** Whether part of a frame has arrived and not all of it. */
  get partial(): boolean {
    return this.bytes > 0
  }

  /** Adds a chunk; returns the messages it completed, without their length prefixes. */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length === 0) return []
    this.chunks.push(chunk)
    this.bytes += chunk.length
    const messages: Buffer[] = []
    while (this.bytes >= 2) {
      const length = this.frameLength()
      if (this.bytes < 2 + length) break
      const joined = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.bytes)
      messages.push(joined.subarray(2, 2 + length))
      const rest = joined.subarray(2 + length)
      this.chunks = rest.length > 0 ? [rest] : []
      this.bytes = rest.length
    }
    return messages
  }

  /** The length prefix, which may be split across the first two chunks. */
  private frameLength(): number {
    const [first, second] = this.chunks as [Buffer, Buffer | undefined]
    if (first.length >= 2) return first.readUInt16BE(0)
    return ((first[0] ?? 0) << 8) | (second?.[0] ?? 0)
  }
}
