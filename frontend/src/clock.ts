/** One shared ticking "now" for every countdown on the page. */
import { ref } from 'vue';

export const now = ref(Date.now());

let timer: ReturnType<typeof setInterval> | null = null;

export function startClock(intervalMs = 250): void {
  if (timer !== null) return;
  timer = setInterval(() => {
    now.value = Date.now();
  }, intervalMs);
}
