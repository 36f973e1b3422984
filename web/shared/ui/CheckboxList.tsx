// Choose some of a list (screens, groups): one labelled checkbox each.
export function CheckboxList({
  options,
  chosen,
  onChange,
  className = 'flex flex-col gap-1',
}: {
  options: { id: string; label: string }[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  className?: string;
}) {
  return (
    <ul className={className}>
      {options.map((o) => (
        <li key={o.id}>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={chosen.includes(o.id)}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((id) => id !== o.id))
              }
            />
            {o.label}
          </label>
        </li>
      ))}
    </ul>
  );
}
