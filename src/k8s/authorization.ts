// The Authorizer port over the API: one authorization.k8s.io/v1 SubjectAccessReview per question, the
// user exactly as the admission request carried it; the answer is zod-checked.
import { z } from 'zod';
import type { AuthorizationDecision, Authorizer, ResourceAttributes, UserInfo } from '../admission/ports.js';
import type { KubeClient } from './client.js';

const subjectAccessReviewsPath = '/apis/authorization.k8s.io/v1/subjectaccessreviews';

const answerSchema = z.looseObject({
  apiVersion: z.literal('authorization.k8s.io/v1'),
  kind: z.literal('SubjectAccessReview'),
  status: z.looseObject({
    allowed: z.boolean(),
    denied: z.boolean().optional(),
    reason: z.string().optional(),
    evaluationError: z.string().optional(),
  }),
});

/** The SubjectAccessReview asking whether `user` may do `a`. */
export function subjectAccessReview(user: UserInfo, a: ResourceAttributes): unknown {
  const spec: Record<string, unknown> = {
    resourceAttributes: {
      namespace: a.namespace,
      verb: a.verb,
      group: a.group,
      resource: a.resource,
      subresource: a.subresource,
      name: a.name,
    },
    user: user.username,
  };
  if (user.groups !== undefined) spec['groups'] = user.groups;
  if (user.extra !== undefined) spec['extra'] = user.extra;
  if (user.uid !== undefined) spec['uid'] = user.uid;
  return { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec };
}

/** Asks the API server; rejects when it cannot be asked or answers with something else. */
export class SubjectAccessReviewAuthorizer implements Authorizer {
  constructor(private readonly client: KubeClient) {}

  async authorize(
    user: UserInfo,
    a: ResourceAttributes,
    signal?: AbortSignal,
  ): Promise<AuthorizationDecision> {
    const body = await this.client.post(
      subjectAccessReviewsPath,
      subjectAccessReview(user, a),
      { resource: 'subjectaccessreviews' },
      signal,
    );
    const r = answerSchema.safeParse(body);
    if (!r.success) {
      const issue = r.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      throw new Error(`invalid SubjectAccessReview answer: ${where}${issue?.message ?? 'invalid'}`);
    }
    const { allowed, reason } = r.data.status;
    return reason === undefined || reason === '' ? { allowed } : { allowed, reason };
  }
}
