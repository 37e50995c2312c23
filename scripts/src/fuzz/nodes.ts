import { type OpenApiDocument, type Schema, resolve } from './openapi';

/** A generated value as a tree of nodes, each with its schema: walked, read and rewritten by path. */

/** A node of a generated value with the schema that describes it. */
export interface SchemaNode {
  readonly path: readonly (string | number)[];
  readonly schema: Schema;
  readonly name: string | undefined;
}

/** Every node of `value` (root first) paired with its schema, following object properties and array items. */
export function nodesOf(document: OpenApiDocument, raw: Schema, value: unknown): SchemaNode[] {
  const nodes: SchemaNode[] = [];
  const walk = (schemaIn: Schema, at: unknown, path: (string | number)[], name: string | undefined): void => {
    let schema = resolve(document, schemaIn);
    const branches = schema.anyOf ?? schema.oneOf;
    if (branches !== undefined) {
      const keys = typeof at === 'object' && at !== null ? Object.keys(at) : [];
      const fitting = branches
        .map((branch) => resolve(document, branch))
        .find((branch) => keys.every((key) => branch.properties?.[key] !== undefined));
      schema = fitting ?? schema;
    }
    nodes.push({ path, schema, name });
    if (Array.isArray(at)) {
      at.forEach((item, index) => {
        walk(schema.items ?? {}, item, [...path, index], undefined);
      });
    } else if (typeof at === 'object' && at !== null) {
      for (const [key, child] of Object.entries(at)) {
        const property = schema.properties?.[key];
        if (property !== undefined) walk(property, child, [...path, key], key);
      }
    }
  };
  walk(raw, value, [], undefined);
  return nodes;
}

/** The node of `value` at `path`, or undefined. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** `value` with the node at `path` replaced (`undefined` removes an object key). Does not modify `value`. */
export function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value) && typeof head === 'number') {
    return value.map((item: unknown, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  }
  if (typeof value === 'object' && value !== null && typeof head === 'string') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const next = replaceAt(copy[head], rest, replacement);
    if (next === undefined) Reflect.deleteProperty(copy, head);
    else copy[head] = next;
    return copy;
  }
  return value;
}
