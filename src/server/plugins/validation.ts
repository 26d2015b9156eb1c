import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify's schema controller with two Ajv instances: query strings, params and headers are coerced (they arrive
 * as text: `?limit=5`, `?wait=true`), request bodies are not (JSON already has types; `{"name": 5}` must be
 * refused as `body/name must be string`, not silently turned into "5"). Defaults from the schemas are applied.
 */
export function schemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  const coercing = AjvCompiler();
  const strict = AjvCompiler();
  return {
    compilersFactory: {
      // Weft passes no `ajv` server option, so these two option sets are the whole configuration.
      buildValidator(externalSchemas) {
        const shared = { useDefaults: true, removeAdditional: false, allErrors: false } as const;
        const forText = coercing(externalSchemas, { customOptions: { ...shared, coerceTypes: 'array' } });
        const forBody = strict(externalSchemas, { customOptions: { ...shared, coerceTypes: false } });
        return (route) => (route.httpPart === 'body' ? forBody(route) : forText(route));
      },
    },
  };
}
