/**
 * A short two-tone beep for a new 一级 proposal. Browsers block audio until the person has interacted with the
 * page; then this stays silent rather than fail (the visible notification is the alert that always shows).
 */
export function beep(): void {
  try {
    const AudioContextClass = window.AudioContext;
    if (!AudioContextClass) return;
    const context = new AudioContextClass();
    const play = (frequency: number, at: number) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, context.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + at + 0.25);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + at);
      oscillator.stop(context.currentTime + at + 0.25);
    };
    const sound = () => {
      play(880, 0);
      play(660, 0.3);
      window.setTimeout(() => void context.close().catch(() => undefined), 1000);
    };
    if (context.state === 'suspended') {
      context.resume().then(sound, () => void context.close().catch(() => undefined));
    } else {
      sound();
    }
  } catch {
    // Audio not available or not allowed: the notification still shows.
  }
}
