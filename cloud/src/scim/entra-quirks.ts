/**
 * Entra ID's provisioning service has documented deviations from RFC 7644 (Microsoft Learn, "Known issues
 * and resolutions with SCIM 2.0 protocol compliance"): it sends booleans as the strings "True"/"False" in
 * PATCH values, and group member values with `"$ref": null`. Normalise those before SCIMMY validates.
 */
export function normaliseEntraPatch(body: unknown): unknown {
  if (!isRecord(body) || !Array.isArray(body.Operations)) return body;
  return {
    ...body,
    Operations: body.Operations.map((op: unknown) => (isRecord(op) ? fixOperation(op) : op)),
  };
}

function fixOperation(op: Record<string, unknown>): Record<string, unknown> {
  const path = typeof op.path === 'string' ? op.path.toLowerCase() : undefined;
  let value = op.value;
  if (path === 'active') value = asBoolean(value);
  else if (path === undefined && isRecord(value) && 'active' in value)
    value = { ...value, active: asBoolean(value.active) };
  if (Array.isArray(value)) value = value.map((v: unknown) => (isRecord(v) ? dropNullRef(v) : v));
  return { ...op, value };
}

function asBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}

function dropNullRef(v: Record<string, unknown>): Record<string, unknown> {
  if (v.$ref !== null) return v;
  const { $ref: _ignored, ...rest } = v;
  return rest;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
