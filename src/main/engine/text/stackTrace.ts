/**
 * Whether text holds a pasted stack trace: several frames, or an error line with at least one frame under it. One
 * error line alone ("TypeError: x is undefined") is an error report, not a trace.
 */

/** One frame of a trace, as the common runtimes print it. */
const FRAMES = [
  // JavaScript, Java, .NET: "at run (/app/sync.js:12:5)", "at com.acme.Sync.run(Sync.java:42)", "at X() in C:\a.cs:line 9"
  /^\s*at\s+\S.*(?:\.\w+:\d+|\((?:Native Method|Unknown Source|<anonymous>)\)|:line \d+)/,
  // Python: File "/app/sync.py", line 12, in run
  /^\s*File ".+", line \d+/,
  // Ruby: /app/sync.rb:12:in `run'
  /^\s*\S+\.\w+:\d+:in [`'‘]/,
  // Go: \t/app/sync.go:12 +0x1d
  /^\s+\S+\.go:\d+/,
  // PHP and native backtraces: #0 /var/www/sync.php(12): run()
  /^\s*#\d+\s+\S+/
]

/** A line that heads a trace: the error raised, or the runtime's own heading. */
const HEADING =
  /^\s*(?:Traceback \(most recent call last\)|Exception in thread|Caused by:|goroutine \d+ \[|panic:|(?:[\w$]+\.)*[\w$]*(?:Error|Exception)\b)/

/** Whether `text` holds a real, multi-line stack trace. */
export function isStackTrace(text: string): boolean {
  const lines = text.split(/\r?\n/)
  const frames = lines.filter((line) => FRAMES.some((frame) => frame.test(line))).length
  return frames >= 2 || (frames === 1 && lines.some((line) => HEADING.test(line)))
}
