import { useEffect, type RefObject } from 'react';

/** Closes an open <details> menu on Escape or a click outside it. */
export function useDismiss(ref: RefObject<HTMLDetailsElement | null>): void {
  useEffect(() => {
    function onPointer(event: PointerEvent) {
      const element = ref.current;
      if (element?.open && !element.contains(event.target as Node)) element.open = false;
    }
    function onKey(event: KeyboardEvent) {
      const element = ref.current;
      if (event.key === 'Escape' && element?.open) {
        element.open = false;
        element.querySelector('summary')?.focus();
      }
    }
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [ref]);
}
