/** Width of a progress bar in characters; ten makes each character a tenth. */
const barWidth = 10;

/**
 * Draws `done` of `total` as a text bar such as `██████░░░░`, which every platform shows the same
 * way. A bar is full only when `done` reaches `total`, so 19 of 20 minutes never looks complete.
 */
export function progressBar(done: number, total: number): string {
  const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = fraction >= 1 ? barWidth : Math.min(barWidth - 1, Math.floor(fraction * barWidth));
  return "█".repeat(filled) + "░".repeat(barWidth - filled);
}
