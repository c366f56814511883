import type { Hook } from '@hono/zod-openapi';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

/** Route-schema validation failures become a 400 problem listing each field (never the submitted values). */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const fields = result.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.join('.') || '(body)',
    message: issue.message,
    issue,
  }));
  throw AppError.invalidInput('Some fields are missing or invalid.', fields);
};
