import type { $ZodRawIssue } from 'zod/v4/core';
import { da as zodDa, en as zodEn } from 'zod/v4/locales';
import type { FieldProblem } from '../../errors.js';
import { problemLanguage, translateProblem } from './index.js';

const zodDanish = zodDa();
const zodEnglish = zodEn();

/**
 * A field message in Danish: our own messages from the catalogue; zod's built-in ones (the message equals
 * what zod's English locale says for the issue) from zod's Danish locale.
 */
function fieldMessage(field: FieldProblem): string {
  const ours = translateProblem(field.message, 'da');
  if (ours !== field.message || !field.issue) return ours;
  const issue = field.issue as $ZodRawIssue;
  const english = zodEnglish.localeError(issue);
  const englishText = typeof english === 'string' ? english : english?.message;
  if (englishText !== field.message) return field.message;
  const danish = zodDanish.localeError(issue);
  return (typeof danish === 'string' ? danish : danish?.message) ?? field.message;
}

/** The problem's title, detail and field messages in the language the request asked for (Danish or English). */
export function localiseProblem<
  P extends {
    title: string;
    detail?: string;
    errors?: readonly { path: string; message: string }[];
    language?: 'da' | 'en';
  },
>(problem: P, fields: readonly FieldProblem[] | undefined, acceptLanguage: string | undefined): P {
  const language = problemLanguage(acceptLanguage);
  if (language === 'en') return { ...problem, language };
  return {
    ...problem,
    language,
    title: translateProblem(problem.title, 'da'),
    ...(problem.detail === undefined ? {} : { detail: translateProblem(problem.detail, 'da') }),
    ...(fields ? { errors: fields.map((f) => ({ path: f.path, message: fieldMessage(f) })) } : {}),
  };
}
