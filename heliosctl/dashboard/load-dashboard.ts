/** @module Loads the dashboard on demand: Ink first (esm-only.ts says why), then the screens. */
import { importEsmOnly } from '../esm-only.js'
import type * as RunDashboard from './run-dashboard.js'

export async function loadDashboard(): Promise<typeof RunDashboard> {
  await importEsmOnly('ink', () => import('ink'))
  return import('./run-dashboard.js')
}
