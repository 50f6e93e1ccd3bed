// Every API route starts with its guard: a route added without one would be served unauthorized and unaudited.
import { expect, test } from 'vitest'
import { API_PREFIX } from '../apis/index.js'
import { createApp } from './app.js'
import { Authenticator } from './auth/authenticator.js'
import { isRouteGuard } from './auth/guard.js'
import { MemoryStore } from './storage/memory-store.js'

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> }
  handle: { stack?: Layer[] }
  matchers?: unknown[]
}

/** [route path, its first handler] for every route of the routers mounted under `prefix` (walked recursively). */
function routes(stack: Layer[]): Array<{ path: string; first: unknown }> {
  return stack.flatMap((layer) => {
    if (layer.route) return [{ path: layer.route.path, first: layer.route.stack[0]?.handle }]
    return layer.handle.stack ? routes(layer.handle.stack) : []
  })
}

test('every route of the API starts with a guard; the operational routes outside it need none', () => {
  const app = createApp({ store: new MemoryStore(), auth: new Authenticator() })
  const all = routes((app as unknown as { router: { stack: Layer[] } }).router.stack)
  const operational = new Set(['/healthz', '/readyz', '/version', '/leader', '/masters', '/metrics', '/openapi.json'])
  const api = all.filter((r) => !operational.has(r.path))
  expect(api.map((r) => r.path).sort()).toEqual(
    [
      '/:plural',
      '/:plural',
      '/:plural/:name',
      '/:plural/:name',
      '/:plural/:name',
      '/:plural/:name/status',
      '/apply',
      '/applysets/:id/prune',
      '/tasks/:name/log',
    ].sort(),
  )
  for (const route of api) expect(isRouteGuard(route.first), route.path).toBe(true)
  expect(all.length - api.length).toBe(operational.size)
  expect(API_PREFIX).toBe('/apis/helios/v1')
})
