/**
 * The part of an OpenAPI 3.0 document the fuzzer reads: operations, their parameters, request bodies and the
 * content types each response status declares. The gateway generates this document from its route table
 * (GET /v1/openapi.json), so reading it keeps the fuzzer in step with every route without a list of its own.
 */

/** A JSON schema as OpenAPI 3.0 writes it (the subset zod-to-openapi emits). */
export interface Schema {
  readonly $ref?: string;
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean | number;
  readonly exclusiveMaximum?: boolean | number;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
}

interface ParameterObject {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: Schema;
}

interface MediaObject {
  readonly schema?: Schema;
}

interface OperationObject {
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: { readonly required?: boolean; readonly content?: Readonly<Record<string, MediaObject>> };
  readonly responses?: Readonly<Record<string, { readonly content?: Readonly<Record<string, MediaObject>> }>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

export interface Parameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

/** One route as the fuzzer sees it. */
export interface Operation {
  /** `GET /v1/projects/{id}`: the key requests and violations are counted under. */
  readonly key: string;
  readonly method: 'GET' | 'POST';
  /** OpenAPI path template, `/v1/projects/{id}`. */
  readonly path: string;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  /** The JSON body schema, when the route takes a body. */
  readonly body: Schema | undefined;
  /** A bearer API key is required. */
  readonly auth: boolean;
  /** Accepts `Idempotency-Key` (a ledger write). */
  readonly write: boolean;
  /** Declared content types (media type only, lower case) by status; an empty list: a status without a body. */
  readonly responses: ReadonlyMap<number, readonly string[]>;
}

const METHODS = ['get', 'post', 'put'] as const;

/** `$ref: '#/components/schemas/Project'` → the schema it names (refs nest at most as deep as the document). */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; current.$ref !== undefined && depth < 16; depth++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : document.components?.schemas?.[name];
    if (target === undefined) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

/** The media type of a Content-Type header value: `text/csv; charset=utf-8` → `text/csv`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function parameters(operation: OperationObject, where: ParameterObject['in']): Parameter[] {
  return (operation.parameters ?? [])
    .filter((parameter) => parameter.in === where)
    .map((parameter) => ({
      name: parameter.name,
      required: parameter.required === true,
      schema: parameter.schema ?? {},
    }));
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const responses = new Map<number, string[]>();
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        responses.set(Number(status), Object.keys(response.content ?? {}).map(mediaType));
      }
      const upper = method === 'get' ? 'GET' : 'POST';
      operations.push({
        key: `${upper} ${path}`,
        method: upper,
        path,
        pathParams: parameters(operation, 'path'),
        queryParams: parameters(operation, 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema,
        auth: (operation.security ?? []).length > 0,
        write: parameters(operation, 'header').some((header) => header.name.toLowerCase() === 'idempotency-key'),
        responses,
      });
    }
  }
  return operations;
}
