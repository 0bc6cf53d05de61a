// The webhook's review handler: AdmissionReview body in, response review out, through the admission
// layer; a body that is not a v1 AdmissionReview becomes a 400.
import type { Admission } from '../admission/admission.js';
import type { RequestContext } from '../admission/ports.js';
import { handleReview, InvalidReviewError } from '../admission/review.js';
import { BadReviewError } from './errors.js';
import type { Logger } from './log.js';
import type { ReviewContext, ReviewHandler } from './server.js';

/** The webhook's context as admission takes it; reading the signal is what makes it (see LazyAbort). */
class AdmissionContext implements RequestContext {
  readonly deadline: number | undefined;

  constructor(private readonly ctx: ReviewContext) {
    this.deadline = Number.isFinite(ctx.deadline) ? ctx.deadline : undefined;
  }

  get signal(): AbortSignal {
    return this.ctx.signal;
  }
}

export function admissionReviewHandler(admission: Admission, logger: Logger): ReviewHandler {
  return async (body, ctx) => {
    try {
      const out = await handleReview(admission, body, new AdmissionContext(ctx));
      logger.debug('reviewed request', { uid: out.response.uid, allowed: out.response.allowed });
      return out;
    } catch (err) {
      if (err instanceof InvalidReviewError) throw new BadReviewError(err.message);
      throw err;
    }
  };
}
