/** @module Machine-readable output: pretty JSON and YAML documents, and kubectl's List wrapper. */
import { stringify } from 'yaml'

/** Indented JSON with a trailing newline. */
export const toJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

/** One YAML document with a trailing newline. */
export const toYaml = (value: unknown): string => stringify(value, { lineWidth: 0 })

/** What `get KIND -o json|yaml` prints for several objects. */
export const asList = (items: unknown[]): { apiVersion: string; kind: 'List'; items: unknown[] } => ({
  apiVersion: 'helios/v1',
  kind: 'List',
  items,
})
