import {
  apiErrorSchema,
  apiTokenViewSchema,
  contactViewSchema,
  conversationViewSchema,
  draftGraphSchema,
  flowDocumentSchema,
  flowSchema,
  flowSettingsSchema,
  flowStatsSchema,
  flowSummarySchema,
  flowVersionSchema,
  flowVersionSummarySchema,
  graphSchema,
  jsonSchema,
  messageViewSchema,
  missedKeywordsSchema,
  userViewSchema,
} from '@parley/shared';
import { z } from 'zod';
import type { RouteDoc } from './define-route';
import { declaredKeys } from './validate';

type JsonObject = { [key: string]: unknown };

const ERROR_RESPONSE = { $ref: '#/components/responses/Error' };
const componentRef = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/**
 * The OpenAPI 3.1 document, generated from the route registry: paths from the routes, components
 * from their zod schemas (z.toJSONSchema; requests as the client sends them, responses as the server
 * sends them). Nothing is written by hand, so the document cannot drift from what is validated.
 */
export function buildOpenApiDocument(routes: readonly RouteDoc[], options: { serverUrl: string | null }): JsonObject {
  // 1. Name every schema: shared pieces by their own names (operations then reference them instead
  //    of repeating them), the rest after their operation.
  const requests = z.registry<{ id: string }>();
  const responses = z.registry<{ id: string }>();
  for (const [schema, id] of NAMED_REQUEST_SCHEMAS) requests.add(schema, { id });
  for (const [schema, id] of NAMED_RESPONSE_SCHEMAS) responses.add(schema, { id });
  const nameIn = (registry: typeof requests, schema: z.ZodType, id: string): string => {
    const existing = registry.get(schema);
    if (existing) return existing.id;
    registry.add(schema, { id });
    return id;
  };
  const ids = new Map(
    routes.map((route) => {
      const op = upperFirst(route.operationId);
      return [route, { body: route.body && nameIn(requests, route.body, `${op}Body`), response: route.response && nameIn(responses, route.response, `${op}Response`) }];
    }),
  );

  // 2. Generate the components. A schema can read differently as input (defaults optional) and as
  //    output (defaults filled in): when both directions use a name, the response side is <name>Output.
  const requestSchemas = z.toJSONSchema(requests, { io: 'input', uri: (id) => componentRef(id).$ref, unrepresentable: 'any' }).schemas;
  const outputName = (id: string): string => (id in requestSchemas ? `${id}Output` : id);
  const responseSchemas = z.toJSONSchema(responses, { io: 'output', uri: (id) => componentRef(outputName(id)).$ref, unrepresentable: 'any' }).schemas;
  // Request bodies are refused with fields their schema does not declare (validate): say so.
  for (const route of routes) {
    const id = ids.get(route)?.body;
    const component = id === undefined ? undefined : requestSchemas[id];
    if (route.body && component && declaredKeys(route.body) !== null) component.additionalProperties = false;
  }
  const schemas: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(requestSchemas)) schemas[id] = withoutSchemaKeywords(schema);
  for (const [id, schema] of Object.entries(responseSchemas)) schemas[outputName(id)] = withoutSchemaKeywords(schema);

  // 3. The paths.
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const { body, response } = ids.get(route) ?? {};
    const parameters: JsonObject[] = [
      ...parametersOf(route.params, 'path'),
      ...parametersOf(route.query, 'query'),
      ...(route.openapi?.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: true, description: h.description, schema: { type: 'string' } })),
    ];
    const produces = route.openapi?.produces;
    const status = String(route.status ?? (response || produces ? 200 : 204));
    const content = response
      ? { 'application/json': { schema: componentRef(outputName(response)) } }
      : produces
        ? { [produces]: { schema: { type: 'string' } } }
        : undefined;
    const success = { description: route.summary, ...(content ? { content } : {}) };
    const operation: JsonObject = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      'x-roles': route.roles === 'public' ? 'public' : [...route.roles],
      security: route.roles === 'public' ? (route.openapi?.security ?? []) : [{ sessionCookie: [] }, { bearerToken: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: componentRef(body) } } } } : {}),
      responses: { [status]: success, '4XX': ERROR_RESPONSE, '500': ERROR_RESPONSE },
    };
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '0.1.0',
      description: 'Flows, versions, conversations, contacts and stats. Every body, query and path parameter is validated; errors are `{ error: { code, message, details } }`.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    components: {
      schemas,
      responses: { Error: { description: 'A client error (4xx, details name the fields) or an internal error (500, no details)', content: { 'application/json': { schema: componentRef('Error') } } } },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token from POST /api/auth/tokens' },
      },
    },
  };
}

/** Components live inside the document: they carry no dialect or id of their own. */
function withoutSchemaKeywords(schema: JsonObject): JsonObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

const NAMED_REQUEST_SCHEMAS: readonly (readonly [z.ZodType, string])[] = [
  [draftGraphSchema, 'DraftGraph'],
  [flowSettingsSchema, 'FlowSettings'],
  [flowDocumentSchema, 'FlowDocument'],
  // Recursive: without a name of its own zod would put it in a "__shared" bundle refs cannot point into.
  [jsonSchema, 'Json'],
];

const NAMED_RESPONSE_SCHEMAS: readonly (readonly [z.ZodType, string])[] = [
  [apiErrorSchema, 'Error'],
  [jsonSchema, 'Json'],
  [draftGraphSchema, 'DraftGraph'],
  [graphSchema, 'Graph'],
  [flowSchema, 'Flow'],
  [flowSummarySchema, 'FlowSummary'],
  [flowVersionSchema, 'FlowVersion'],
  [flowVersionSummarySchema, 'FlowVersionSummary'],
  [flowDocumentSchema, 'FlowDocument'],
  [userViewSchema, 'User'],
  [apiTokenViewSchema, 'ApiToken'],
  [contactViewSchema, 'Contact'],
  [conversationViewSchema, 'Conversation'],
  [messageViewSchema, 'Message'],
  [flowStatsSchema, 'FlowStats'],
  [missedKeywordsSchema, 'MissedKeywords'],
];

/** One OpenAPI parameter per property of a params or query object schema. */
function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const properties = json.properties ?? {};
  const required = new Set(json.required ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
