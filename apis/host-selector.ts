/** @module Host selectors: Helios' label expressions `k=v`, `k!=v`, `k in (a, b)`, `k notin (a, b)`. */
import { ownValue } from './meta.js'

export type SelectorOp = '=' | '!=' | 'in' | 'notin'
export interface HostSelector {
  label: string
  op: SelectorOp
  values: string[]
}

const TOKEN = '[A-Za-z0-9._/-]+'
const EQUALITY = new RegExp(`^\\s*(${TOKEN})\\s*(!=|==|=)\\s*(${TOKEN})\\s*$`)
const SET = new RegExp(`^\\s*(${TOKEN})\\s+(in|notin)\\s*\\(\\s*(${TOKEN}(?:\\s*,\\s*${TOKEN})*)\\s*\\)\\s*$`)

/** Parses one expression; returns an error message instead of throwing so schemas can report it per item. */
export function parseHostSelector(expr: string): HostSelector | string {
  const eq = EQUALITY.exec(expr)
  if (eq) return { label: eq[1] ?? '', op: eq[2] === '!=' ? '!=' : '=', values: [eq[3] ?? ''] }
  const set = SET.exec(expr)
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim())
    return { label: set[1] ?? '', op: set[2] === 'in' ? 'in' : 'notin', values }
  }
  return `invalid host selector "${expr}": expected "label=value", "label!=value", "label in (a, b)" or "label notin (a, b)"`
}

/** A host must carry the label for any operator to match, as in Helios (even `!=` and `notin`). */
export function matchesSelector(labels: Record<string, string>, sel: HostSelector): boolean {
  const value = ownValue(labels, sel.label)
  if (value === undefined) return false
  switch (sel.op) {
    case '=':
    case 'in':
      return sel.values.includes(value)
    case '!=':
    case 'notin':
      return !sel.values.includes(value)
  }
}

/** All selectors must hold; an empty list matches nothing (a Deployment with no selector targets no extra host). */
export const matchesAll = (labels: Record<string, string>, selectors: HostSelector[]): boolean =>
  selectors.length > 0 && selectors.every((s) => matchesSelector(labels, s))
