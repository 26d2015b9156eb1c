/**
 * Cache keys of the caching store. The `s1:` namespace changes when the cached shapes change, so processes of
 * different versions never read each other's entries.
 */
export const cacheKeys = {
  workflow: (id: string) => `s1:wf:${id}`,
  workflowVersion: (id: string, version: number) => `s1:wfv:${id}:${version}`,
  /** Prefix of every cached version of a workflow (dropped from L1 when the workflow is deleted). */
  workflowVersions: (id: string) => `s1:wfv:${id}:`,
  credential: (id: string) => `s1:cred:${id}`,
  webhookList: 's1:wh:list',
  /** findWebhook answers live in L1 only: any webhook change drops them all by this prefix. */
  webhookFind: (method: string, path: string) => `s1:wh:find:${method.toUpperCase()} ${path}`,
  webhookFindPrefix: 's1:wh:find:',
} as const;

/** The channel invalidations travel on (the cache adds its own prefix). */
export const invalidationChannel = 's1:invalidate';
