/** @module `create -f FILE`: one Job manifest, or a Helios job file (JSON, or `helios inspect --json` output). */
import {
  isHeliosJobObject,
  isOfKind,
  type JobSpecInput,
  parseManifests,
  parseYamlDocuments,
  readHeliosJob,
  yamlValue,
} from '../apis/index.js'
import { readFileText } from './file-text.js'
import { UsageError } from './usage-error.js'

/** A Job to build on: its id's parts (each may be missing in a Helios file), its spec, and what was ignored. */
export interface JobBase {
  name?: string | undefined
  version?: string | undefined
  spec: JobSpecInput
  /** Unknown fields of a Helios job file, as dotted paths: Helios ignored them; `create` warns about each. */
  unknownFields?: string[]
}

/** Reads `-f FILE` (`-` = stdin) and names it `file` for messages. */
export async function readJobFile(
  path: string,
  stdin: AsyncIterable<string | Uint8Array>,
): Promise<JobBase & { file: string }> {
  const file = path === '-' ? '<stdin>' : path
  const text = await readFileText(path, file, stdin)
  const raw = parseYamlDocuments(text, file) // refuses unknown tags and malformed YAML, naming file and line
  const first = raw.length === 1 && raw[0] ? yamlValue(raw[0], file) : undefined
  // Helios' own files have no apiVersion and no kind: read them as Helios' CLI did (Job.java, JobCreateCommand).
  if (isHeliosJobObject(first)) {
    // The id's hash is dropped, as Helios' JobCreateCommand does (buildWithoutHash): the user manual's own
    // example carries a hash that is not its job's.
    const { name, version, spec, unknownFields } = readHeliosJob(first, file)
    return { file, name, version, spec, unknownFields }
  }
  const manifests = parseManifests(text, file)
  const [only] = manifests
  if (!only || manifests.length !== 1 || !isOfKind(only.object, 'Job'))
    throw new UsageError(`${file}: expected exactly one Job`)
  const [name, version] = only.object.metadata.name.split(':')
  return { file, name, version, spec: only.object.spec }
}
