/** @module The client library (our client-go): HTTP client, watch, informer cache, work queue, reconcile loop. */
export * from './backoff.js'
export * from './clock.js'
export * from './http-client.js'
export * from './informer.js'
export * from './reconcile-loop.js'
export * from './server-list.js'
export * from './watch.js'
export * from './work-queue.js'
