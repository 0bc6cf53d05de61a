// A request's cancellation, made only when asked for: most reviews never wait on anything abortable,
// and an AbortController per request was 3 % of the server's time at saturation.

/** An AbortController made on the first read of `signal`; an abort before that is applied then. */
export class LazyAbort {
  private controller: AbortController | undefined;
  private reason: Error | undefined;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Like AbortController.abort: the first reason wins. */
  abort(reason: Error): void {
    if (this.controller !== undefined) this.controller.abort(reason);
    else this.reason ??= reason;
  }
}
