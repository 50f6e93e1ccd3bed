/** @module Multi-document YAML manifests → validated objects, with errors naming file, document, line and field. */
import type { Document } from 'yaml'
import { ApiError, type Cause } from './errors.js'
import { type HeliosObject, parseObject } from './kinds.js'
import { lineOfField, parseYamlDocuments, yamlValue } from './yaml-text.js'

export interface ParsedManifest {
  object: HeliosObject
  /** `file.yaml#2` style location for messages. */
  source: string
}

/**
 * Parses every document of a YAML (or JSON) text. Empty documents are skipped. All-or-nothing:
 * the first bad document throws, so callers never apply half a file. Tags other than the core JSON
 * types (`!foo`, `!!python/object`, `!!binary`) are refused, naming the file and line.
 */
export function parseManifests(text: string, file = '<stdin>'): ParsedManifest[] {
  const docs = parseYamlDocuments(text, file)
  const out: ParsedManifest[] = []
  docs.forEach((doc, index) => {
    const where = docs.length > 1 ? `${file} (document ${index + 1})` : file
    const value = yamlValue(doc, where)
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
  const line = lineOfField(doc, text, first.field)
  if (line === undefined) return err
  return new ApiError(err.code, `${err.message} (line ${line})`, { causes: err.causes, cause: err })
}
