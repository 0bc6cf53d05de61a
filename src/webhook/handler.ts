// The webhook's review handler: AdmissionReview body in, response review out, through the admission
// layer; a body that is not a v1 AdmissionReview becomes a 400.
import type { Admission } from '../admission/admission.js';
import { handleReview, InvalidReviewError } from '../admission/review.js';
import { BadReviewError } from './errors.js';
import type { Logger } from './log.js';
import type { ReviewHandler } from './server.js';

export function admissionReviewHandler(admission: Admission, logger: Logger): ReviewHandler {
  return async (body, ctx) => {
    try {
      const out = await handleReview(admission, body, {
        // A getter: the request's AbortController is made only if something reads the signal.
        get signal() {
          return ctx.signal;
        },
        deadline: Number.isFinite(ctx.deadline) ? ctx.deadline : undefined,
      });
      logger.debug('reviewed request', { uid: out.response.uid, allowed: out.response.allowed });
      return out;
    } catch (err) {
      if (err instanceof InvalidReviewError) throw new BadReviewError(err.message);
      throw err;
    }
  };
}
