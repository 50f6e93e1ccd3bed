/** @module Label selectors (Kubernetes syntax): `k=v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, comma = AND. */
import { ApiError, ownValue } from '../../apis/index.js'

export type LabelOp = 'exists' | 'notExists' | '=' | '!=' | 'in' | 'notin'
export interface LabelRequirement {
  key: string
  op: LabelOp
  values: string[]
}

const KEY = '[A-Za-z0-9][A-Za-z0-9._/-]*'
const VALUE = '[A-Za-z0-9._-]*'
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`)
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`)
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`)
const VALUE_ONLY = new RegExp(`^${VALUE}$`)

/** Splits on commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of text) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(current.trim())
      current = ''
    } else current += ch
  }
  parts.push(current.trim())
  return parts
}

function parseRequirement(part: string, whole: string): LabelRequirement {
  const bad = () =>
    new ApiError(
      'BadRequest',
      `invalid labelSelector "${whole}" at "${part}": expected k=v, k!=v, k in (a,b), k notin (a,b), k or !k`,
    )
  const eq = EQUALITY.exec(part)
  if (eq) return { key: eq[1] ?? '', op: eq[2] === '!=' ? '!=' : '=', values: [eq[3] ?? ''] }
  const set = SET.exec(part)
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim())
    if (values.some((v) => v === '' || !VALUE_ONLY.test(v))) throw bad()
    return { key: set[1] ?? '', op: set[2] === 'in' ? 'in' : 'notin', values }
  }
  const exists = EXISTS.exec(part)
  if (exists) return { key: exists[2] ?? '', op: exists[1] ? 'notExists' : 'exists', values: [] }
  throw bad()
}

/** Parses a selector; an empty string selects everything. Throws BadRequest naming the bad part. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  if (text.trim() === '') return []
  return splitTopLevel(text).map((part) => parseRequirement(part, text))
}

function matchesRequirement({ key, op, values }: LabelRequirement, labels: Record<string, string>): boolean {
  const value = ownValue(labels, key)
  switch (op) {
    case 'exists':
      return value !== undefined
    case 'notExists':
      return value === undefined
    case '=':
    case 'in':
      return value !== undefined && values.includes(value)
    case '!=':
    case 'notin':
      return value === undefined || !values.includes(value)
    default:
      return assertNever(op)
  }
}

function assertNever(value: never): never {
  throw new TypeError(`unexpected label operator ${String(value)}`)
}

/** Kubernetes semantics: `!=` and `notin` also match objects without the label. */
export const matchesLabels = (requirements: LabelRequirement[], labels: Record<string, string> = {}): boolean =>
  requirements.every((r) => matchesRequirement(r, labels))
