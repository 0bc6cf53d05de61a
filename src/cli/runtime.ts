// The Node flags `serve` ships with (the image's ENTRYPOINT; `make bench` starts the server with
// them): a 4 MiB semi-space keeps V8's young generation at 8 MiB instead of up to 32 MiB, about
// 30 MiB less resident memory under load at no measured throughput cost (bench/README.md).
export const serveNodeFlags: readonly string[] = Object.freeze(['--max-semi-space-size=4']);
