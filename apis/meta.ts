/** @module ObjectMeta and names: what every object carries, and the rules for names and labels. */
import { z } from 'zod'

export const API_VERSION = 'helios/v1'

/**
 * The longest name of any kind a user writes (Kubernetes' DNS subdomain limit). It keeps a name inside one URL
 * segment, one ZooKeeper path and one table column; a Task's name joins two of them (task.ts).
 */
export const MAX_NAME_LENGTH = 253
/** Names of Deployments and Hosts: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const SIMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/
/** A Job's name is Helios' `name:version`, each part `[0-9a-zA-Z-_.]+`, MAX_NAME_LENGTH in all. */
export const JOB_NAME = /^(?=.{3,253}$)[0-9A-Za-z_.-]+:[0-9A-Za-z_.-]+$/
/** Annotations in all, keys and values (Kubernetes' limit): a manifest can carry notes, not payloads. */
export const MAX_ANNOTATION_BYTES = 256 * 1024
const utf8 = new TextEncoder()
const utf8Length = (text: string): number => utf8.encode(text).length
const LABEL_KEY = /^([A-Za-z0-9][A-Za-z0-9.-]{0,252}\/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/
const LABEL_VALUE = /^([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/

export const Labels = z.record(
  z.string().regex(LABEL_KEY, 'label keys are letters, digits, ".", "_", "-" (optional "prefix/")'),
  z.string().regex(LABEL_VALUE, 'label values are up to 63 letters, digits, ".", "_", "-"'),
)

/** The label apply sets stamp (`POST /apply?set=<id>`); its value, the set id, follows the label value rules. */
export const APPLY_SET_LABEL = 'helios/apply-set'

/** Marks a Deployment made by `heliosctl deploy JOB HOST` (Helios' hand deploy); `migrate` rollouts take its hosts over. */
export const IMPERATIVE_ANNOTATION = 'helios/imperative'

/** Why `id` cannot be an apply set id (a label value, not empty); undefined when it can. */
export function applySetIdProblem(id: string): string | undefined {
  if (id !== '' && LABEL_VALUE.test(id)) return undefined
  return `apply set id "${id}" is invalid: up to 63 letters, digits, ".", "_", "-", starting and ending with a letter or digit`
}

/** Metadata common to every kind; server-owned fields are optional on input and filled by the apiserver. */
export const ObjectMeta = z.strictObject({
  name: z
    .string()
    .min(1, 'name is required')
    .max(MAX_NAME_LENGTH, `name is at most ${MAX_NAME_LENGTH} characters`)
    .describe('Unique among objects of the kind.'),
  labels: Labels.default({}).describe('Key/value pairs that selectors match (-l, hostSelector).'),
  annotations: z
    .record(z.string().min(1, 'annotation keys are not empty').max(MAX_NAME_LENGTH), z.string())
    .refine(
      (notes) =>
        Object.entries(notes).reduce((n, [k, v]) => n + utf8Length(k) + utf8Length(v), 0) <= MAX_ANNOTATION_BYTES,
      `annotations are at most ${MAX_ANNOTATION_BYTES / 1024} KiB in all`,
    )
    .default({})
    .describe('Key/value notes for tools, e.g. helios/change-cause.'),
  uid: z.string().optional().describe('Set by the apiserver: unique for the life of the object.'),
  resourceVersion: z
    .string()
    .optional()
    .describe('Set by the apiserver: changes on every write; send it back to update only what you read.'),
  generation: z.number().int().nonnegative().optional().describe('Set by the apiserver: counts changes of spec.'),
  creationTimestamp: z.string().optional().describe('Set by the apiserver: ISO time of creation.'),
})
export type ObjectMeta = z.output<typeof ObjectMeta>

/** Metadata whose name must match `pattern`, explained by `rule` in the error, and be at most `maxLength` long. */
export const namedMeta = (pattern: RegExp, rule: string, maxLength = MAX_NAME_LENGTH) =>
  ObjectMeta.extend({
    name: z
      .string()
      .min(1, 'name is required')
      .max(maxLength, `name is at most ${maxLength} characters`)
      .regex(pattern, rule)
      .describe(`Unique among objects of the kind; ${rule}.`),
  }).describe('Name, labels and annotations; the apiserver sets the rest.')

/** Any stored object, as generic code (store, informers, printers) sees it. */
export interface AnyObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  spec?: unknown
  status?: unknown
}

/**
 * `record[key]` for a key the record itself holds: names and label keys come from users, and `toString` or
 * `constructor` would otherwise read Object.prototype's functions.
 */
export const ownValue = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined

/** Work-queue and cache keys are `kind/name`, built only here. */
export const keyOf = (obj: { kind: string; metadata: { name: string } }): string => `${obj.kind}/${obj.metadata.name}`

export function splitKey(key: string): { kind: string; name: string } {
  const slash = key.indexOf('/')
  return { kind: key.slice(0, slash), name: key.slice(slash + 1) }
}
