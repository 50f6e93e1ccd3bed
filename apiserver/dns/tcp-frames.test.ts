// Length-prefixed messages put back together however the bytes are split into chunks.
import fc from 'fast-check'
import { expect, test, vi } from 'vitest'
import { FrameReader } from './tcp-frames.js'

const frame = (message: Buffer) => Buffer.concat([Buffer.from([message.length >> 8, message.length & 0xff]), message])

test('messages come out whole whatever the chunking, in order, and nothing is left partial after them', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
      (messages, cuts) => {
        const bytes = Buffer.concat(messages.map((m) => frame(Buffer.from(m))))
        const reader = new FrameReader()
        const out: Buffer[] = []
        for (let at = 0, i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length] as number
          out.push(...reader.push(bytes.subarray(at, at + size)).map((m) => Buffer.from(m)))
          at += size
        }
        expect(out).toEqual(messages.map((m) => Buffer.from(m)))
        expect(reader.partial).toBe(false)
      },
    ),
  )
})

test('a 64 KiB message a byte at a time is copied once, not once per byte', () => {
  const message = Buffer.alloc(65535, 7)
  const bytes = frame(message)
  const reader = new FrameReader()
  const concat = vi.spyOn(Buffer, 'concat')
  let early = 0
  for (let i = 0; i < bytes.length - 1; i++) early += reader.push(bytes.subarray(i, i + 1)).length
  expect(early).toBe(0)
  expect(reader.partial).toBe(true)
  expect(reader.push(bytes.subarray(bytes.length - 1))).toEqual([message])
  expect(concat).toHaveBeenCalledTimes(1)
  concat.mockRestore()
})
