/** @module MemoryState: the StateStore interface in memory, for tests (what state-dir.ts keeps on disk); the hollow agents' own. */
export { HollowState as MemoryState } from '../hollow-fleet.js'
