import { useEffect, useState } from 'react';

// `value` once it has stopped changing for `ms`: a search box asks the server once the typing
// pauses, not once per key (the box itself still shows every key at once).
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
