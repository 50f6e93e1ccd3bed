/** @module `explain` text in kubectl's layout: KIND, VERSION, FIELD, DESCRIPTION, FIELDS (or the whole tree with --recursive). */
import { facts, fieldsOf, type SchemaNode, typeName } from '../explain-schema.js'

export interface ExplainText {
  kind: string
  version: string
  /** The dotted path below the kind, empty for the kind itself. */
  path: readonly string[]
  node: SchemaNode
  required: boolean
  recursive?: boolean
}

export function explainText({ kind, version, path, node, required, recursive }: ExplainText): string[] {
  const lines = [`KIND:       ${kind}`, `VERSION:    ${version}`, '']
  if (path.length > 0) lines.push(`FIELD:      ${path.at(-1)} <${typeName(node)}>${required ? ' -required-' : ''}`, '')
  lines.push('DESCRIPTION:', ...describe(node, '    '))
  const fields = fieldsOf(node)
  if (!fields) return lines
  lines.push('', 'FIELDS:')
  if (recursive) return [...lines, ...tree(node, '  ')]
  for (const [name, field] of Object.entries(fields.fields)) {
    lines.push(`  ${name}\t<${typeName(field)}>${fields.required.has(name) ? ' -required-' : ''}`)
    lines.push(...describe(field, '    '), '')
  }
  if (lines.at(-1) === '') lines.pop()
  return lines
}

function describe(node: SchemaNode, indent: string): string[] {
  const text = [node.description ?? '<no description>', ...facts(node)]
  return text.map((line) => `${indent}${line}`)
}

/** `name\t<type>` for every field, nested fields indented below their parent. */
function tree(node: SchemaNode, indent: string): string[] {
  const fields = fieldsOf(node)
  if (!fields) return []
  return Object.entries(fields.fields).flatMap(([name, field]) => [
    `${indent}${name}\t<${typeName(field)}>${fields.required.has(name) ? ' -required-' : ''}`,
    ...tree(field, `${indent}  `),
  ])
}
