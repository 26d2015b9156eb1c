/** JSON schemas shared by the routes; they drive request validation, response serialization and OpenAPI. */

export const errorSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
  required: ['code', 'message'],
} as const;

/** The error answers every authenticated route may give. */
export const errorResponses = { 400: errorSchema, 401: errorSchema, 404: errorSchema, 409: errorSchema, 500: errorSchema, 503: errorSchema } as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1 } },
  required: ['id'],
} as const;

/** n8n's public API: limit defaults to 100 and may not exceed 250. */
export const pagingQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 250, default: 100 },
  cursor: { type: 'string' },
} as const;

export const anyObject = { type: 'object', additionalProperties: true } as const;

export function pageSchema(item: object): object {
  return {
    type: 'object',
    properties: { data: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
    required: ['data', 'nextCursor'],
  };
}

export const dateTime = { type: ['string', 'null'], format: 'date-time' } as const;
