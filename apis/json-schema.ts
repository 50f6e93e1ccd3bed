/** @module JSON Schema (draft 2020-12) of every kind, generated from the zod schemas: what a client may send. */
import { z } from 'zod'
import { ALL_KINDS, KINDS, type Kind } from './kinds.js'

/** The input schema of each kind (defaults make fields optional); checks zod cannot express are left out. */
export function kindJsonSchemas(): Record<Kind, Record<string, unknown>> {
  const out = {} as Record<Kind, Record<string, unknown>>
  for (const kind of ALL_KINDS) {
    const { $schema: _, ...schema } = z.toJSONSchema(KINDS[kind].schema, { io: 'input', unrepresentable: 'any' })
    out[kind] = schema
  }
  return out
}
