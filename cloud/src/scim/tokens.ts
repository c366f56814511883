import { scimTokensTable } from '../db/index.js';
import { hashedTokenStore, type TokenCaller } from '../db/repos/hashed-tokens.js';

/** The bearer tokens of a municipality's identity provider (RFC 7644 §2). Used by: token-routes.ts, routes.ts. */
export const scimTokens = hashedTokenStore(scimTokensTable, 'svscim_');

export type ScimCaller = TokenCaller;
