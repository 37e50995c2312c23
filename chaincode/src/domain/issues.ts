import type { z } from 'zod';

/**
 * The one wording of schema failures, for the chaincode, the gateway and configuration: `where.path: message`
 * per issue (at most `max`), joined with "; ", so a client can fix every problem at once.
 */
export function describeIssues(error: z.ZodError, where?: string, max = 10): string {
  return error.issues
    .slice(0, max)
    .map((issue) => {
      const at = [...(where === undefined ? [] : [where]), ...issue.path.map(String)].join('.');
      return at === '' ? issue.message : `${at}: ${issue.message}`;
    })
    .join('; ');
}
