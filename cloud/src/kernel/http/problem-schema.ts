import { z } from '@hono/zod-openapi';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z
      .string()
      .optional()
      .openapi({ description: 'a 500 only: the id in X-Request-Id and on the log line' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

/**
 * The one declaration of "this response is a problem" for OpenAPI route definitions (issue 9: it was declared
 * in nine route files). `problem('not found')` is a whole response; `...problemContent` adds the body to one.
 */
export const problemContent = { content: { 'application/problem+json': { schema: ProblemSchema } } };
export const problem = (description: string) => ({ description, ...problemContent });
