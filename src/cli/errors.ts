// Error type for bad command-line input or unreadable input files: reported in one line, exit code 2.
export class CliUsageError extends Error {}
