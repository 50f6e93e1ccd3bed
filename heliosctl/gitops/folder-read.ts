/** @module One read of a watched folder: every manifest file parsed on its own, so one bad file spoils only itself. */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type ParsedManifest, parseManifests } from '../../apis/index.js'

const MANIFEST_FILE = /\.(ya?ml|json)$/i

/** What one file held on this read: its objects, or why it could not be used. */
export type FileRead = { file: string; manifests: ParsedManifest[] } | { file: string; error: string }

/**
 * Whether a directory entry is a manifest: `*.yaml`, `*.yml` or `*.json`, not hidden. Hidden names are
 * editor and tool files (`.#web.yaml` lock files, `.web.yaml.swp`), never manifests someone meant to apply.
 */
export const isManifestName = (name: string): boolean => MANIFEST_FILE.test(name) && !name.startsWith('.')

/** Reads and parses every manifest file of `dir` (not its subfolders) in name order; throws only if `dir` cannot be listed. */
export async function readFolder(dir: string): Promise<FileRead[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const names = entries
    .filter((e) => e.isFile() && isManifestName(e.name))
    .map((e) => e.name)
    .sort()
  return Promise.all(names.map((name) => readManifestFile(join(dir, name))))
}

async function readManifestFile(file: string): Promise<FileRead> {
  try {
    const manifests = parseManifests(await readFile(file, 'utf8'), file)
    const task = manifests.find((m) => m.object.kind === 'Task')
    if (task)
      return { file, error: `${task.source}: Tasks are written by the deployment controller; apply a Deployment` }
    return { file, manifests }
  } catch (err) {
    // parseManifests' messages already start with the file; a read error (EACCES, a file gone since readdir) does not.
    const message = err instanceof Error ? err.message : String(err)
    return { file, error: message.includes(file) ? message : `${file}: ${message}` }
  }
}
