/** @module Multi-document YAML manifests → validated objects, with errors naming file, document, line and field. */
import { type Document, parseAllDocuments } from 'yaml'
import { ApiError, type Cause } from './errors.js'
import { type HeliosObject, parseObject } from './kinds.js'

export interface ParsedManifest {
  object: HeliosObject
  /** `file.yaml#2` style location for messages. */
  source: string
}

/**
 * Parses every document of a YAML (or JSON) text. Empty documents are skipped. All-or-nothing:
 * the first bad document throws, so callers never apply half a file.
 */
export function parseManifests(text: string, file = '<stdin>'): ParsedManifest[] {
  const docs = parseAllDocuments(text)
  if (!Array.isArray(docs)) return []
  const out: ParsedManifest[] = []
  docs.forEach((doc, index) => {
    const where = docs.length > 1 ? `${file} (document ${index + 1})` : file
    const yamlError = doc.errors[0]
    if (yamlError) {
      const before = text.slice(0, yamlError.pos[0]).split('\n')
      const at = `${file}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`
      const reason = yamlError.message.split('\n')[0] ?? 'invalid YAML'
      throw new ApiError('BadRequest', `${at}: malformed YAML: ${reason}`)
    }
    const value: unknown = doc.toJS()
    if (value === null || value === undefined) return
    try {
      out.push({ object: parseObject(value, where), source: `${file}#${index + 1}` })
    } catch (err) {
      throw withLine(err, doc, text)
    }
  })
  return out
}

// Adds the YAML line of the first failing field to the message, so users can jump to it.
function withLine(err: unknown, doc: Document, text: string): unknown {
  const first: Cause | undefined = err instanceof ApiError ? err.causes[0] : undefined
  if (!(err instanceof ApiError) || !first) return err
  const path = first.field.replace(/\[(\d+)\]/g, '.$1').split('.')
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node && typeof node === 'object' && node.range) {
      const line = text.slice(0, node.range[0]).split('\n').length
      return new ApiError(err.code, `${err.message} (line ${line})`, { causes: err.causes, cause: err })
    }
  }
  return err
}
