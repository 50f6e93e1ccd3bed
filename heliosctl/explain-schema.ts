/** @module Walks a kind's JSON Schema (generated from apis/ zod schemas) by dotted field path, as kubectl explain does. */

/** The parts of a JSON Schema node explain reads. */
export interface SchemaNode {
  type?: string | string[]
  description?: string
  properties?: Record<string, SchemaNode>
  required?: string[]
  additionalProperties?: SchemaNode | boolean
  items?: SchemaNode
  oneOf?: SchemaNode[]
  anyOf?: SchemaNode[]
  enum?: unknown[]
  const?: unknown
  default?: unknown
}

export interface Fields {
  fields: Record<string, SchemaNode>
  required: Set<string>
}

/** kubectl's type words: `<string>`, `<integer>`, `<[]string>`, `<map[string]Object>`, `<Object>`. */
export function typeName(node: SchemaNode): string {
  const variants = node.oneOf ?? node.anyOf
  if (variants) {
    const names = [...new Set(variants.map(typeName))]
    return names.length === 1 ? (names[0] ?? 'Object') : names.join('|')
  }
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type
  if (type === 'array') return `[]${node.items ? typeName(node.items) : 'Object'}`
  if (type === 'object') {
    if (node.properties) return 'Object'
    const values = node.additionalProperties
    return typeof values === 'object' ? `map[string]${typeName(values)}` : 'Object'
  }
  return type ?? 'Object'
}

/** The fields under a node: an object's properties, an array's or a map's element fields, a union's fields merged. */
export function fieldsOf(node: SchemaNode): Fields | undefined {
  if (node.properties) return { fields: node.properties, required: new Set(node.required ?? []) }
  if (node.items) return fieldsOf(node.items)
  if (typeof node.additionalProperties === 'object') return fieldsOf(node.additionalProperties)
  const variants = (node.oneOf ?? node.anyOf ?? []).map(fieldsOf).filter((f): f is Fields => f !== undefined)
  if (variants.length === 0) return undefined
  const fields: Record<string, SchemaNode> = {}
  for (const variant of variants)
    for (const [name, field] of Object.entries(variant.fields)) fields[name] = merged(fields[name], field)
  // Required only where every variant requires it.
  const required = new Set(Object.keys(fields).filter((name) => variants.every((v) => v.required.has(name))))
  return { fields, required }
}

/** One field of several union variants: the first's description, every variant's constant (the discriminator). */
function merged(seen: SchemaNode | undefined, field: SchemaNode): SchemaNode {
  if (!seen) return field
  const values = [...(seen.enum ?? (seen.const === undefined ? [] : [seen.const]))]
  if (field.const !== undefined && values.length > 0) {
    const { const: _, ...rest } = seen
    return { ...rest, description: seen.description ?? field.description, enum: [...values, field.const] }
  }
  return seen.description ? seen : { ...seen, description: field.description }
}

export type Lookup =
  | { found: true; node: SchemaNode; required: boolean }
  | { found: false; missing: string; known: string[] }

/** The node at `path` (`["spec", "ports", "internalPort"]`); what was missing and which fields there are if absent. */
export function lookup(root: SchemaNode, path: readonly string[]): Lookup {
  let node = root
  let required = true
  for (const [i, name] of path.entries()) {
    const level = fieldsOf(node)
    const next = level?.fields[name]
    if (!level || !next)
      return { found: false, missing: path.slice(0, i + 1).join('.'), known: Object.keys(level?.fields ?? {}) }
    node = next
    required = level.required.has(name)
  }
  return { found: true, node, required }
}

/** What a description adds beyond the author's words: the allowed values and the default. */
export function facts(node: SchemaNode): string[] {
  const values = node.enum ?? (node.const !== undefined ? [node.const] : undefined)
  const out: string[] = []
  if (values) out.push(`Possible values: ${values.map(String).join(', ')}`)
  if (node.default !== undefined && !isEmpty(node.default)) out.push(`Default: ${JSON.stringify(node.default)}`)
  return out
}

const isEmpty = (value: unknown): boolean =>
  (Array.isArray(value) && value.length === 0) ||
  (value !== null && typeof value === 'object' && Object.keys(value).length === 0)
