import { z } from 'zod';

/**
 * The citizen's service case as a typed table (issue 13 §3; style.md item 5; seed 003, the Norwegian national
 * service model: refer → assess and assign → adapt and install → respond → evaluate and end).
 *
 *   referred ─assess─▶ assessed ─assign─▶ assigned ─install─▶ installed ─evaluate─▶ following_up ⟲ evaluate
 *   every stage but ended ──end(reason)──▶ ended
 *
 * Free text is not allowed anywhere here (minimum data, issue 13 §5): reasons and answers are enums.
 */
export const STAGES = ['referred', 'assessed', 'assigned', 'installed', 'following_up', 'ended'] as const;
export type Stage = (typeof STAGES)[number];

export const CaseEvent = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('assess'),
      scenario: z.enum(['home_care', 'home_guidance', 'facility']),
      deviceChoice: z.enum(['loan_kiosk', 'own_device']),
    })
    .strict(),
  z.object({ type: z.literal('assign'), unitId: z.uuid() }).strict(),
  z.object({ type: z.literal('install'), deviceId: z.uuid().nullable() }).strict(),
  z
    .object({
      type: z.literal('evaluate'),
      used: z.boolean(),
      helps: z.boolean(),
      decision: z.enum(['continue', 'change', 'end']),
    })
    .strict(),
  z
    .object({
      type: z.literal('end'),
      reason: z.enum(['evaluation', 'not_needed', 'declined', 'moved', 'deceased', 'other']),
    })
    .strict(),
]);
export type CaseEvent = z.infer<typeof CaseEvent>;
export type CaseEventType = CaseEvent['type'];

const OPEN: readonly Stage[] = ['referred', 'assessed', 'assigned', 'installed', 'following_up'];

export const CASE_TRANSITIONS: {
  readonly [E in CaseEventType]: { readonly from: readonly Stage[]; readonly to: Stage };
} = {
  assess: { from: ['referred'], to: 'assessed' },
  assign: { from: ['assessed'], to: 'assigned' },
  install: { from: ['assigned'], to: 'installed' },
  evaluate: { from: ['installed', 'following_up'], to: 'following_up' },
  end: { from: OPEN, to: 'ended' },
};

export type CaseStep = { ok: true; to: Stage } | { ok: false; why: string };

export function nextStage(stage: Stage, event: CaseEvent): CaseStep {
  const rule = CASE_TRANSITIONS[event.type];
  if (!rule.from.includes(stage)) return { ok: false, why: `${event.type} is not allowed from ${stage}` };
  return { ok: true, to: rule.to };
}
