/** @module The `labelSelector` + `fieldSelector` query of a list or watch, as one predicate over objects. */
import { type AnyObject, ApiError, type Host, hostLabels, type Kind } from '../../apis/index.js'
import { matchesFields, parseFieldSelector } from './field-selector.js'
import { matchesLabels, parseLabelSelector } from './label-selector.js'

export type ObjectFilter = (obj: AnyObject) => boolean

/** A query parameter given at most once; '' when absent. */
export function queryString(query: Record<string, unknown>, name: string): string {
  const value = query[name]
  if (value === undefined) return ''
  if (typeof value !== 'string') throw new ApiError('BadRequest', `${name} must be given once, as a string`)
  return value
}

/** Parses both selectors from a query (throwing BadRequest); an absent selector matches everything. */
export function objectFilter(kind: Kind, query: Record<string, unknown>): ObjectFilter {
  const labels = parseLabelSelector(queryString(query, 'labelSelector'))
  const fields = parseFieldSelector(queryString(query, 'fieldSelector'), kind)
  if (labels.length === 0 && fields.length === 0) return () => true
  // A Host's agent reports its own labels in status: a selector sees them as hostSelector does.
  const labelsOf = (obj: AnyObject) => (obj.kind === 'Host' ? hostLabels(obj as Host) : obj.metadata.labels)
  return (obj) => matchesLabels(labels, labelsOf(obj)) && matchesFields(fields, obj)
}
