/** @module The text of a `-f FILE` (or stdin), read with a size cap and refused in one line naming the file. */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { ApiError, BODY_LIMIT_BYTES } from '../apis/index.js'

const UTF16_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
]

/**
 * Reads `path` (`-` = `stdin`) as UTF-8 text named `file` in errors. Nothing larger than the apiserver takes as one
 * object (BODY_LIMIT_BYTES) can be a Job, so reading stops there: `/dev/zero` ends in an error, not an endless read.
 */
export async function readFileText(
  path: string,
  file: string,
  stdin: AsyncIterable<string | Uint8Array>,
): Promise<string> {
  if (path !== '-' && (await stat(path).catch(() => undefined))?.isDirectory())
    throw unreadable(`${file}: is a directory`)
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of path === '-' ? stdin : createReadStream(path)) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk)
      size += bytes.length
      if (size > BODY_LIMIT_BYTES) throw unreadable(`${file}: larger than the 1 MiB an object may be`)
      chunks.push(bytes)
    }
  } catch (err) {
    if (err instanceof ApiError) throw err
    // Node's "ENOENT: no such file or directory, open 'x'" without the code and the path the message already names.
    const reason = (err as Error).message.replace(/^[A-Z]+: ([^,]+),.*$/s, '$1')
    throw unreadable(`${file}: ${reason}`)
  }
  const bytes = Buffer.concat(chunks)
  if (UTF16_BOMS.some(([a, b]) => bytes[0] === a && bytes[1] === b))
    throw unreadable(`${file}: UTF-16 is not supported; save it as UTF-8`)
  return new TextDecoder().decode(bytes)
}

/** Bad input, not bad usage: one line naming the file, exit 1, no usage hint. */
const unreadable = (message: string) => new ApiError('BadRequest', message)
