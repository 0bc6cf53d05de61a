// Errors a ReviewHandler throws to make the webhook answer with an HTTP error instead of a review.

/**
 * The request body is JSON but not an AdmissionReview the webhook can answer (wrong kind or
 * apiVersion, no request). The server answers 400 with the message as plain text, as upstream's
 * HandleValidate does for bodies it cannot decode into a review.
 */
export class BadReviewError extends Error {
  override readonly name = 'BadReviewError';
}
