import { alertTokensTable } from '../db/index.js';
import { hashedTokenStore } from '../db/repos/hashed-tokens.js';

/**
 * Read-only tokens an on-call system polls `GET /api/alerts` with (issue 12 §3). The `svalert_` prefix tells
 * one from a SCIM token, so a SCIM token is never looked up here. Used by: token-routes.ts, routes.ts.
 */
export const alertTokens = hashedTokenStore(alertTokensTable, 'svalert_');
