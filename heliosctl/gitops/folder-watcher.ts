/** @module The real folder watch behind `apply --watch` (chokidar): its manifest files only, not subfolders. */
import { once } from 'node:events'
import { basename, resolve } from 'node:path'
import { watch } from 'chokidar'
import { isManifestName } from './folder-read.js'
import type { FolderWatch, WatchFolder } from './sync-loop.js'

/**
 * Calls `onChange` when a manifest file of `dir` is added, changed or removed, or `dir` itself goes away.
 * README.md, .git/ and editor swap files never wake the loop; the sync re-reads the folder in any case, so
 * a missed or doubled event costs nothing but a sync.
 */
export const watchFolder: WatchFolder = async (dir, onChange) => {
  const root = resolve(dir)
  const watcher = watch(root, {
    ignoreInitial: true,
    depth: 0,
    ignored: (path) => resolve(path) !== root && !isManifestName(basename(path)),
  })
  watcher.on('all', () => onChange())
  // An error of the watch itself (e.g. the folder's inode went away) is also a reason to look again.
  watcher.on('error', () => onChange())
  await once(watcher, 'ready')
  return { close: () => watcher.close() } satisfies FolderWatch
}
