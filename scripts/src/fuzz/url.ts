import fc from 'fast-check';
import type { Operation, Parameter } from './openapi';
import { NON_CANONICAL_INTEGERS, nastyString } from './nasty';
import { type GenContext, categoryOf, validValue } from './values';

/** The path and query string of a generated request: valid-looking values, or one parameter broken. */

/** Percent-encodes the UTF-8 bytes of everything but RFC 3986 unreserved characters (lone surrogates → U+FFFD). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Path segments sent as they are (not encoded): malformed escapes, traversal, encoded slashes. */
const RAW_SEGMENTS: readonly string[] = ['%', '%ZZ', '%E0%A4%A', '%2F', '..', '.', '%00', '%2e%2e', 'a%2Fb'];

/** A query or path value as text: a pooled identifier, or the schema's value in canonical decimal. */
function validText(ctx: GenContext, parameter: Parameter, pathTemplate?: string): fc.Arbitrary<string> {
  const category = categoryOf(parameter.name, pathTemplate);
  const pooled = category === undefined ? [] : (ctx.pool[category] ?? []);
  const fromSchema = validValue(ctx, parameter.schema, parameter.name).map((value) =>
    typeof value === 'string' ? value : JSON.stringify(value),
  );
  return pooled.length === 0
    ? fromSchema
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pooled) }, { weight: 1, arbitrary: fromSchema });
}

function invalidText(parameter: Parameter): fc.Arbitrary<string> {
  const integer = parameter.schema.type === 'integer' || parameter.schema.type === 'number';
  return integer
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...NON_CANONICAL_INTEGERS) },
        { weight: 1, arbitrary: nastyString() },
      )
    : nastyString();
}

function queryString(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`;
}

/** The request path with every path parameter filled in; the one named `broken` gets an invalid or raw segment. */
export function pathArb(ctx: GenContext, operation: Operation, broken: string | undefined): fc.Arbitrary<string> {
  const segments = operation.pathParams.map((parameter) => {
    if (parameter.name !== broken) return validText(ctx, parameter, operation.path).map(percentEncode);
    return fc.oneof(
      { weight: 3, arbitrary: invalidText(parameter).map(percentEncode) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    );
  });
  return fc
    .tuple(...segments)
    .map((values) =>
      operation.pathParams.reduce(
        (path, parameter, index) => path.replace(`{${parameter.name}}`, values[index] ?? ''),
        operation.path,
      ),
    );
}

/** The query string: each optional parameter present or not; when `broken`, one parameter or an unknown one is wrong. */
export function queryArb(
  ctx: GenContext,
  operation: Operation,
  broken: boolean,
): fc.Arbitrary<{ query: string; mutation?: string }> {
  const entries = operation.queryParams.map((parameter) =>
    fc
      .tuple(fc.boolean(), validText(ctx, parameter))
      .map(([include, value]) => (include || parameter.required ? [[parameter.name, value] as const] : [])),
  );
  const valid = fc.tuple(...entries).map((lists) => lists.flat());
  if (!broken) return valid.map((pairs) => ({ query: queryString(pairs) }));
  const breakOne =
    operation.queryParams.length === 0
      ? []
      : [
          fc
            .tuple(
              fc.constantFrom(...operation.queryParams),
              fc.constantFrom<'value' | 'repeat' | 'drop'>('value', 'repeat', 'drop'),
            )
            .chain(([parameter, how]) => invalidText(parameter).map((bad) => ({ parameter, how, bad }))),
        ];
  const unknown = fc.tuple(fc.constantFrom('unknown', 'pageSize[]', 'a[b]', ''), nastyString());
  return fc
    .tuple(
      valid,
      fc.oneof(
        ...breakOne,
        unknown.map(([name, value]) => ({ unknownName: name, value })),
      ),
    )
    .map(([pairs, change]) => {
      if ('unknownName' in change) {
        return {
          query: queryString([...pairs, [change.unknownName, change.value]]),
          mutation: `query: unknown ${change.unknownName}`,
        };
      }
      const others = pairs.filter(([name]) => name !== change.parameter.name);
      const own = pairs.find(([name]) => name === change.parameter.name)?.[1] ?? '1';
      const mutation = `query: ${change.parameter.name} (${change.how})`;
      if (change.how === 'repeat')
        return {
          query: queryString([...pairs, [change.parameter.name, own], [change.parameter.name, change.bad]]),
          mutation,
        };
      if (change.how === 'drop' && change.parameter.required) return { query: queryString(others), mutation };
      return { query: queryString([...others, [change.parameter.name, change.bad]]), mutation };
    });
}
