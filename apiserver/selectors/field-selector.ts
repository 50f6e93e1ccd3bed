/** @module Field selectors: `spec.host=h1`, `spec.job!=x`, comma = AND, over a fixed set of fields per kind. */
import { type AnyObject, ApiError, KINDS, type Kind } from '../../apis/index.js'

export interface FieldRequirement {
  field: string
  op: '=' | '!='
  value: string
}

/** Fields each kind can be selected by (Kubernetes also only indexes a few). */
export const SELECTABLE_FIELDS: Record<Kind, string[]> = {
  Job: ['metadata.name'],
  Deployment: ['metadata.name', 'spec.job'],
  Host: ['metadata.name'],
  Task: ['metadata.name', 'spec.host', 'spec.job', 'spec.deployment'],
  Endpoints: ['metadata.name', 'spec.service', 'spec.protocol'],
  Event: [
    'metadata.name',
    'involvedObject.kind',
    'involvedObject.name',
    'reason',
    'type',
    'source.host',
    'task.job',
    'task.host',
  ],
}

const REQUIREMENT = /^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$/

/** Parses `field=value,...`; throws BadRequest for bad syntax or a field the kind does not support. */
export function parseFieldSelector(text: string, kind: Kind): FieldRequirement[] {
  if (text.trim() === '') return []
  return text.split(',').map((part) => {
    const match = REQUIREMENT.exec(part.trim())
    if (!match)
      throw new ApiError(
        'BadRequest',
        `invalid fieldSelector "${text}" at "${part}": expected field=value or field!=value`,
      )
    const field = match[1] ?? ''
    const supported = SELECTABLE_FIELDS[kind]
    if (!supported.includes(field)) {
      const plural = KINDS[kind].plural
      throw new ApiError(
        'BadRequest',
        `fieldSelector "${field}" is not supported for ${plural} (supported: ${supported.join(', ')})`,
      )
    }
    return { field, op: match[2] === '!=' ? '!=' : '=', value: (match[3] ?? '').trim() }
  })
}

function valueAt(obj: AnyObject, field: string): string | undefined {
  let node: unknown = obj
  for (const key of field.split('.'))
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? String(node) : undefined
}

/** True when every requirement holds; a missing field equals no value. */
export function matchesFields(requirements: FieldRequirement[], obj: AnyObject): boolean {
  return requirements.every(({ field, op, value }) => (valueAt(obj, field) === value) === (op === '='))
}
