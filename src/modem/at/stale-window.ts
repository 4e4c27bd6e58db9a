/**
 * After a timeout or abort the modem may still send that command's final result (or the OK
 * that answers an ESC). For `ms` after such a failure the next command waits, and one stray
 * final result closes the window early, so it is never taken for the next command's answer.
 */
export class StaleWindow {
  private closeFn: (() => void) | undefined;
  private pending: Promise<void> | undefined;

  /** Resolves when the window is closed (immediately if none is open). */
  get closed(): Promise<void> | undefined {
    return this.pending;
  }

  get isOpen(): boolean {
    return this.closeFn !== undefined;
  }

  open(ms: number): void {
    this.close();
    this.pending = new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.close(), ms);
      this.closeFn = () => {
        clearTimeout(timer);
        this.closeFn = undefined;
        this.pending = undefined;
        resolve();
      };
    });
  }

  close(): void {
    this.closeFn?.();
  }
}
