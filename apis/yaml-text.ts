/** @module YAML text → plain JSON-like data, refusing what no manifest or config needs: unknown tags, non-JSON types, alias bombs. */
import { type Document, parseAllDocuments, visit } from 'yaml'
import { ApiError } from './errors.js'

// The JSON-compatible core types; `!` (non-specific) is plain too. `!!binary`, `!!set`, `!!omap`,
// `!!timestamp`… would turn into Buffers, empty objects or dates, and custom tags into silent strings.
const PLAIN_TAGS = new Set([
  '!',
  ...['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
])

/** `file:line:column` of character `offset` in `text`. */
export function positionOf(text: string, offset: number, file: string): string {
  const before = text.slice(0, offset).split('\n')
  return `${file}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`
}

/**
 * Every document of `text`, checked: a syntax error or a tag other than the core JSON types throws 400
 * BadRequest naming `file:line:column`. The `yaml` package only warns about unknown tags (and resolves
 * them as plain strings), so they are looked for here.
 */
export function parseYamlDocuments(text: string, file: string): Document[] {
  const docs = parseAllDocuments(text)
  if (!Array.isArray(docs)) return []
  for (const doc of docs) {
    const yamlError = doc.errors[0]
    if (yamlError) {
      const reason = yamlError.message.split('\n')[0] ?? 'invalid YAML'
      throw new ApiError('BadRequest', `${positionOf(text, yamlError.pos[0], file)}: malformed YAML: ${reason}`)
    }
    const unresolved = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED')
    if (unresolved) throw badTag(text, file, unresolved.pos[0], unresolved.message.split(' at line')[0] ?? '')
    visit(doc, {
      Node(_, node) {
        if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag))
          throw badTag(text, file, node.range?.[0] ?? 0, `tag ${node.tag}`)
      },
    })
  }
  return docs
}

const badTag = (text: string, file: string, offset: number, what: string) =>
  new ApiError(
    'BadRequest',
    `${positionOf(text, offset, file)}: unsupported YAML tag (${what}); only plain strings, numbers, booleans, null, maps and lists are read`,
  )

/**
 * The document's value. Aliases are expanded at most `yaml`'s default maxAliasCount (100) times over, so
 * a "billion laughs" document is refused (400) instead of filling memory.
 */
export function yamlValue(doc: Document, file: string): unknown {
  try {
    return doc.toJS()
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err
    throw new ApiError('BadRequest', `${file}: ${err.message}`, { cause: err })
  }
}

/** The line of the deepest node on dotted `field` (as fieldPath writes it) that `doc` holds, if any. */
export function lineOfField(doc: Document, text: string, field: string): number | undefined {
  const path = field.replace(/\[(\d+)\]/g, '.$1').split('.')
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node && typeof node === 'object' && node.range) return text.slice(0, node.range[0]).split('\n').length
  }
  return undefined
}
