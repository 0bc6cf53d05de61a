// Authorization answers stated in a file (`--authorization FILE` of review and serve without a cluster,
// the vectors' `authorization` field): who may update or patch pods/ephemeralcontainers, and where.
import { z } from 'zod';
import type { AuthorizationDecision, Authorizer, ResourceAttributes, UserInfo } from './ports.js';

const rule = z
  .strictObject({
    user: z.string().min(1).optional(),
    group: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
    pod: z.string().min(1).optional(),
    verbs: z
      .array(z.enum(['update', 'patch']))
      .min(1)
      .optional(),
  })
  .refine((r) => (r.user === undefined) !== (r.group === undefined), {
    message: 'exactly one of user and group must be set',
  });

/**
 * `allow`: rules, each naming a user or a group and optionally a namespace, a pod and the verbs (default
 * update and patch) on pods/ephemeralcontainers. `error`: every question fails with this text, as when
 * a SubjectAccessReview cannot be made.
 */
export const authorizationAnswersSchema = z.strictObject({
  allow: z.array(rule).default([]),
  error: z.string().min(1).optional(),
});

export type AuthorizationAnswers = z.infer<typeof authorizationAnswersSchema>;

/** Validates a parsed document as answers; the error is one line, `path: message` (the CLI prefixes the file). */
export function decodeAuthorizationAnswers(
  doc: unknown,
): { readonly answers: AuthorizationAnswers } | { readonly problem: string } {
  const r = authorizationAnswersSchema.safeParse(doc);
  if (r.success) return { answers: r.data };
  const issue = r.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return { problem: `${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid'}` };
}

/** Answers from stated rules; anything but update/patch on pods/ephemeralcontainers is not allowed. */
export class StaticAuthorizer implements Authorizer {
  constructor(private readonly answers: AuthorizationAnswers = { allow: [] }) {}

  authorize(user: UserInfo, a: ResourceAttributes): Promise<AuthorizationDecision> {
    if (this.answers.error !== undefined) return Promise.reject(new Error(this.answers.error));
    if (a.group !== '' || a.resource !== 'pods' || a.subresource !== 'ephemeralcontainers') {
      return Promise.resolve({ allowed: false });
    }
    const allowed = this.answers.allow.some(
      (r) =>
        (r.user === undefined || r.user === user.username) &&
        (r.group === undefined || (user.groups ?? []).includes(r.group)) &&
        (r.namespace === undefined || r.namespace === a.namespace) &&
        (r.pod === undefined || r.pod === a.name) &&
        (r.verbs ?? ['update', 'patch']).includes(a.verb as 'update'),
    );
    return Promise.resolve({ allowed });
  }
}
